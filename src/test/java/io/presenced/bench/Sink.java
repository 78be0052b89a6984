package io.presenced.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook receiver for scenarios driven by wrk ({@code presence-churn}, {@code memory}): it accepts every event,
 * counts those arriving between {@code --skip} and {@code --skip + --duration} seconds after it started, and exits
 * {@code --linger} seconds later with one result line.
 */
final class Sink {

    private Sink() {
    }

    static void run(Args args) throws Exception {
        double skip = args.decimal("skip", 0);
        double duration = args.decimal("duration", 10);
        double linger = args.decimal("linger", 2);
        long start = System.nanoTime();
        long from = start + (long) (skip * 1e9);
        long until = from + (long) (duration * 1e9);
        AtomicLong inWindow = new AtomicLong();
        AtomicLong total = new AtomicLong();
        try (EventReceiver r = EventReceiver.start(args.integer("port", 0), (channel, type, arrived) -> {
            total.incrementAndGet();
            if (arrived >= from && arrived < until) {
                inWindow.incrementAndGet();
            }
        })) {
            System.out.println("READY");
            System.out.flush();
            Thread.sleep((long) ((skip + duration + linger) * 1000));
        }
        Result.of("sink").put("events_per_s", inWindow.get() / duration).put("events", total.get()).print();
    }
}
