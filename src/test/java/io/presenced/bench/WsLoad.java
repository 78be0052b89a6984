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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The WebSocket scenarios' client side.
 *
 * <ul>
 *   <li>{@code ws-hold}: opens {@code --count} connections from {@code --local} (a loopback address, so that several
 *   generators each have their own ephemeral ports), each connecting with an HS256 token of its own user and
 *   subscribing to {@code --per-connection} channels of {@code --channels}; prints {@code READY} once all are in,
 *   then holds them (answering pings) until stdin closes, and prints how many the server closed meanwhile. With
 *   {@code --raw true} it only opens WebSockets (the Node.js reference server speaks no protocol).</li>
 *   <li>{@code ws-join-push}: {@code --watchers} connections to node A each watch one channel (subscribed with
 *   {@code join_leave}); {@code --joiners} connections to node B subscribe to and unsubscribe from those channels
 *   in turn at {@code --rate} joins per second, an open loop. The latency of a join is from the subscribe command
 *   sent on B to the join push received on A, both clocks this process's.</li>
 * </ul>
 */
final class WsLoad {

    /** Opening connections: at most this many handshakes and connects in flight per generator. */
    private static final int OPENING = 200;

    private WsLoad() {
    }

    static void hold(Args args) throws Exception {
        URI uri = URI.create(args.string("url"));
        String local = args.string("local", "127.0.0.1");
        int count = args.integer("count", 1000);
        int first = args.integer("first", 0);
        int channels = args.integer("channels", 1000);
        int perConnection = args.integer("per-connection", 2);
        boolean raw = Boolean.parseBoolean(args.string("raw", "false"));
        String secret = raw ? "" : args.string("secret");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<WsConn> conns = new ArrayList<>(count);
        AtomicLong failed = new AtomicLong();
        Semaphore opening = new Semaphore(OPENING);
        long start = System.nanoTime();
        for (int i = first; i < first + count; i++) {
            opening.acquire();
            WsConn c = WsConn.open(group, uri, local, !raw, (conn, push) -> { });
            conns.add(c);
            int n = i;
            CompletableFuture<?> ready = raw ? c.opened() : c.opened()
                    .thenCompose(x -> c.connect(token(secret, Populate.user(n))))
                    .thenCompose(x -> {
                        List<CompletableFuture<JsonNode>> subs = new ArrayList<>();
                        for (int k = 0; k < perConnection; k++) {
                            subs.add(c.subscribe("chat:" + ((n + k * 7919) % channels), false));
                        }
                        return CompletableFuture.allOf(subs.toArray(new CompletableFuture[0]));
                    });
            ready.orTimeout(60, TimeUnit.SECONDS).whenComplete((x, e) -> {
                if (e != null && failed.getAndIncrement() < 3) {
                    System.err.println("connection " + n + " failed: " + e);
                }
                opening.release();
            });
        }
        opening.acquire(OPENING);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println("READY connections=" + (count - failed.get()) + " failed=" + failed.get()
                + " seconds=" + String.format(java.util.Locale.ROOT, "%.1f", seconds));
        System.out.flush();
        while (System.in.read() >= 0) {
            // Holds until the script closes stdin.
        }
        long closedByServer = conns.stream().filter(c -> c.closed().isDone()).count();
        Result.of("ws-hold").put("connections", count - failed.get()).put("failed", failed.get())
                .put("closed_by_server", closedByServer).put("open_seconds", seconds).print();
        conns.forEach(WsConn::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    static void joinPush(Args args) throws Exception {
        URI watchUri = URI.create(args.string("watch-url"));
        URI joinUri = URI.create(args.string("join-url"));
        String secret = args.string("secret");
        int watchers = args.integer("watchers", 100);
        int joiners = args.integer("joiners", 200);
        double rate = args.decimal("rate", 5000);
        double warmup = args.decimal("warmup", 3);
        double duration = args.decimal("duration", 10);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Histogram latency = new Histogram();
        AtomicLong pushes = new AtomicLong();
        long[] window = new long[2];
        try {
            List<WsConn> watching = new ArrayList<>();
            for (int i = 0; i < watchers; i++) {
                String ch = "room:" + i;
                WsConn w = WsConn.open(group, watchUri, "127.0.0.1", true, (conn, push) -> {
                    JsonNode join = push.get("join");
                    if (join == null) {
                        return;
                    }
                    Long at = sent.remove(push.path("channel").asText() + "|" + join.path("info").path("client")
                            .asText());
                    long now = System.nanoTime();
                    if (at != null && now >= window[0] && at < window[1]) {
                        latency.record(now - at);
                        pushes.incrementAndGet();
                    }
                });
                w.opened().thenCompose(x -> w.connect(token(secret, "watcher-" + ch)))
                        .thenCompose(x -> w.subscribe(ch, true)).get(60, TimeUnit.SECONDS);
                watching.add(w);
            }
            List<WsConn> joining = new ArrayList<>();
            for (int i = 0; i < joiners; i++) {
                WsConn j = WsConn.open(group, joinUri, "127.0.0.1", true, (conn, push) -> { });
                String user = Populate.user(i);
                j.opened().thenCompose(x -> j.connect(token(secret, user))).get(60, TimeUnit.SECONDS);
                joining.add(j);
            }
            // Each joiner alternates: subscribe to its next channel (a join), then unsubscribe from it (a leave). It
            // walks through all the channels in turn, so a (channel, client) pair comes back only after `watchers`
            // joins: a late push can never be taken for a later join's.
            String[] current = new String[joiners];
            int[] walked = new int[joiners];
            AtomicLong errors = new AtomicLong();
            AtomicLong joins = new AtomicLong();
            long begin = System.nanoTime();
            window[0] = begin + (long) (warmup * 1e9);
            window[1] = window[0] + (long) (duration * 1e9);
            long end = window[1];
            double perNano = 2 * rate / 1e9;
            long ops = 0;
            int next = 0;
            while (System.nanoTime() < end) {
                long due = (long) ((System.nanoTime() - begin) * perNano);
                for (; ops < due; ops++) {
                    int j = next;
                    next = (next + 1) % joiners;
                    WsConn c = joining.get(j);
                    CompletableFuture<JsonNode> f;
                    if (current[j] == null) {
                        String ch = "room:" + (j + walked[j]++) % watchers;
                        current[j] = ch;
                        sent.put(ch + "|" + c.client(), System.nanoTime());
                        joins.incrementAndGet();
                        f = c.subscribe(ch, false);
                    } else {
                        f = c.unsubscribe(current[j]);
                        current[j] = null;
                    }
                    f.whenComplete((x, e) -> {
                        if (e != null && errors.getAndIncrement() < 3) {
                            System.err.println("joiner command failed: " + e);
                        }
                    });
                }
                TimeUnit.MICROSECONDS.sleep(200);
            }
            long measuredJoins = joins.get();
            // Late pushes of the window's joins still count; give them a moment.
            long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < drain && !sent.isEmpty()) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            double achieved = measuredJoins / ((end - begin) / 1e9);
            Map<Integer, Long> closes = new java.util.TreeMap<>();
            for (WsConn c : joining) {
                if (c.closed().isDone()) {
                    closes.merge(c.closed().join(), 1L, Long::sum);
                }
            }
            if (!closes.isEmpty()) {
                System.err.println("joiners closed by the server, by close code: " + closes);
            }
            Result.of("ws-join-push").put("rate_target", rate).put("joins_per_s", achieved)
                    .put("pushes_measured", pushes.get()).put("missing", sent.size()).put("errors", errors.get())
                    .latency("", latency).print();
            watching.forEach(WsConn::close);
            joining.forEach(WsConn::close);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    static String token(String secret, String user) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(user)
                    .expirationTime(Date.from(Instant.now().plusSeconds(86_400))).build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("--secret: " + e.getMessage(), e);
        }
    }
}
