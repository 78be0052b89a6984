package io.presenced.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an asynchronous operation in a fixed number of chains (each starts its next operation when the last one
 * completes, as a wrk connection does) through a warm-up and then a measured window. Operations that complete
 * inside the window count towards throughput and latency; chains stop at the end of the window. Errors count
 * whenever they happen.
 */
final class ClosedLoop {

    /** One operation; {@code chain} is the chain's number and {@code n} counts its operations from 0. */
    interface Op {
        CompletableFuture<?> start(int chain, long n);
    }

    /** What the measured window saw. */
    record Outcome(long ops, long errors, double seconds, Histogram latency, String firstError) {
        double rate() {
            return ops / seconds;
        }
    }

    private static final long GRACE_SECONDS = 30;

    private ClosedLoop() {
    }

    static Outcome run(int concurrency, double warmupSeconds, double durationSeconds, Op op)
            throws InterruptedException {
        long start = System.nanoTime();
        long from = start + (long) (warmupSeconds * 1e9);
        long until = from + (long) (durationSeconds * 1e9);
        Histogram latency = new Histogram();
        AtomicLong ops = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int c = 0; c < concurrency; c++) {
            new Chain(c, op, from, until, latency, ops, errors, firstError, done).next();
        }
        long waitNanos = until - System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
        if (!done.await(waitNanos, TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException(done.getCount() + " of " + concurrency + " chains still running "
                    + GRACE_SECONDS + "s after the end");
        }
        return new Outcome(ops.get(), errors.get(), durationSeconds, latency, firstError.get());
    }

    private static final class Chain {
        private final int id;
        private final Op op;
        private final long from;
        private final long until;
        private final Histogram latency;
        private final AtomicLong ops;
        private final AtomicLong errors;
        private final AtomicReference<String> firstError;
        private final CountDownLatch done;
        private long n;

        Chain(int id, Op op, long from, long until, Histogram latency, AtomicLong ops, AtomicLong errors,
              AtomicReference<String> firstError, CountDownLatch done) {
            this.id = id;
            this.op = op;
            this.from = from;
            this.until = until;
            this.latency = latency;
            this.ops = ops;
            this.errors = errors;
            this.firstError = firstError;
            this.done = done;
        }

        void next() {
            long sent = System.nanoTime();
            if (sent >= until) {
                done.countDown();
                return;
            }
            CompletableFuture<?> f;
            try {
                f = op.start(id, n++);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((v, e) -> {
                long now = System.nanoTime();
                if (e != null) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, String.valueOf(e));
                } else if (now >= from && now < until) {
                    ops.incrementAndGet();
                    latency.record(now - sent);
                }
                next();
            });
        }
    }
}
