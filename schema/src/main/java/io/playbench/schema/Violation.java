package io.playbench.schema;

/**
 * One rule of the bundle schema that a document breaks.
 *
 * @param pointer the JSON pointer of the offending value ({@code ""} for the document itself), e.g. {@code /run/status}
 * @param keyword the schema rule broken, e.g. {@code enum}, {@code required}, {@code type}
 * @param message a sentence saying what is wrong
 */
public record Violation(String pointer, String keyword, String message) {

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + " [" + keyword + "]: " + message;
    }
}
