package io.playbench.inference;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A small fixed set of daemon helper threads owned by one policy. {@link #wake} hands every helper the task with its
 * own part number ({@code 1..parts-1}; the caller is part 0) and returns at once: the task claims blocks of rows from a
 * shared counter, so the caller never waits for a helper that the OS has not scheduled yet (on a busy machine it just
 * does that helper's share itself) and waits only for blocks already claimed. Helpers spin briefly for the next call
 * (play loops call back within microseconds) and then park, so an idle pool costs no CPU. Nothing is allocated per call.
 */
final class RowPool implements AutoCloseable {

    private static final long SPIN_NANOS = 50_000;

    private final Thread[] workers;
    private volatile int epoch;
    private volatile boolean closed;
    private volatile IntConsumer task;

    RowPool(int parts, String name) {
        workers = new Thread[parts - 1];
        for (int w = 0; w < workers.length; w++) {
            int part = w + 1;
            workers[w] = Thread.ofPlatform().daemon().name(name + "-" + part).unstarted(() -> workerLoop(part));
            workers[w].start();
        }
    }

    int parts() {
        return workers.length + 1;
    }

    /** Lets every helper run {@code task.accept(part)} once more; returns immediately. */
    void wake(IntConsumer task) {
        this.task = task;
        epoch = epoch + 1; // only the owning thread writes epoch
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }

    private void workerLoop(int part) {
        int seen = 0;
        while (true) {
            long start = 0;
            int spins = 0;
            int e;
            while ((e = epoch) == seen) {
                if (closed) {
                    return;
                }
                if ((++spins & 63) != 0) {
                    Thread.onSpinWait();
                } else if (start == 0) {
                    start = System.nanoTime();
                } else if (System.nanoTime() - start > SPIN_NANOS) {
                    LockSupport.park(this);
                }
            }
            seen = e;
            task.accept(part); // the task records its own failures
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        for (Thread w : workers) {
            try {
                w.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
