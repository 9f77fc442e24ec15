package io.playbench.torch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Python {@code dict} or {@code collections.OrderedDict} read from a pickle; keys keep their pickled order.
 *
 * <p>Keys are {@link String}, {@link Long}, {@link Boolean}, {@link PyTuple} or {@code null} as pickled. An
 * {@code OrderedDict} that was {@code BUILD}-ed with attributes (a {@code state_dict()} carries {@code _metadata})
 * keeps them in {@link #attributes()}.
 */
public final class PyDict extends LinkedHashMap<Object, Object> {

    private static final long serialVersionUID = 1L;

    private final boolean ordered;
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    PyDict(boolean ordered) {
        this.ordered = ordered;
    }

    /** Whether the pickled object was a {@code collections.OrderedDict} (a PyTorch state dict) rather than a {@code dict}. */
    public boolean isOrderedDict() {
        return ordered;
    }

    /** Attributes set on the dict object itself, e.g. {@code _metadata} of a state dict; empty for plain dicts. */
    public Map<String, Object> attributes() {
        return attributes;
    }
}
