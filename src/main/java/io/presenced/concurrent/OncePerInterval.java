package io.presenced.concurrent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Lets each key through at most once per interval: a per-user write throttle. Remembers a key until
 * {@link #prune} forgets it, so memory follows the keys seen lately. Thread-safe.
 */
public final class OncePerInterval {

    private final long interval;
    private final LongSupplier now;
    private final ConcurrentHashMap<String, Long> last = new ConcurrentHashMap<>();

    /**
     * Creates the throttle.
     *
     * @param interval the least time between two passes of one key, in the unit of {@code now}
     * @param now      the clock
     */
    public OncePerInterval(long interval, LongSupplier now) {
        this.interval = interval;
        this.now = now;
    }

    /** Returns whether {@code key} may pass now (first seen, or last passed an interval ago or more); counts it. */
    public boolean tryAcquire(String key) {
        long at = now.getAsLong();
        boolean[] due = {false};
        last.compute(key, (k, previous) -> {
            if (previous == null || at - previous >= interval) {
                due[0] = true;
                return at;
            }
            return previous;
        });
        return due[0];
    }

    /** Forgets the keys that last passed {@code intervals} intervals ago or more. */
    public void prune(int intervals) {
        long at = now.getAsLong();
        last.values().removeIf(previous -> at - previous >= intervals * interval);
    }
}
