package io.playbench.rollout;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a {@link PlayRunner} keeps expensive objects (environments, compiled policies) between runs, keyed by what
 * makes them equal. The cache owns what it holds and closes it when it is closed; the JUnit extension backs it with
 * the root {@code ExtensionContext.Store}, so a whole test run shares one environment per task, size and device.
 */
public interface RunnerCache extends AutoCloseable {

    /**
     * Returns the value under {@code key}, creating it once.
     *
     * @param key what makes two values equal
     * @param type the value type
     * @param factory creates the value
     * @param <T> the value type
     * @return the value, owned by the cache
     */
    <T extends AutoCloseable> T computeIfAbsent(String key, Class<T> type, Supplier<T> factory);

    /** Closes every value, newest first. */
    @Override
    void close();

    /**
     * A cache in memory, closed by its owner.
     *
     * @return a new, empty cache
     */
    static RunnerCache inMemory() {
        return new RunnerCache() {
            private final Map<String, AutoCloseable> values = new LinkedHashMap<>();

            @Override
            public synchronized <T extends AutoCloseable> T computeIfAbsent(String key, Class<T> type, Supplier<T> factory) {
                AutoCloseable value = values.get(key);
                if (value == null) {
                    value = factory.get();
                    values.put(key, value);
                }
                return type.cast(value);
            }

            @Override
            public synchronized void close() {
                RuntimeException failure = null;
                var list = new java.util.ArrayList<>(values.values());
                java.util.Collections.reverse(list);
                values.clear();
                for (AutoCloseable c : list) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        if (failure == null) {
                            failure = new IllegalStateException("closing a cached benchmark resource failed: " + e, e);
                        } else {
                            failure.addSuppressed(e);
                        }
                    }
                }
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }
}
