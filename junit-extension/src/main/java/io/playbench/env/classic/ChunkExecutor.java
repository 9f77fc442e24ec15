package io.playbench.env.classic;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs chunk {@code 0} on the calling thread and chunks {@code 1..k-1} on a fixed set of daemon threads, then waits for
 * all of them. {@link #run()} allocates nothing. Workers spin briefly, then park.
 */
final class ChunkExecutor implements AutoCloseable {

    private static final int SPINS = 20_000;

    private final IntConsumer task;
    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Throwable failure;

    ChunkExecutor(String name, int chunks, IntConsumer task) {
        this.task = task;
        this.workers = new Thread[chunks - 1];
        for (int w = 0; w < workers.length; w++) {
            int chunk = w + 1;
            Thread t = new Thread(() -> work(chunk), name + "-" + chunk);
            t.setDaemon(true);
            workers[w] = t;
            t.start();
        }
    }

    int chunks() {
        return workers.length + 1;
    }

    void run() {
        if (closed) {
            throw new IllegalStateException("This environment is closed; make a new one with Tasks.make.");
        }
        caller = Thread.currentThread();
        pending.set(workers.length);
        generation = generation + 1;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        Throwable own = null;
        try {
            task.accept(0);
        } catch (Throwable t) {
            own = t;
        }
        int spins = 0;
        while (pending.get() != 0) {
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        Throwable f = own != null ? own : failure;
        failure = null;
        if (f instanceof RuntimeException e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    private void work(int chunk) {
        int seen = 0;
        while (true) {
            int spins = 0;
            int g;
            while ((g = generation) == seen && !closed) {
                if (spins < SPINS) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = g;
            try {
                task.accept(chunk);
            } catch (Throwable t) {
                failure = t;
            }
            if (pending.decrementAndGet() == 0) {
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
    }
}
