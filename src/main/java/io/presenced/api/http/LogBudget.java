package io.presenced.api.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Allows one log line per interval, for lines a client can cause. Thread-safe.
 */
final class LogBudget {

    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong(System.nanoTime());

    LogBudget(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Returns whether a line may be logged now; at most once per interval it does. */
    boolean tryAcquire() {
        long now = System.nanoTime();
        long n = next.get();
        return now - n >= 0 && next.compareAndSet(n, now + intervalNanos);
    }
}
