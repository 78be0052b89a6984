package io.presenced.client;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets at most one client status write per user through per interval; calls within the interval succeed without a
 * write. Remembers only users written within the last interval. Thread-safe.
 */
final class StatusThrottle {

    private final long intervalNanos;
    private final ConcurrentHashMap<String, Long> lastWrite = new ConcurrentHashMap<>();

    StatusThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Returns whether a write for {@code user} is due now, and if so counts it as done. */
    boolean tryAcquire(String user) {
        long now = System.nanoTime();
        boolean[] due = {false};
        lastWrite.compute(user, (u, last) -> {
            if (last == null || now - last >= intervalNanos) {
                due[0] = true;
                return now;
            }
            return last;
        });
        return due[0];
    }

    /** Forgets users whose interval has passed. */
    void prune() {
        long now = System.nanoTime();
        lastWrite.values().removeIf(last -> now - last >= intervalNanos);
    }
}
