package io.presenced.testing;

import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.presenced.PresenceServer;
import io.presenced.config.ConfigLoader;
import io.presenced.config.PresenceConfig;

/**
 * A real presenced node on a free port, wired exactly as {@code Main} wires it, for integration tests.
 */
public final class TestServer implements AutoCloseable {

    public static final String API_KEY = "test-key";

    private static final Map<String, String> LOCAL =
            Map.of("PRESENCED_HTTP_SERVER_PORT", "0", "PRESENCED_HTTP_SERVER_ADDRESS", "127.0.0.1");

    private final PresenceServer server;

    private TestServer(PresenceServer server) {
        this.server = server;
    }

    /**
     * Starts a node from {@code json} (a config file's content), with the HTTP port forced to 0 and the API key
     * {@link #API_KEY} unless the JSON sets one.
     */
    public static TestServer start(String json) {
        return start(json, Clock.systemUTC());
    }

    /** Starts a node whose timestamps come from {@code clock}. */
    public static TestServer start(String json, Clock clock) {
        return start(json, clock, Map.of());
    }

    /**
     * Starts a node whose timestamps come from {@code clock}, with {@code env} as {@code PRESENCED_*} overrides
     * (overrides of keys the engine does not read are ignored, so both engines' keys may be given).
     */
    public static TestServer start(String json, Clock clock, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(LOCAL);
        all.putAll(env);
        PresenceConfig config = ConfigLoader.fromJson(json, all);
        if (config.http().apiKey().isEmpty() && !config.http().insecure()) {
            all.put("PRESENCED_HTTP_API_KEY", API_KEY);
            config = ConfigLoader.fromJson(json, all);
        }
        return start(config, clock);
    }

    /** Starts a node from {@code json} exactly, except for the port (0) and address (loopback). */
    public static TestServer startExactly(String json) {
        return start(ConfigLoader.fromJson(json, LOCAL), Clock.systemUTC());
    }

    private static TestServer start(PresenceConfig config, Clock clock) {
        try {
            return new TestServer(PresenceServer.start(config, clock));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Returns the node. */
    public PresenceServer server() {
        return server;
    }

    /** Returns {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.httpAddress().getPort());
    }

    /** Returns an API client that authenticates with {@link #API_KEY}. */
    public ApiClient client() {
        return new ApiClient(baseUri(), API_KEY);
    }

    @Override
    public void close() {
        server.close();
    }
}
