package io.presenced.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;

/**
 * The live-status scenarios: {@code status-fanout} (one user watched by many WebSocket clients; the time from a
 * {@code set_user_status} call to each watcher's publication) and {@code status-events} (users connecting and
 * disconnecting; {@code user_online}/{@code user_offline} events a second at a receiver, and how late each
 * {@code user_offline} arrives after its connection's close plus the offline grace).
 */
final class StatusLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusLoad() {
    }

    static void fanout(Args args) throws Exception {
        URI ws = URI.create(args.string("url"));
        String api = args.string("api");
        String key = args.string("key");
        String secret = args.string("secret");
        int watchers = args.integer("watchers", 1000);
        int changes = args.integer("changes", 100);
        int intervalMs = args.integer("interval-ms", 100);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Histogram latency = new Histogram();
        AtomicLong pushes = new AtomicLong();
        try (ApiHttp http = new ApiHttp(api, key, 1)) {
            List<WsConn> conns = new ArrayList<>(watchers);
            String token = token(secret, "watcher", "star");
            List<CompletableFuture<?>> ready = new ArrayList<>();
            for (int i = 0; i < watchers; i++) {
                WsConn c = WsConn.open(group, ws, "127.0.0.1", true, (conn, push) -> {
                    long now = System.nanoTime();
                    Long at = sent.get(push.at("/pub/data/custom/text").asText());
                    if (at != null) {
                        latency.record(now - at);
                        pushes.incrementAndGet();
                    }
                });
                conns.add(c);
                ready.add(c.opened().thenCompose(x -> c.connect(token)).thenCompose(x -> c.command("subscribe",
                        JSON.createObjectNode().put("channel", "$watch"))));
                if (ready.size() >= 500) {
                    CompletableFuture.allOf(ready.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
                    ready.clear();
                }
            }
            CompletableFuture.allOf(ready.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
            for (int i = 0; i < changes; i++) {
                String text = "change-" + i;
                http.call("set_user_status", "{\"user\":\"star\",\"custom\":{\"text\":\"" + text + "\"}}",
                        () -> sent.put(text, System.nanoTime())).get(10, TimeUnit.SECONDS);
                TimeUnit.MILLISECONDS.sleep(intervalMs);
            }
            long expected = (long) watchers * changes;
            long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pushes.get() < expected && System.nanoTime() < drain) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            Result.of("status-fanout").put("watchers", watchers).put("changes", changes)
                    .put("pushes", pushes.get()).put("missing", expected - pushes.get()).latency("", latency).print();
            conns.forEach(WsConn::close);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    static void events(Args args) throws Exception {
        URI ws = URI.create(args.string("url"));
        String secret = args.string("secret");
        int port = args.integer("receiver-port", 0);
        int users = args.integer("users", 2000);
        double rate = args.decimal("rate", 500);
        double graceMs = args.decimal("grace-ms", 1000);
        double warmup = args.decimal("warmup", 3);
        double duration = args.decimal("duration", 10);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Map<String, Long> closedAt = new ConcurrentHashMap<>();
        Histogram lateness = new Histogram();
        AtomicLong online = new AtomicLong();
        AtomicLong offline = new AtomicLong();
        long[] window = new long[2];
        try (EventReceiver receiver = EventReceiver.start(port, (user, type, arrived) -> {
            if (arrived < window[0] || arrived >= window[1]) {
                return;
            }
            if ("user_online".equals(type)) {
                online.incrementAndGet();
            } else if ("user_offline".equals(type)) {
                offline.incrementAndGet();
                Long closed = closedAt.remove(user);
                if (closed != null) {
                    lateness.record(Math.max(0, arrived - closed - (long) (graceMs * 1e6)));
                }
            }
        })) {
            String[] tokens = new String[users];
            for (int i = 0; i < users; i++) {
                tokens[i] = token(secret, "churn-" + i, null);
            }
            WsConn[] live = new WsConn[users];
            long begin = System.nanoTime();
            window[0] = begin + (long) (warmup * 1e9);
            window[1] = window[0] + (long) (duration * 1e9);
            double perNano = rate / 1e9;
            long ops = 0;
            int next = 0;
            AtomicLong errors = new AtomicLong();
            // Each step toggles the next user: connect it, or close its connection. A user comes back only after all
            // others had their turn, well beyond the grace, so each close is followed by exactly one user_offline.
            while (System.nanoTime() < window[1]) {
                long due = (long) ((System.nanoTime() - begin) * perNano);
                for (; ops < due; ops++) {
                    int u = next;
                    next = (next + 1) % users;
                    if (live[u] == null) {
                        WsConn c = WsConn.open(group, ws, "127.0.0.1", true, (conn, push) -> { });
                        live[u] = c;
                        c.opened().thenCompose(x -> c.connect(tokens[u])).whenComplete((x, e) -> {
                            if (e != null && errors.getAndIncrement() < 3) {
                                System.err.println("connect failed: " + e);
                            }
                        });
                    } else {
                        closedAt.put("churn-" + u, System.nanoTime());
                        live[u].close();
                        live[u] = null;
                    }
                }
                TimeUnit.MICROSECONDS.sleep(500);
            }
            long drain = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos((long) graceMs + 3000);
            while (System.nanoTime() < drain) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            Result.of("status-events").put("rate_target", rate).put("users", users)
                    .put("events_per_s", (online.get() + offline.get()) / duration)
                    .put("online", online.get()).put("offline", offline.get()).put("errors", errors.get())
                    .latency("late_", lateness).print();
            for (WsConn c : live) {
                if (c != null) {
                    c.close();
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    // A connection token of user, with a watch claim naming watched when given.
    static String token(String secret, String user, String watched) {
        try {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(user)
                    .expirationTime(Date.from(Instant.now().plusSeconds(86_400)));
            if (watched != null) {
                claims.claim("watch", List.of(watched));
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("--secret: " + e.getMessage(), e);
        }
    }
}
