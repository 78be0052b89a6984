package io.presenced.state;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt {@code n} waits a random time between half and all of
 * {@code min * 2^(n-1)}, capped at {@code max}.
 */
final class Backoff {

    private final long minMillis;
    private final long maxMillis;

    Backoff(Duration min, Duration max) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
    }

    long delayMillis(int attempt) {
        long ceiling = minMillis << Math.min(Math.max(attempt - 1, 0), 30);
        ceiling = Math.min(Math.max(ceiling, minMillis), maxMillis);
        long floor = Math.max(minMillis, ceiling / 2);
        return floor >= ceiling ? ceiling : ThreadLocalRandom.current().nextLong(floor, ceiling + 1);
    }
}
