package io.presenced.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.presenced.config.ConfigLoader;
import io.presenced.config.PresenceConfig;
import io.presenced.testing.TestServer;
import io.presenced.testing.WebhookReceiver;
import io.presenced.testing.WebhookReceiver.Received;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSupport;

/**
 * The configs of the channel-state documentation, as written there, start the server. Only the addresses are
 * pointed at this test's Redis and receiver, by environment overrides, as an operator would in a container.
 */
class SeedConfigsIT {

    static final String MINIMAL = """
            {
            "engine": {
            "type": "redis"
            },
            "channel": {
            "proxy": {
            "state": {
            "endpoint": "http://localhost:3000/centrifugo/channel_events"
            }
            },
            "namespaces": [
            {
            "name": "chat",
            "presence": true,
            "state_proxy_enabled": true
            }
            ]
            }
            }
            """;

    static final String CHANNEL_STATE_OPTIONS = """
            {
            "engine": {
            "type": "redis",
            "redis": {
            "channel_state": {
            "vacated_event_delay": "10s",
            "num_partitions": 128
            }
            }
            }
            }
            """;

    static final String PRESENCE_MANAGER = """
            {
            "engine": {
            "type": "redis"
            },
            "presence_manager": {
            "enabled": true,
            "type": "redis",
            "redis": {
            "address": "localhost:6380"
            }
            },
            "channel": {
            "proxy": {
            "state": {
            "endpoint": "http://localhost:3000/centrifugo/channel_events"
            }
            },
            "namespaces": [
            {
            "name": "chat",
            "presence": true,
            "state_proxy_enabled": true
            }
            ]
            }
            }
            """;

    @Test
    void minimalConfigStartsAndSendsWhatTheFlaskHandlerExpects() {
        RedisNode redis = RedisSupport.standalone();
        redis.command("FLUSHALL");
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestServer server = TestServer.start(MINIMAL, Clock.systemUTC(), Map.of(
                     "PRESENCED_ENGINE_REDIS_ADDRESS", redis.uri(),
                     "PRESENCED_CHANNEL_PROXY_STATE_ENDPOINT", receiver.endpoint()))) {
            server.client().callJson("presence_join", "{\"channel\":\"chat:index\",\"client\":\"c1\",\"user\":\"1\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.events().size() == 1);
            Received e = receiver.events().get(0);
            assertThat(e.channel()).isEqualTo("chat:index");
            assertThat(e.type()).isEqualTo("occupied");
            assertThat(e.timeMs()).isPositive();
        }
    }

    @Test
    void channelStateOptionsAreReadWhereTheDocumentationPutsThem() {
        PresenceConfig c = ConfigLoader.fromJson(CHANNEL_STATE_OPTIONS, Map.of());
        assertThat(c.channel().state().vacatedEventDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.channel().numPartitions()).isEqualTo(128);
        assertThat(c.engine().isRedis()).isTrue();
    }

    @Test
    void presenceManagerVariantLoads() {
        PresenceConfig c = ConfigLoader.fromJson(PRESENCE_MANAGER, Map.of());
        assertThat(c.channel().hasStateEvents()).isTrue();
        assertThat(c.channel().state().endpoint()).isEqualTo("http://localhost:3000/centrifugo/channel_events");
    }
}
