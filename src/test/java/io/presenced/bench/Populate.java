package io.presenced.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.presenced.concurrent.Futures;

/**
 * Writes data through the API in bulk calls: user statuses ({@code update_user_status}) or presence entries
 * ({@code presence_join}). User {@code i} is {@code %012d} of i, the form redis-benchmark's {@code __rand_int__}
 * takes, so its Redis-only limits read and write the very keys the API wrote.
 */
final class Populate {

    private static final int CONCURRENCY = 8;
    private static final long TIMEOUT_SECONDS = 300;

    private Populate() {
    }

    static String user(int i) {
        return String.format(Locale.ROOT, "%012d", i);
    }

    /** Runs {@code populate-status} or {@code populate-presence}. */
    static void run(String what, Args args) throws Exception {
        ApiHttp api = new ApiHttp(args.string("url"), args.string("key"), CONCURRENCY);
        int count = args.integer("count", 100_000);
        int batch = args.integer("batch", 100);
        long start = System.nanoTime();
        if (what.equals("status")) {
            send(api, "update_user_status", count, batch, from -> statusBody(from, Math.min(batch, count - from)));
        } else {
            int perChannel = args.integer("per-channel", 100);
            send(api, "presence_join", count, batch,
                    from -> joinBody(from, Math.min(batch, count - from), perChannel));
        }
        api.close();
        double seconds = (System.nanoTime() - start) / 1e9;
        Result.of("populate-" + what).put("count", count).put("seconds", seconds).put("rate", count / seconds)
                .print();
    }

    private static void send(ApiHttp api, String method, int count, int batch, IntFunction<String> bodyFrom)
            throws Exception {
        Semaphore slots = new Semaphore(CONCURRENCY);
        List<CompletableFuture<String>> calls = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        for (int from = 0; from < count; from += batch) {
            if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("populate did not finish in " + TIMEOUT_SECONDS + "s");
            }
            calls.add(api.call(method, bodyFrom.apply(from)).whenComplete((r, e) -> slots.release()));
        }
        Futures.allOf(calls).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static String statusBody(int from, int n) {
        StringBuilder b = new StringBuilder("{\"users\":[");
        for (int i = from; i < from + n; i++) {
            b.append(i > from ? "," : "").append(ApiHttp.quote(user(i)));
        }
        return b.append("]}").toString();
    }

    // Client i is "b<i>" of user i in channel "chat:m<i / perChannel>".
    private static String joinBody(int from, int n, int perChannel) {
        StringBuilder b = new StringBuilder("{\"entries\":[");
        for (int i = from; i < from + n; i++) {
            b.append(i > from ? "," : "").append("{\"channel\":\"chat:m").append(i / perChannel)
                    .append("\",\"client\":\"b").append(i).append("\",\"user\":").append(ApiHttp.quote(user(i)))
                    .append('}');
        }
        return b.append("]}").toString();
    }
}
