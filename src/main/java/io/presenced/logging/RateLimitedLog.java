package io.presenced.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Warns at most once per interval, counting what it held back, so that an outage affecting every request, or a
 * client or receiver that keeps misbehaving, cannot flood the log with one line per occurrence.
 *
 * <p>Thread-safe and lock-free.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    /** Creates a log that writes to {@code log} at most once per {@code interval}. */
    public RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Logs {@code [prefix] message} at WARN, unless a line was written less than an interval ago; then only counts
     * it, and the next line written says how many were held back.
     */
    public void warn(String prefix, String message) {
        long now = System.nanoTime();
        long next = nextNanos.get();
        if (now - next >= 0 && nextNanos.compareAndSet(next, now + intervalNanos)) {
            long held = suppressed.getAndSet(0);
            if (held > 0) {
                log.warn("[{}] {} ({} similar lines in the last {} s not logged)", prefix, message, held,
                        Math.max(1, intervalNanos / 1_000_000_000L));
            } else {
                log.warn("[{}] {}", prefix, message);
            }
        } else {
            suppressed.incrementAndGet();
        }
    }
}
