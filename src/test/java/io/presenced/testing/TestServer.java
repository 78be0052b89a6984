package io.presenced.testing;

import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.presenced.PresenceServer;
import io.presenced.client.auth.TokenVerifier;
import io.presenced.config.ConfigLoader;
import io.presenced.config.PresenceConfig;

/**
 * A real presenced node on a free port, wired exactly as {@code Main} wires it, for integration tests. The HTTP
 * listener, and the gRPC one when the config enables it, bind port 0 on the loopback interface.
 */
public final class TestServer implements AutoCloseable {

    public static final String API_KEY = "test-key";

    private static final Map<String, String> LOCAL = Map.of("PRESENCED_HTTP_SERVER_PORT", "0",
            "PRESENCED_HTTP_SERVER_ADDRESS", "127.0.0.1", "PRESENCED_GRPC_API_PORT", "0",
            "PRESENCED_GRPC_API_ADDRESS", "127.0.0.1");

    private final PresenceServer server;
    private ManagedChannel grpcChannel;

    private TestServer(PresenceServer server) {
        this.server = server;
    }

    /**
     * Starts a node from {@code json} (a config file's content), with the HTTP and gRPC ports forced to 0 and the
     * HTTP API key {@link #API_KEY} unless the JSON sets one. The gRPC key is the JSON's.
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

    /** Starts a node from {@code json} (as {@link #start(String)}) whose client tokens {@code tokens} checks. */
    public static TestServer start(String json, TokenVerifier tokens) {
        return start(json, Clock.systemUTC(), Map.of(), tokens);
    }

    /** Starts a node as {@link #start(String, Clock, Map)} does, whose client tokens {@code tokens} checks. */
    public static TestServer start(String json, Clock clock, Map<String, String> env, TokenVerifier tokens) {
        Map<String, String> all = new HashMap<>(LOCAL);
        all.put("PRESENCED_HTTP_API_KEY", API_KEY);
        all.putAll(env);
        return start(ConfigLoader.fromJson(json, all), clock, tokens);
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

    private static TestServer start(PresenceConfig config, Clock clock, TokenVerifier tokens) {
        try {
            return new TestServer(PresenceServer.start(config, clock, tokens));
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

    /** Returns {@code ws://127.0.0.1:<port>/connection/websocket} (the configured prefix). */
    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + server.httpAddress().getPort()
                + server.config().client().handlerPrefix());
    }

    /** Returns an API client that authenticates with {@link #API_KEY}. */
    public ApiClient client() {
        return new ApiClient(baseUri(), API_KEY);
    }

    /**
     * Returns a plaintext channel to the gRPC listener, created on first use and shut down by {@link #close()}.
     * It sends no metadata; tests add {@code authorization} themselves.
     *
     * @throws IllegalStateException when the config does not enable {@code grpc_api}
     */
    public synchronized ManagedChannel grpcChannel() {
        if (grpcChannel == null) {
            int port = server.grpcAddress().orElseThrow(() -> new IllegalStateException(
                    "grpc_api.enabled is false in this test's config")).getPort();
            grpcChannel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        }
        return grpcChannel;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (grpcChannel != null) {
                grpcChannel.shutdownNow();
                try {
                    grpcChannel.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        server.close();
    }
}
