package io.presenced.api;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Warns at most once per interval, counting what it held back, so that an outage affecting every request does
 * not flood the log with one line per request.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    void warn(String method, String message) {
        long now = System.nanoTime();
        long next = nextNanos.get();
        if (now - next >= 0 && nextNanos.compareAndSet(next, now + intervalNanos)) {
            long held = suppressed.getAndSet(0);
            if (held > 0) {
                log.warn("[{}] {} ({} similar failures in the last {} s not logged)", method, message, held,
                        intervalNanos / 1_000_000_000L);
            } else {
                log.warn("[{}] {}", method, message);
            }
        } else {
            suppressed.incrementAndGet();
        }
    }
}
