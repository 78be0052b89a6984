package io.presenced.fuzz;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.grpc.ManagedChannel;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.TestServer;
import io.presenced.testing.redis.RedisSupport;

/**
 * One node under fuzzing, on one engine: started on first use, kept for the whole test class, and replaced when a
 * correct call no longer succeeds on it (a wedged node would make every later try fail for the same reason).
 *
 * <p>The node serves HTTP and gRPC with the key {@link TestServer#API_KEY}; namespace {@code chat} has presence,
 * {@code quiet} has none, and channels without a namespace have presence. It starts with a few channels occupied,
 * among them {@link #LONG_CHANNEL}, so that {@code channels} patterns have something to match against.
 */
final class FuzzTarget implements AutoCloseable {

    /** How long any one call may take before the try counts as hung. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    /** An occupied channel of 100 {@code a}s after the namespace, within the 107-byte channel limit. */
    static final String LONG_CHANNEL = "chat:" + "a".repeat(100);

    private static final String CONFIG = "\"channel\":{\"without_namespace\":{\"presence\":true},\"namespaces\":["
            + "{\"name\":\"chat\",\"presence\":true},{\"name\":\"quiet\",\"presence\":false}]},"
            + "\"grpc_api\":{\"enabled\":true,\"key\":\"" + TestServer.API_KEY + "\"}";

    private final Engine engine;
    private final String suite;
    private final AtomicLong probes = new AtomicLong();
    private final Map<String, AtomicLong> cases = new ConcurrentSkipListMap<>();
    private TestServer server;
    private FuzzHttp http;
    private int replaced;
    private volatile boolean tryOpen;

    // One target per suite and engine, shared by every instance jqwik creates of the suite's class.
    private static final Map<String, FuzzTarget> SHARED = new ConcurrentSkipListMap<>();

    FuzzTarget(String suite, Engine engine) {
        this.suite = suite;
        this.engine = engine;
    }

    /** Returns the target of {@code suite} on {@code engine}, created on first use. */
    static FuzzTarget shared(String suite, Engine engine) {
        return SHARED.computeIfAbsent(suite + " on " + engine.name(), k -> new FuzzTarget(suite, engine));
    }

    /** Closes every shared target (a suite class's container is over) and forgets it. */
    static void closeShared() {
        SHARED.values().forEach(FuzzTarget::close);
        SHARED.clear();
    }

    /** Counts one case of {@code property} tried, for the summary {@link #close()} prints. */
    void counted(String property) {
        cases.computeIfAbsent(property, k -> new AtomicLong()).incrementAndGet();
    }

    /** Returns whether the node runs on Redis (where only a real Redis failure may give error 100). */
    boolean onRedis() {
        return !"memory".equals(engine.name());
    }

    String engineName() {
        return engine.name();
    }

    /** Marks the start of a try; {@link #afterTry()} replaces the node if the try did not reach its end. */
    void beginTry() {
        tryOpen = true;
    }

    /** Marks a try that ended with every check passed. */
    void endTry() {
        tryOpen = false;
    }

    /**
     * After a try that failed, replaces the node if it is wedged, so that the next try (a shrinking step, say)
     * is judged on a healthy node and not on the damage of the one before.
     */
    void afterTry() {
        if (tryOpen) {
            tryOpen = false;
            replaceIfWedged();
        }
    }

    /** Returns the running node, starting it first if needed. */
    synchronized TestServer server() {
        if (server == null) {
            if (onRedis()) {
                RedisSupport.assumeRedisTestsEnabled();
            }
            server = TestServer.start(engine.configWith(CONFIG));
            http = new FuzzHttp(server.baseUri());
            seed();
        }
        return server;
    }

    /** Returns an HTTP client for the node. */
    synchronized FuzzHttp http() {
        server();
        return http;
    }

    URI baseUri() {
        return server().baseUri();
    }

    ManagedChannel grpcChannel() {
        return server().grpcChannel();
    }

    /** Returns how many times a wedged node was replaced. */
    synchronized int replaced() {
        return replaced;
    }

    /**
     * Checks that a correct call succeeds: {@code update_user_status} of a fresh user and state, then
     * {@code get_user_status} reads that state back.
     *
     * @throws AssertionError when either call fails, errs or hangs
     */
    void assertCorrectCallSucceeds() {
        // A fresh user per probe: a request that timed out on a wedged node may still be run later, by that node
        // or (on Redis) against the same store, and must not be mistaken for this probe's answer.
        long n = probes.incrementAndGet();
        String user = "fuzz-probe-" + suite + "-" + n;
        String state = "probe-" + n;
        FuzzHttp h = http();
        FuzzHttp.Answer update = h.post("/api/update_user_status",
                "{\"users\":[\"" + user + "\"],\"state\":\"" + state + "\"}", FuzzHttp.authorized());
        if (update.status() != 200 || !update.json().path("result").isObject()) {
            throw new AssertionError("a correct update_user_status then failed: " + update);
        }
        FuzzHttp.Answer get = h.post("/api/get_user_status", "{\"users\":[\"" + user + "\"]}",
                FuzzHttp.authorized());
        JsonNode status = get.json().path("result").path("statuses").path(0);
        if (get.status() != 200 || !state.equals(status.path("state").asText())) {
            throw new AssertionError("a correct get_user_status then did not read back state " + state + ": " + get);
        }
    }

    /**
     * Replaces the node when a correct call no longer succeeds on it, so that one property's finding (a pinned
     * event loop, say) does not fail the properties after it. The wedged node is closed in the background: its
     * close may itself hang on a stuck thread.
     */
    synchronized void replaceIfWedged() {
        if (server == null) {
            return;
        }
        try {
            assertCorrectCallSucceeds();
        } catch (AssertionError e) {
            TestServer wedged = server;
            server = null;
            http = null;
            replaced++;
            Thread closer = new Thread(wedged::close, "fuzz-close-wedged-" + engine.name());
            closer.setDaemon(true);
            closer.start();
        }
    }

    private void seed() {
        for (String channel : new String[] {LONG_CHANNEL, "chat:1", "$chat:x", "lobby", "chat:[x]*?\\"}) {
            FuzzHttp.Answer a = http.post("/api/presence_join",
                    "{\"channel\":\"" + channel.replace("\\", "\\\\") + "\",\"client\":\"seed-" + channel.length()
                            + "\",\"user\":\"seed\"}", FuzzHttp.authorized());
            if (a.status() != 200 || a.json().has("error")) {
                throw new IllegalStateException("cannot seed channel " + channel + ": " + a);
            }
        }
    }

    /**
     * Prints the summary (cases per property, total, nodes replaced) to standard output and appends it to
     * {@code target/fuzz-campaign.txt}, then stops the node.
     */
    @Override
    public synchronized void close() {
        long total = cases.values().stream().mapToLong(AtomicLong::get).sum();
        String line = "fuzz campaign: " + suite + " on " + engine.name() + ": " + total + " cases " + cases
                + ", wedged nodes replaced: " + replaced;
        System.out.println(line);
        try {
            Files.writeString(Path.of("target", "fuzz-campaign.txt"), line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("cannot append to target/fuzz-campaign.txt: " + e);
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
