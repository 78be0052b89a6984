package io.presenced.presence;

import static io.presenced.testing.Engines.Set.ALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import io.presenced.testing.ApiClient;
import io.presenced.testing.EachEngine;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.TestServer;

/**
 * The presence model reports each entry it adds or removes, whatever removed it, on every engine. Between nodes:
 * {@link PresenceFanoutIT}.
 */
@EachEngine(ALL)
class PresenceEventsIT {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final String NAMESPACES = "\"channel\":{\"namespaces\":[{\"name\":\"chat\",\"presence\":true}]}";

    @Parameter
    Engine engine;

    private final Recorder heard = new Recorder();
    private TestServer node;
    private ApiClient api;

    /** Every report, as {@code "joined <channel> <client> <user> <conn_info>"} or {@code "left ..."}. */
    static final class Recorder implements PresenceEvents {

        final List<String> reports = new CopyOnWriteArrayList<>();

        @Override
        public void joined(String channel, ClientInfo info) {
            reports.add("joined " + channel + " " + info.client() + " " + info.user() + " " + info.connInfo());
        }

        @Override
        public void left(String channel, ClientInfo info) {
            reports.add("left " + channel + " " + info.client() + " " + info.user() + " " + info.connInfo());
        }
    }

    @BeforeEach
    void start() {
        node = TestServer.start(engine.configWith(NAMESPACES), Clock.systemUTC(),
                Map.of("PRESENCED_ENGINE_MEMORY_PRESENCE_TTL", "2s", "PRESENCED_ENGINE_REDIS_PRESENCE_TTL", "2s",
                        "PRESENCED_CLIENT_PRESENCE_UPDATE_INTERVAL", "500ms"));
        node.server().listen(heard);
        api = node.client();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private void call(String method, String body) {
        assertThat(api.call(method, body).status()).isEqualTo(200);
    }

    @Test
    void reportsAJoinOnceAndEachWayOfLeaving() {
        call("presence_join", "{\"channel\":\"chat:1\",\"client\":\"c1\",\"user\":\"u1\",\"conn_info\":{\"a\":1}}");
        // Joining again is a refresh of the same entry: nothing new to report.
        call("presence_join", "{\"channel\":\"chat:1\",\"client\":\"c1\",\"user\":\"u1\",\"conn_info\":{\"a\":1}}");
        call("presence_join", "{\"channel\":\"chat:2\",\"client\":\"c1\",\"user\":\"u1\"}");
        call("presence_join", "{\"channel\":\"chat:3\",\"client\":\"c1\",\"user\":\"u1\"}");
        call("presence_leave", "{\"channel\":\"chat:1\",\"client\":\"c1\"}");
        // Leaving a channel the client is not in reports nothing.
        call("presence_leave", "{\"channel\":\"chat:1\",\"client\":\"c1\"}");
        call("presence_disconnect", "{\"client\":\"c1\"}");

        await().atMost(WITHIN).until(() -> heard.reports.size() >= 6);
        assertThat(heard.reports.subList(0, 4)).containsExactly(
                "joined chat:1 c1 u1 {\"a\":1}",
                "joined chat:2 c1 u1 null",
                "joined chat:3 c1 u1 null",
                "left chat:1 c1 u1 {\"a\":1}");
        // A disconnect leaves the client's channels in no particular order.
        assertThat(heard.reports.subList(4, heard.reports.size()))
                .containsExactlyInAnyOrder("left chat:2 c1 u1 null", "left chat:3 c1 u1 null");
    }

    @Test
    void reportsTheLeaveOfAnEntryThatExpired() {
        call("presence_join", "{\"channel\":\"chat:9\",\"client\":\"c9\",\"user\":\"u9\"}");

        await().atMost(WITHIN).untilAsserted(() -> assertThat(heard.reports)
                .containsExactly("joined chat:9 c9 u9 null", "left chat:9 c9 u9 null"));
    }
}
