package io.presenced.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A steady load of {@code update_user_status} calls over real HTTP from one background thread, one call after
 * the other, recording when each call started and ended and how it came back. Used to watch a node ride out a
 * Redis failure.
 */
public final class StatusUpdateLoad implements AutoCloseable {

    /** How one call came back. */
    public enum Kind {
        /** {@code {"result":{}}}. */
        OK,
        /** An error response with code 100. */
        ERROR_100,
        /** Anything else: another code, a non-200 status, a transport failure or a client timeout (a hang). */
        OTHER
    }

    /**
     * One call.
     *
     * @param started nanoTime when the call was sent
     * @param ended   nanoTime when its response (or failure) came back
     * @param kind    how it came back
     * @param detail  the error message or failure, empty for OK
     */
    public record Call(long started, long ended, Kind kind, String detail) {
    }

    private final ApiClient api;
    private final String usersJson;
    private final List<Call> calls = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private StatusUpdateLoad(ApiClient api, List<String> users) {
        this.api = api;
        this.usersJson = users.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(",", "[", "]"));
        this.thread = new Thread(this::run, "status-update-load");
        this.thread.setDaemon(true);
    }

    /** Starts updating {@code users} (all of them in each call) until {@link #close()}. */
    public static StatusUpdateLoad start(ApiClient api, List<String> users) {
        StatusUpdateLoad load = new StatusUpdateLoad(api, users);
        load.thread.start();
        return load;
    }

    private void run() {
        while (running) {
            long started = System.nanoTime();
            Call call;
            try {
                ApiClient.Response r = api.call("update_user_status", "{\"users\":" + usersJson + "}");
                call = classify(started, r);
            } catch (RuntimeException e) {
                call = new Call(started, System.nanoTime(), Kind.OTHER, e.toString());
            }
            synchronized (calls) {
                calls.add(call);
            }
        }
    }

    private static Call classify(long started, ApiClient.Response r) {
        long ended = System.nanoTime();
        if (r.status() != 200) {
            return new Call(started, ended, Kind.OTHER, "HTTP " + r.status() + ": " + r.body());
        }
        JsonNode body = r.json();
        if (body.has("result") && !body.has("error")) {
            return new Call(started, ended, Kind.OK, "");
        }
        String message = body.at("/error/message").asText();
        return new Call(started, ended, body.at("/error/code").asInt() == 100 ? Kind.ERROR_100 : Kind.OTHER,
                message);
    }

    /** Returns every call so far, in order. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Returns how many calls started after {@code nanoTime} and succeeded. */
    public long successesStartedAfter(long nanoTime) {
        return calls().stream().filter(c -> c.started() > nanoTime && c.kind() == Kind.OK).count();
    }

    /** Returns the first call that started after {@code nanoTime} and succeeded. */
    public Optional<Call> firstSuccessStartedAfter(long nanoTime) {
        return calls().stream().filter(c -> c.started() > nanoTime && c.kind() == Kind.OK).findFirst();
    }

    /**
     * Waits up to 10 s until 5 calls that started from now on have succeeded, and returns {@code nanoTime} right
     * after: the moment to take before causing a failure, since calls can fail as soon as it lands.
     */
    public long awaitSteady() {
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> successesStartedAfter(start) >= 5);
        return System.nanoTime();
    }

    /**
     * Waits for the load to recover from a failure caused at {@code caused} that had taken effect by {@code dead}:
     * up to {@code timeout} for the first success that started after {@code dead} (a call started before may still
     * have succeeded), then up to 30 s for 20 more; stops the load and returns the outage.
     */
    public Outage awaitRecovery(long caused, long dead, Duration timeout) {
        await().atMost(timeout).until(() -> firstSuccessStartedAfter(dead).isPresent());
        long recovered = firstSuccessStartedAfter(dead).orElseThrow().started();
        await().atMost(Duration.ofSeconds(30)).until(() -> successesStartedAfter(recovered) >= 20);
        close();
        return new Outage(calls(), caused, recovered);
    }

    /** Stops the loop after its current call and waits for it. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
