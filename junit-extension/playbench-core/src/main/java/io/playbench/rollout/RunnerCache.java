package io.playbench.rollout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
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
     * A cache in memory, closed by its owner. Values of different keys are created concurrently (compiling the policy
     * of one GPU does not hold up a run on another); a value is created once per key.
     *
     * @return a new, empty cache
     */
    static RunnerCache inMemory() {
        return new RunnerCache() {
            private final Map<String, Object> slots = new HashMap<>();
            private final List<AutoCloseable> created = new ArrayList<>();

            @Override
            public <T extends AutoCloseable> T computeIfAbsent(String key, Class<T> type, Supplier<T> factory) {
                Object slot;
                synchronized (this) {
                    slot = slots.computeIfAbsent(key, k -> new Object[1]);
                }
                Object[] holder = (Object[]) slot;
                synchronized (holder) {
                    if (holder[0] == null) {
                        T value = factory.get();
                        holder[0] = value;
                        synchronized (this) {
                            created.add(value);
                        }
                    }
                    return type.cast(holder[0]);
                }
            }

            @Override
            public synchronized void close() {
                RuntimeException failure = null;
                var list = new ArrayList<>(created);
                Collections.reverse(list);
                created.clear();
                slots.clear();
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
