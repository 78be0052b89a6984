package io.presenced.bench;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario {@code state-events}: channels churning with state events on, each a fresh channel that one client
 * joins and then leaves, with the webhook receiver in this process. Two phases:
 *
 * <ol>
 *   <li>capacity: {@code --workers} closed-loop chains churn as fast as they can; reports the events/s delivered
 *       to the receiver while they run;
 *   <li>latency: an open loop at {@code --rate} channels/s (default: half the capacity phase's rate) for
 *       {@code --duration}; reports join-to-occupied latency (join sent to event received) and how far each
 *       vacated event lands from its due time, |arrival - (leave sent + vacate delay)|.
 * </ol>
 */
final class StateEvents {

    private static final String CAPACITY = "chat:sc-";
    private static final String PACED = "chat:sl-";
    private static final int MAX_IN_FLIGHT = 2_000;
    private static final int PACED_THREADS = 32;

    private final ApiHttp api;
    private final long delayNanos;
    private final Map<String, Long> joinSent = new ConcurrentHashMap<>();
    private final Map<String, Long> leaveSent = new ConcurrentHashMap<>();
    private final Histogram saturatedOccupied = new Histogram();
    private final Histogram occupied = new Histogram();
    private final Histogram vacated = new Histogram();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile long countFrom = Long.MAX_VALUE;
    private volatile long countUntil = Long.MAX_VALUE;

    private StateEvents(ApiHttp api, long delayMillis) {
        this.api = api;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    }

    static void run(Args args) throws Exception {
        int workers = args.integer("workers", 16);
        try (ApiHttp api = new ApiHttp(args.string("url"), args.string("key"), Math.max(workers, PACED_THREADS))) {
            StateEvents s = new StateEvents(api, args.integer("delay-ms", 1000));
            try (EventReceiver r = EventReceiver.start(args.integer("port", 0), s::event)) {
                s.measure(args, workers);
            }
        }
    }

    private void measure(Args args, int workers) throws Exception {
        double warmup = args.decimal("warmup", 3);
        double duration = args.decimal("duration", 10);
        long start = System.nanoTime();
        countFrom = start + (long) (warmup * 1e9);
        countUntil = countFrom + (long) (duration * 1e9);
        ClosedLoop.Outcome churn = ClosedLoop.run(workers, warmup, duration,
                (chain, n) -> n % 2 == 0 ? join(CAPACITY + chain + "-" + n) : leave(CAPACITY + chain + "-" + (n - 1)));
        double capacityEvents = delivered.get() / duration;
        double cycles = churn.rate() / 2;
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(delayNanos) + 500);

        double rate = args.decimal("rate", 0) > 0 ? args.decimal("rate", 0) : Math.max(1, cycles / 2);
        Paced paced = paced(rate, duration);
        long drainUntil = System.nanoTime() + delayNanos + TimeUnit.SECONDS.toNanos(3);
        while (received.get() < 2 * paced.completed && System.nanoTime() < drainUntil) {
            Thread.sleep(20);
        }
        Result.of("state-events")
                .put("capacity_events_per_s", capacityEvents).put("capacity_channels_per_s", cycles)
                .latency("capacity_occupied_", saturatedOccupied)
                .put("rate_channels_per_s", rate).put("events_per_s", received.get() / duration)
                .latency("occupied_", occupied).latency("vacated_dev_", vacated)
                .put("expected", 2 * paced.completed).put("received", received.get())
                .put("skipped", paced.skipped).put("errors", churn.errors() + paced.errors).print();
        if (churn.firstError() != null) {
            System.err.println("first error: " + churn.firstError());
        }
    }

    private record Paced(long completed, long skipped, long errors) {
    }

    // Starts cycles on a 1ms tick, as many as are due, so the offered rate does not depend on response times.
    private Paced paced(double rate, double duration) throws Exception {
        AtomicLong inFlight = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long skipped = 0;
        long start = System.nanoTime();
        long end = start + (long) (duration * 1e9);
        long issued = 0;
        for (long now = start; now < end; now = System.nanoTime()) {
            long due = (long) ((now - start) / 1e9 * rate);
            for (; issued < due; issued++) {
                if (inFlight.get() >= MAX_IN_FLIGHT) {
                    skipped++;
                    continue;
                }
                inFlight.incrementAndGet();
                String channel = PACED + issued;
                join(channel).thenCompose(x -> leave(channel)).whenComplete((x, e) -> {
                    inFlight.decrementAndGet();
                    if (e == null) {
                        completed.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                    }
                });
            }
            Thread.sleep(1);
        }
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inFlight.get() > 0 && System.nanoTime() < waitUntil) {
            Thread.sleep(10);
        }
        return new Paced(completed.get(), skipped, errors.get());
    }

    private CompletableFuture<String> join(String channel) {
        return api.call("presence_join",
                "{\"channel\":\"" + channel + "\",\"client\":\"c1\",\"user\":\"000000000001\"}",
                () -> joinSent.put(channel, System.nanoTime()));
    }

    private CompletableFuture<String> leave(String channel) {
        return api.call("presence_leave", "{\"channel\":\"" + channel + "\",\"client\":\"c1\"}",
                () -> leaveSent.put(channel, System.nanoTime()));
    }

    private void event(String channel, String type, long arrived) {
        if (arrived >= countFrom && arrived < countUntil) {
            delivered.incrementAndGet();
        }
        boolean isPaced = channel.startsWith(PACED);
        if (type.equals("occupied")) {
            Long sent = joinSent.remove(channel);
            if (sent != null && isPaced) {
                occupied.record(arrived - sent);
            } else if (sent != null && arrived >= countFrom && arrived < countUntil) {
                saturatedOccupied.record(arrived - sent);
            }
        } else if (type.equals("vacated")) {
            Long sent = leaveSent.remove(channel);
            if (sent != null && isPaced) {
                vacated.record(Math.abs(arrived - (sent + delayNanos)));
            }
        }
        if (isPaced) {
            received.incrementAndGet();
        }
    }
}
