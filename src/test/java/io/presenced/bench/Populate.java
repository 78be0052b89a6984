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

    /** Runs {@code populate-status}, {@code populate-rich-status} or {@code populate-presence}. */
    static void run(String what, Args args) throws Exception {
        ApiHttp api = new ApiHttp(args.string("url"), args.string("key"), CONCURRENCY);
        int first = args.integer("from", 0);
        int count = args.integer("count", 100_000);
        int end = first + count;
        int batch = args.integer("batch", 100);
        long start = System.nanoTime();
        if (what.equals("status")) {
            send(api, "update_user_status", first, end, batch, from -> statusBody(from, Math.min(batch, end - from),
                    ""));
        } else if (what.equals("rich-status")) {
            send(api, "update_user_status", first, end, batch, from -> statusBody(from, Math.min(batch, end - from),
                    ",\"device\":\"0b7e8f6c-6a51-4b8e-9d0c-3f1e2a4b5c6d\",\"platform\":\"web\""));
            long expires = System.currentTimeMillis() / 1000 + 86_400;
            send(api, "batch", first, end, batch, from -> customBody(from, Math.min(batch, end - from), expires));
        } else {
            int perChannel = args.integer("per-channel", 100);
            send(api, "presence_join", first, end, batch,
                    from -> joinBody(from, Math.min(batch, end - from), perChannel));
        }
        api.close();
        double seconds = (System.nanoTime() - start) / 1e9;
        Result.of("populate-" + what).put("count", count).put("seconds", seconds).put("rate", count / seconds)
                .print();
    }

    private static void send(ApiHttp api, String method, int first, int end, int batch,
                             IntFunction<String> bodyFrom) throws Exception {
        Semaphore slots = new Semaphore(CONCURRENCY);
        List<CompletableFuture<String>> calls = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        for (int from = first; from < end; from += batch) {
            if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("populate did not finish in " + TIMEOUT_SECONDS + "s");
            }
            calls.add(api.call(method, bodyFrom.apply(from)).whenComplete((r, e) -> slots.release()));
        }
        Futures.allOf(calls).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static String statusBody(int from, int n, String more) {
        StringBuilder b = new StringBuilder("{\"users\":[");
        for (int i = from; i < from + n; i++) {
            b.append(i > from ? "," : "").append(ApiHttp.quote(user(i)));
        }
        return b.append("]").append(more).append("}").toString();
    }

    // One set_user_status a user, in a batch: "In a meeting" with a calendar emoji, expiring.
    private static String customBody(int from, int n, long expires) {
        StringBuilder b = new StringBuilder("{\"commands\":[");
        for (int i = from; i < from + n; i++) {
            b.append(i > from ? "," : "").append("{\"set_user_status\":{\"user\":").append(ApiHttp.quote(user(i)))
                    .append(",\"custom\":{\"text\":\"In a meeting\",\"emoji\":\"\uD83D\uDCC5\",\"expires_at\":")
                    .append(expires).append("}}}");
        }
        return b.append("],\"parallel\":true}").toString();
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
