package io.playbench.schema;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a document is not a valid PlayBundle; lists each broken rule with its JSON pointer. */
public class InvalidBundleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    /**
     * Creates the exception.
     *
     * @param source what was read (a file name or "document")
     * @param violations the broken rules, at least one
     */
    public InvalidBundleException(String source, List<Violation> violations) {
        super(source + " is not a valid PlayBundle (" + PlayBundle.SCHEMA_VERSION + "): " + violations.size()
                + " problem(s)\n" + violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n")));
        this.violations = List.copyOf(violations);
    }

    /**
     * The broken rules.
     *
     * @return each violation, in document order where the validator reports it so
     */
    public List<Violation> violations() {
        return violations;
    }
}
