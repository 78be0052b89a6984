package io.presenced.testing.redis;

import java.time.Duration;
import java.util.concurrent.Callable;

/** A polling loop with a deadline; the launchers' only way of waiting for Redis. */
final class Poll {

    static final Duration INTERVAL = Duration.ofMillis(50);

    private Poll() {
    }

    /**
     * Calls probe every {@link #INTERVAL} until it returns a non-null value, and returns that value. A probe signals
     * "not yet" by returning null or throwing; the last such exception's message goes into the timeout error.
     *
     * @throws IllegalStateException when timeout passes first, naming what was awaited and the last failure
     */
    static <T> T until(String what, Duration timeout, Callable<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                IllegalStateException timeoutError = new IllegalStateException("timed out after " + timeout
                        + " waiting for " + what
                        + (lastFailure == null ? "" : " (last check: " + lastFailure.getMessage() + ")"));
                if (lastFailure != null) {
                    timeoutError.addSuppressed(lastFailure);
                }
                throw timeoutError;
            }
            pause(INTERVAL);
        }
    }

    /** Throws an exception saying what is not ready yet unless condition holds; for use inside a probe. */
    static void check(boolean condition, String notYet) {
        if (!condition) {
            throw new IllegalStateException(notYet);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis", e);
        }
    }
}
