package io.presenced.state;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;

import io.presenced.testing.ApiClient;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.TestServer;
import io.presenced.testing.WebhookReceiver;
import io.presenced.testing.WebhookReceiver.Received;

/**
 * What every channel-state delivery suite shares: the engine it runs on (a subclass says which with
 * {@code @EachEngine}), a real webhook receiver per test, and the node that sends it events, started by the test
 * once it has said how. Both are closed after each test.
 */
abstract class StateSuite {

    /** How long {@link #awaitEvents} waits. */
    static final Duration EVENTS_WITHIN = Duration.ofSeconds(10);

    @Parameter
    Engine engine;

    final WebhookReceiver receiver = WebhookReceiver.start();

    private TestServer server;
    private ApiClient api;

    /**
     * Returns env overrides for both engines: {@code delay} before a vacated event, a presence TTL of 2 s, a
     * partition lease TTL of 1 s, and a client presence update interval of 500 ms.
     */
    static Map<String, String> env(String delay) {
        Map<String, String> env = new HashMap<>();
        for (String e : List.of("MEMORY", "REDIS")) {
            env.put("PRESENCED_ENGINE_" + e + "_CHANNEL_STATE_VACATED_EVENT_DELAY", delay);
            env.put("PRESENCED_ENGINE_" + e + "_PRESENCE_TTL", "2s");
            env.put("PRESENCED_ENGINE_" + e + "_CHANNEL_STATE_LEASE_TTL", "1s");
        }
        env.put("PRESENCED_CLIENT_PRESENCE_UPDATE_INTERVAL", "500ms");
        return env;
    }

    /**
     * Returns the members of a config whose namespace {@code chat} sends state events to {@code endpoint}, retrying
     * with at most 1 s between attempts, with {@code proxyExtra} (JSON members starting with a comma, or empty)
     * added to {@code channel.proxy.state}.
     */
    static String deliveryConfig(String endpoint, String proxyExtra) {
        return "\"channel\":{\"proxy\":{\"state\":{\"endpoint\":\"" + endpoint + "\","
                + "\"retry_max_backoff\":\"1s\"" + proxyExtra + "}},"
                + "\"namespaces\":[{\"name\":\"chat\",\"presence\":true,\"state_proxy_enabled\":true}]}";
    }

    /**
     * Returns {@link #env} with a 200 ms vacate delay and a presence TTL of 60 s, plus {@code channelState} as
     * {@code PRESENCED_ENGINE_<engine>_CHANNEL_STATE_<key>}, on both engines.
     */
    static Map<String, String> deliveryEnv(Map<String, String> channelState) {
        Map<String, String> env = new HashMap<>(env("200ms"));
        for (String e : List.of("MEMORY", "REDIS")) {
            env.put("PRESENCED_ENGINE_" + e + "_PRESENCE_TTL", "60s");
            channelState.forEach((k, v) -> env.put("PRESENCED_ENGINE_" + e + "_CHANNEL_STATE_" + k, v));
        }
        return env;
    }

    @AfterEach
    void closeNodeAndReceiver() {
        if (server != null) {
            server.close();
        }
        receiver.close();
    }

    /** Starts the node on {@link #engine}, with {@code members} as the rest of its config and {@code env}. */
    void start(String members, Map<String, String> env) {
        server = TestServer.start(engine.configWith(members), Clock.systemUTC(), env);
        api = server.client();
    }

    /** Starts the node with {@link #deliveryConfig} to the receiver and {@link #deliveryEnv}. */
    void startDelivering(String proxyExtra, Map<String, String> channelState) {
        start(deliveryConfig(receiver.endpoint(), proxyExtra), deliveryEnv(channelState));
    }

    /** Returns the node, once started. */
    TestServer server() {
        return server;
    }

    /** Returns the node's channel-state counters, once started. */
    StateMetrics metrics() {
        return server.server().stateMetrics();
    }

    /** Returns an HTTP API client of the node, once started. */
    ApiClient api() {
        return api;
    }

    /** Joins {@code client} (with no user) to {@code channel}. */
    void join(String channel, String client) {
        api.callJson("presence_join", "{\"channel\":\"" + channel + "\",\"client\":\"" + client + "\"}");
    }

    /** Removes {@code client} from {@code channel}. */
    void leave(String channel, String client) {
        api.callJson("presence_leave", "{\"channel\":\"" + channel + "\",\"client\":\"" + client + "\"}");
    }

    /** Waits up to {@link #EVENTS_WITHIN} until {@code channel} has exactly {@code count} events, and returns them. */
    List<Received> awaitEvents(String channel, int count) {
        await().atMost(EVENTS_WITHIN).until(() -> receiver.events(channel).size() == count);
        return receiver.events(channel);
    }
}
