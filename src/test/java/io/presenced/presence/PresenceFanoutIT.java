package io.presenced.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.presenced.presence.PresenceEventsIT.Recorder;
import io.presenced.testing.ApiClient;
import io.presenced.testing.Engines;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.TestServer;
import io.presenced.testing.redis.RequiresRedis;

/**
 * On every Redis topology, the joins and leaves of one node reach the listeners of another through the pub/sub
 * fan-out, once, and a node hears its own changes once.
 */
@RequiresRedis
class PresenceFanoutIT {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final String NAMESPACES = "\"channel\":{\"namespaces\":["
            + "{\"name\":\"chat\",\"presence\":true,\"join_leave\":true},{\"name\":\"quiet\",\"presence\":true}]}";

    static Stream<Engine> redisEngines() {
        return Engines.Set.ALL.engines().filter(e -> !e.name().equals("memory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redisEngines")
    void reportsTheChangesOfOneNodeToTheOthers(Engine engine) {
        String config = engine.configWith(NAMESPACES);
        try (TestServer node = TestServer.start(config, Clock.systemUTC(), Map.of());
             TestServer other = TestServer.start(config, Clock.systemUTC(), Map.of())) {
            Recorder heard = new Recorder();
            Recorder otherHeard = new Recorder();
            node.server().listen(heard);
            other.server().listen(otherHeard);
            ApiClient api = node.client();
            // The subscription opens in the background: join fresh clients until the other node hears one.
            int[] n = {0};
            await().atMost(WITHIN).untilAsserted(() -> {
                n[0]++;
                assertThat(api.call("presence_join", "{\"channel\":\"chat:x\",\"client\":\"probe" + n[0]
                        + "\",\"user\":\"p\"}").status()).isEqualTo(200);
                assertThat(otherHeard.reports).isNotEmpty();
            });

            assertThat(api.call("presence_join", "{\"channel\":\"chat:5\",\"client\":\"c5\",\"user\":\"u5\"}")
                    .status()).isEqualTo(200);
            assertThat(api.call("presence_leave", "{\"channel\":\"chat:5\",\"client\":\"c5\"}").status())
                    .isEqualTo(200);

            await().atMost(WITHIN).untilAsserted(() -> assertThat(otherHeard.reports)
                    .filteredOn(r -> r.contains(" c5 "))
                    .containsExactly("joined chat:5 c5 u5 null", "left chat:5 c5 u5 null"));
            // A namespace without join_leave pushes nothing, so its changes are not published to other nodes.
            assertThat(api.call("presence_join", "{\"channel\":\"quiet:1\",\"client\":\"q1\",\"user\":\"q\"}")
                    .status()).isEqualTo(200);
            assertThat(api.call("presence_join", "{\"channel\":\"chat:6\",\"client\":\"c6\",\"user\":\"u6\"}")
                    .status()).isEqualTo(200);
            await().atMost(WITHIN).untilAsserted(() -> assertThat(otherHeard.reports)
                    .contains("joined chat:6 c6 u6 null"));
            assertThat(otherHeard.reports).noneMatch(r -> r.contains(" q1 "));
            assertThat(heard.reports).contains("joined quiet:1 q1 q null");
            // The node that made the changes heard them once: directly, not again through Redis.
            assertThat(heard.reports).filteredOn(r -> r.contains(" c5 "))
                    .containsExactly("joined chat:5 c5 u5 null", "left chat:5 c5 u5 null");
        }
    }
}
