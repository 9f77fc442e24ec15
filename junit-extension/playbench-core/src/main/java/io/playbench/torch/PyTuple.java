package io.playbench.torch;

import java.util.List;

/**
 * A Python {@code tuple} read from a pickle (lists are {@link java.util.List}s, tuples are this type).
 *
 * @param items the elements, in order
 */
public record PyTuple(List<Object> items) {

    /** Copies the items into an unmodifiable list that allows {@code null} (Python {@code None}). */
    public PyTuple {
        items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
    }

    /** The number of elements. */
    public int size() {
        return items.size();
    }

    /** Element {@code i}. */
    public Object get(int i) {
        return items.get(i);
    }

    /** Python-like, e.g. {@code (1, 2)} or {@code (1,)}; bounded in depth and length, so cycles and deep nesting are safe. */
    @Override
    public String toString() {
        return PickleTree.repr(this);
    }
}
