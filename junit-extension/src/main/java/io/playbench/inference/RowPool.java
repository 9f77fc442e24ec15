package io.playbench.inference;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A small fixed pool that runs one task on {@code parts} parts at once: the caller runs part 0, one daemon worker per
 * further part runs the others. Workers spin briefly for the next call (play loops call back within microseconds)
 * and then park, so an idle pool costs no CPU. Nothing is allocated per call.
 */
final class RowPool implements AutoCloseable {

    private static final long SPIN_NANOS = 50_000;

    private final Thread[] workers;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile int epoch;
    private volatile boolean closed;
    private volatile IntConsumer task;
    private volatile Thread caller;
    private volatile Throwable failure;

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

    /** Runs {@code task.accept(p)} for every part {@code p} and returns when all are done, rethrowing a failure. */
    void run(IntConsumer task) {
        this.task = task;
        this.caller = Thread.currentThread();
        this.failure = null;
        remaining.set(workers.length);
        epoch = epoch + 1; // only the calling thread writes epoch
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        Throwable own = null;
        try {
            task.accept(0);
        } catch (Throwable t) {
            own = t;
        }
        long start = 0;
        int spins = 0;
        while (remaining.get() != 0) {
            if ((++spins & 63) != 0) {
                Thread.onSpinWait();
            } else if (start == 0) {
                start = System.nanoTime();
            } else if (System.nanoTime() - start > SPIN_NANOS) {
                LockSupport.parkNanos(this, 100_000);
            }
        }
        Throwable t = own != null ? own : failure;
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
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
            try {
                task.accept(part);
            } catch (Throwable t) {
                failure = t;
            }
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
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
