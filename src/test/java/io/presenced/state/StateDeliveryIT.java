package io.presenced.state;

import static io.presenced.state.StateAssertions.assertStrictAlternation;
import static io.presenced.testing.Engines.Set.CORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.presenced.testing.EachEngine;
import io.presenced.testing.WebhookReceiver.Received;

/**
 * Delivery when the backend is down, when queues fill up, and with signed requests, on every engine.
 */
@EachEngine(CORE)
class StateDeliveryIT extends StateSuite {

    @Test
    void everyEventArrivesInOrderAfterA30SecondBackendOutage() {
        startDelivering("", Map.of());
        receiver.refuseWith(503);
        Random random = new Random(7);
        Map<String, Boolean> present = new HashMap<>();
        long outageEnds = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int ops = 0;
        // Churn for the whole outage, at a bounded pace.
        while (System.nanoTime() < outageEnds) {
            String channel = "chat:o" + random.nextInt(20);
            String key = channel + "/" + random.nextInt(2);
            String client = key.substring(key.indexOf('/') + 1);
            if (present.getOrDefault(key, false)) {
                leave(channel, "c" + client);
                present.put(key, false);
            } else {
                join(channel, "c" + client);
                present.put(key, true);
            }
            ops++;
            // Paces the churn to a steady load of about 40 changes a second; nothing waits for a result here.
            await().pollDelay(Duration.ofMillis(25)).until(() -> true);
        }
        assertThat(receiver.refused()).isPositive();
        assertThat(receiver.events()).isEmpty();
        receiver.refuseWith(0);

        Map<String, String> truth = new HashMap<>();
        present.forEach((key, on) -> {
            String channel = key.substring(0, key.indexOf('/'));
            truth.merge(channel, on ? "occupied" : "vacated", (a, b) -> a.equals("occupied") ? a : b);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, String> view = receiver.view();
            truth.forEach((channel, expected) -> {
                if (expected.equals("occupied") || view.containsKey(channel)) {
                    assertThat(view.get(channel)).as(channel).isEqualTo(expected);
                }
            });
        });
        assertStrictAlternation(receiver);
        System.out.printf("[%s] outage: %d operations, %d refused requests, %d events delivered after it%n",
                engine, ops, receiver.refused(), receiver.events().size());
    }

    @Test
    void fullQueueDropsAndCountsNewEventsButKeepsStateCorrect() {
        startDelivering("", Map.of("MAX_QUEUE_SIZE", "2", "NUM_PARTITIONS", "1"));
        receiver.refuseWith(503);
        join("chat:q1", "a");
        join("chat:q2", "a");
        join("chat:q3", "a");
        join("chat:q4", "a");
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics().droppedCount() == 2);
        receiver.refuseWith(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.events().size() == 2);
        assertThat(receiver.events()).extracting(Received::channel).containsExactly("chat:q1", "chat:q2");

        // q3's occupied was dropped, but its state changed: its vacated comes with version 2.
        leave("chat:q3", "a");
        Received vacated = awaitEvents("chat:q3", 1).get(0);
        assertThat(vacated.type()).isEqualTo("vacated");
        assertThat(vacated.version()).isEqualTo(2);
    }

    @Test
    void signedRequestsVerifyWithTheStandardWebhooksScheme() throws Exception {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        startDelivering(",\"webhook_secret\":\"" + secret
                + "\",\"http\":{\"static_headers\":{\"X-Tenant\":\"t1\"}}", Map.of());
        join("chat:s", "a");
        Received r = awaitEvents("chat:s", 1).get(0);
        String id = r.headers().getFirst("webhook-id");
        String ts = r.headers().getFirst("webhook-timestamp");
        String sig = r.headers().getFirst("webhook-signature");
        assertThat(id).isEqualTo(r.id());
        assertThat(Long.parseLong(ts)).isCloseTo(System.currentTimeMillis() / 1000,
                org.assertj.core.data.Offset.offset(60L));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(r.body()));
        assertThat(sig).isEqualTo(expected);
        assertThat(r.headers().getFirst("X-Tenant")).isEqualTo("t1");
        assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json");
    }
}
