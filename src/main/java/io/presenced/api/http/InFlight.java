package io.presenced.api.http;

import java.util.concurrent.TimeUnit;

/**
 * Counts requests that have arrived and not yet been answered, so that shutdown can wait for them.
 */
final class InFlight {

    private final Object lock = new Object();
    private int count;

    void begin() {
        synchronized (lock) {
            count++;
        }
    }

    void end() {
        synchronized (lock) {
            if (--count == 0) {
                lock.notifyAll();
            }
        }
    }

    int count() {
        synchronized (lock) {
            return count;
        }
    }

    /** Waits until no request is in flight or the timeout passes; returns whether it drained. */
    boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (count > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }
}
