package io.presenced.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.presenced.testing.Engines;
import io.presenced.testing.TestServer;
import io.presenced.testing.WebhookReceiver;
import io.presenced.testing.WebhookReceiver.Received;

/**
 * Event ids of the memory engine, which keeps nothing across a restart.
 */
class MemoryEventIdsIT {

    private static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    private final WebhookReceiver receiver = WebhookReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private Received oneRunJoining(String channel, int eventsBefore) {
        String config = "\"channel\":{\"proxy\":{\"state\":{\"endpoint\":\"" + receiver.endpoint() + "\","
                + "\"webhook_secret\":\"" + SECRET + "\"}},"
                + "\"namespaces\":[{\"name\":\"chat\",\"presence\":true,\"state_proxy_enabled\":true}]}";
        try (TestServer server = TestServer.start(Engines.memory().configWith(config), Clock.systemUTC(),
                StateSuite.env("200ms"))) {
            server.client().callJson("presence_join", "{\"channel\":\"" + channel + "\",\"client\":\"a\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.events().size() == eventsBefore + 1);
        }
        return receiver.events().get(eventsBefore);
    }

    @Test
    void aRestartedNodeNeverReusesAnEventIdThoughVersionsStartAgain() {
        Received first = oneRunJoining("chat:same", 0);
        Received second = oneRunJoining("chat:same", 1);

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.headers().getFirst("webhook-id")).isNotEqualTo(first.headers().getFirst("webhook-id"));
        // Both runs start the channel's history afresh: version 1, distinguished by the id's node epoch.
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(1);
        String epochOfFirst = first.id().split("-")[1];
        String epochOfSecond = second.id().split("-")[1];
        assertThat(epochOfSecond).isNotEqualTo(epochOfFirst);
        assertThat(first.id()).matches("\\d+-[0-9a-f]{16}-1");
    }
}
