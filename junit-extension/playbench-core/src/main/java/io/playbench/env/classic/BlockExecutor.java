package io.playbench.env.classic;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs a task over blocks {@code 0..blocks-1} on the calling thread and a fixed set of daemon worker threads, which
 * claim blocks one at a time from a shared counter; {@link #run()} returns when every block is done and allocates
 * nothing.
 *
 * <p>Claiming blocks dynamically (rather than giving each thread a fixed chunk) keeps a step from waiting for a worker
 * that the operating system has not scheduled: the caller then simply does more of the blocks itself. Workers spin
 * briefly for the next step, then park.
 */
final class BlockExecutor implements AutoCloseable {

    private static final int SPINS = 20_000;
    /**
     * How long an idle worker spins before parking: short, because in a play loop the next step comes only after the
     * policy's inference, and a spinning worker would take a core from the inference threads meanwhile.
     */
    private static final int WORKER_SPINS = 1_000;

    private final IntConsumer task;
    private final int blocks;
    private final Thread[] workers;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Throwable failure;

    BlockExecutor(String name, int workerCount, int blocks, IntConsumer task) {
        this.task = task;
        this.blocks = blocks;
        this.next.set(blocks);
        this.finished.set(blocks);
        this.workers = new Thread[workerCount];
        for (int w = 0; w < workerCount; w++) {
            Thread t = new Thread(this::work, name + "-" + (w + 1));
            t.setDaemon(true);
            workers[w] = t;
            t.start();
        }
    }

    int threads() {
        return workers.length + 1;
    }

    void run() {
        if (closed) {
            throw new IllegalStateException("This environment is closed; make a new one with Tasks.make.");
        }
        caller = Thread.currentThread();
        finished.set(0);
        next.set(0); // publishes the step's inputs to workers that claim through 'next'
        generation = generation + 1;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        Throwable own = null;
        try {
            drain();
        } catch (Throwable t) {
            own = t;
        }
        int spins = 0;
        while (finished.get() < blocks) {
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 50_000L);
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

    /** Claims and runs blocks until none is left. */
    private void drain() {
        int b;
        while ((b = next.getAndIncrement()) < blocks) {
            try {
                task.accept(b);
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (finished.incrementAndGet() == blocks) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    private void work() {
        int seen = 0;
        while (true) {
            int spins = 0;
            int g;
            while ((g = generation) == seen && !closed) {
                if (spins < WORKER_SPINS) {
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
            drain();
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
