package io.presenced.api.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netty.channel.Channel;

/**
 * Counts the listener's connections and keeps their number under the cap. Thread-safe.
 */
final class HttpConnections {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder timedOut = new LongAdder();

    HttpConnections(int max) {
        this.max = max;
    }

    /**
     * Admits {@code ch} when fewer than the cap are open, and counts it until it closes; otherwise counts a
     * rejection and returns {@code false}, and the caller closes it.
     */
    boolean admit(Channel ch) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            rejected.increment();
            return false;
        }
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        return true;
    }

    void timedOut() {
        timedOut.increment();
    }

    int open() {
        return open.get();
    }

    long rejected() {
        return rejected.sum();
    }

    long timedOutCount() {
        return timedOut.sum();
    }
}
