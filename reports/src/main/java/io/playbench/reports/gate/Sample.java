package io.playbench.reports.gate;

import io.playbench.schema.PlayBundle;

/**
 * A bundle given to the gate, with where it came from.
 *
 * @param origin the history run id or the file it was read from
 * @param bundle the bundle
 * @since 0.1.0
 */
public record Sample(String origin, PlayBundle bundle) {}
