package io.presenced.state;

import static io.presenced.testing.Engines.Set.CORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import io.presenced.config.ConfigException;
import io.presenced.presence.DropLogger;
import io.presenced.testing.EachEngine;
import io.presenced.testing.LogCapture;
import io.presenced.testing.WebhookReceiver.Received;
import io.presenced.testing.WebhookReceiver.Request;

/**
 * Delivery against receivers that stall, answer too much, refuse for a while, or sit behind a URL with
 * credentials; and settings the HTTP client could never send. On the memory engine and a standalone Redis.
 */
@EachEngine(CORE)
class DeliveryHardeningIT extends StateSuite {

    private static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    private void startServer(String endpoint, String proxyExtra, Map<String, String> channelState) {
        start(deliveryConfig(endpoint, proxyExtra), deliveryEnv(channelState));
    }

    @Test
    void aReceiverThatStallsTheBodyCostsOneTimeoutPerAttemptAndThePartitionKeepsDelivering() {
        receiver.stallNext(2);
        startServer(receiver.endpoint(), ",\"timeout\":\"500ms\"", Map.of("NUM_PARTITIONS", "1"));
        join("chat:stall", "a");

        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.events("chat:stall").size() == 1);
        List<Request> requests = receiver.requestLog();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(Request::status).containsExactly(0, 0, 200);
        assertThat(metrics().retried()).isGreaterThanOrEqualTo(2);

        join("chat:after", "a");
        awaitEvents("chat:after", 1);
    }

    @Test
    void aResponseBodyOverTheCapFailsTheAttemptWhichIsRetried() {
        receiver.oversizeNext(1, 200_000);
        startServer(receiver.endpoint(), "", Map.of("NUM_PARTITIONS", "1"));
        try (LogCapture logs = LogCapture.of(ChannelStateEngine.class, Level.WARN)) {
            join("chat:big", "a");

            awaitEvents("chat:big", 1);
            List<Request> requests = receiver.requestLog();
            assertThat(requests).hasSize(2);
            assertThat(requests.get(0).eventIds()).isEqualTo(requests.get(1).eventIds());
            assertThat(metrics().retried()).isEqualTo(1);
            assertThat(logs.messagesAtLeast(Level.WARN)).anySatisfy(m -> assertThat(m).contains("65536 bytes"));
        }
    }

    @Test
    void everyAttemptOfABatchCarriesTheSameWebhookIdAndEventsWhileLaterEventsWait() {
        receiver.refuseWith(503);
        startServer(receiver.endpoint(), ",\"webhook_secret\":\"" + SECRET + "\"", Map.of("NUM_PARTITIONS", "1"));
        join("chat:first", "a");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.refused() >= 2);
        join("chat:second", "a");
        join("chat:third", "a");
        int refusedBefore = receiver.refused();
        // Several retries happen while the later events sit in the queue behind the batch.
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.refused() >= refusedBefore + 3);
        receiver.refuseWith(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.events().size() == 3);

        List<Request> requests = receiver.requestLog();
        Request first = requests.get(0);
        String firstId = first.headers().getFirst("webhook-id");
        int accepted = requests.size() - 1;
        while (requests.get(accepted - 1).status() == 200) {
            accepted--;
        }
        List<Request> attempts = requests.subList(0, accepted + 1);
        assertThat(attempts).allSatisfy(r -> {
            assertThat(r.headers().getFirst("webhook-id")).isEqualTo(firstId);
            assertThat(r.eventIds()).isEqualTo(first.eventIds());
        });
        assertThat(attempts.get(attempts.size() - 1).status()).isEqualTo(200);
        assertThat(first.eventIds()).hasSize(1);
        assertThat(receiver.events()).extracting(Received::channel)
                .containsExactly("chat:first", "chat:second", "chat:third");
        assertThat(requests.subList(accepted + 1, requests.size()))
                .allSatisfy(r -> assertThat(r.headers().getFirst("webhook-id")).isNotEqualTo(firstId));
    }

    @Test
    void logsShowTheEndpointWithoutUserinfoOrQuery() {
        String endpoint = receiver.endpoint().replace("http://", "http://ops:pw-secret@") + "?token=tok-secret";
        receiver.refuseWith(503);
        try (LogCapture logs = LogCapture.of("io.presenced", Level.INFO)) {
            startServer(endpoint, "", Map.of());
            join("chat:tok", "a");
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.refused() >= 2);
            receiver.refuseWith(0);
            awaitEvents("chat:tok", 1);

            List<String> lines = logs.messagesAtLeast(Level.INFO);
            assertThat(lines).noneSatisfy(m -> assertThat(m).containsAnyOf("pw-secret", "tok-secret", "ops:"));
            String shown = receiver.endpoint() + "?…";
            assertThat(lines).anySatisfy(m -> assertThat(m).contains("events go to " + shown));
            assertThat(lines).anySatisfy(m -> assertThat(m).contains(shown + " answered HTTP 503"));
        }
    }

    @Test
    void droppedEventsAreCountedEachButLoggedRateLimited() {
        receiver.refuseWith(503);
        try (LogCapture logs = LogCapture.of(DropLogger.class, Level.WARN)) {
            startServer(receiver.endpoint(), "", Map.of("NUM_PARTITIONS", "1", "MAX_QUEUE_SIZE", "1"));
            for (int i = 0; i < 30; i++) {
                join("chat:drop" + i, "a");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> metrics().droppedCount() == 29);
            assertThat(logs.messagesAtLeast(Level.WARN)).hasSizeBetween(1, 2);
        }
    }

    @Test
    void refusesAtStartUpHeadersTheHttpClientCannotSendNamingTheKey() {
        for (String header : List.of("Connection", "content-length", "Expect", "Host", "Upgrade", "Bad Name")) {
            assertThatThrownBy(() -> startServer(receiver.endpoint(),
                    ",\"http\":{\"static_headers\":{\"" + header + "\":\"keep-alive\"}}", Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("channel.proxy.state.http.static_headers." + header);
        }
        assertThatThrownBy(() -> startServer(receiver.endpoint(),
                ",\"http\":{\"static_headers\":{\"X-Tenant\":\"a\\r\\nb\"}}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("channel.proxy.state.http.static_headers.X-Tenant");
    }

    @Test
    void refusesAtStartUpWebhookSecretsThatCannotSign() {
        for (String secret : List.of("whsec_", "whsec_not*base64")) {
            assertThatThrownBy(() -> startServer(receiver.endpoint(), ",\"webhook_secret\":\"" + secret + "\"",
                    Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("channel.proxy.state.webhook_secret")
                    .hasMessageNotContaining("not*base64");
        }
    }
}
