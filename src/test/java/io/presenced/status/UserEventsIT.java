package io.presenced.status;

import static io.presenced.testing.Engines.Set.CORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.presenced.testing.ApiClient;
import io.presenced.testing.EachEngine;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.TestServer;
import io.presenced.testing.TestTokens;
import io.presenced.testing.WebhookReceiver;
import io.presenced.testing.WebhookReceiver.Received;
import io.presenced.testing.WsClient;

/**
 * {@code user_online} and {@code user_offline} reach the backend for connections from every source: a WebSocket
 * client, and clients a backend reports with {@code presence_join}. A user's events arrive in order with versions
 * counting up; {@code user_offline} waits for the offline grace, and a connection that comes back within it cancels
 * it; a receiver outage delays events but loses none.
 */
@EachEngine(CORE)
class UserEventsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    // The outage: the receiver answers 500 for this long while users come and go.
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Parameter
    Engine engine;

    private final TestTokens tokens = new TestTokens().user("ta", "a", null).user("tb", "b", null);
    private WebhookReceiver receiver;
    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        receiver = WebhookReceiver.start();
    }

    private void startServer(String grace) {
        server = TestServer.start(engine.configWith("\"user_status\":{\"offline_grace\":\"" + grace + "\","
                        + "\"idle_after\":\"2s\","
                        + "\"proxy\":{\"endpoint\":\"" + receiver.endpoint() + "\",\"retry_max_backoff\":\"500ms\"}},"
                        + "\"channel\":{\"namespaces\":[{\"name\":\"chat\",\"presence\":true,"
                        + "\"allow_subscribe_for_client\":true}]}"),
                Clock.systemUTC(), Map.of(), tokens);
        api = server.client();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.close();
    }

    private static List<String> types(List<Received> events) {
        return events.stream().map(Received::type).toList();
    }

    private void awaitTypes(String user, String... types) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(types(receiver.events(user))).containsExactly(types));
    }

    @Test
    void aWebSocketClientMakesItsUserOnlineAndOfflineAfterTheGrace() {
        startServer("1s");
        WsClient a = WsClient.open(server.webSocketUri());
        a.connect("ta");
        awaitTypes("a", "user_online");
        a.close();
        awaitTypes("a", "user_online", "user_offline");
        List<Received> events = receiver.events("a");
        assertThat(events).extracting(Received::version).containsExactly(1L, 2L);
        assertThat(events.get(1).timeMs()).isGreaterThanOrEqualTo(events.get(0).timeMs());
        assertThat(events.get(0).id()).isNotEqualTo(events.get(1).id());
        assertThat(new String(events.get(0).body())).contains("\"user\":\"a\"").doesNotContain("\"channel\"");
    }

    @Test
    void aReconnectWithinTheGraceProducesNoOfflineOnlinePair() {
        startServer("3s");
        WsClient first = WsClient.open(server.webSocketUri());
        first.connect("tb");
        awaitTypes("b", "user_online");
        first.close();
        // A page reload: the same user connects again well within the grace.
        WsClient second = WsClient.open(server.webSocketUri());
        second.connect("tb");
        second.close();
        // The only offline is the one after the last connection; nothing came between the first online and it.
        awaitTypes("b", "user_online", "user_offline");
        assertThat(receiver.events("b")).extracting(Received::version).containsExactly(1L, 2L);
    }

    @Test
    void aReportedClientIsLiveWhileItHoldsAnEntryAnywhere() {
        startServer("500ms");
        api.call("presence_join", "{\"channel\":\"chat:1\",\"client\":\"c1\",\"user\":\"u\"}");
        api.call("presence_join", "{\"channel\":\"chat:2\",\"client\":\"c1\",\"user\":\"u\"}");
        api.call("presence_join", "{\"channel\":\"chat:2\",\"client\":\"c2\",\"user\":\"u\"}");
        awaitTypes("u", "user_online");
        // c1 still holds chat:2, and c2 is live: leaving one channel ends nothing.
        api.call("presence_leave", "{\"channel\":\"chat:1\",\"client\":\"c1\"}");
        api.call("presence_leave", "{\"channel\":\"chat:2\",\"client\":\"c1\"}");
        // c2's connection ends with the backend's disconnect; only then is u without a live connection.
        api.call("presence_disconnect", "{\"client\":\"c2\"}");
        awaitTypes("u", "user_online", "user_offline");
        assertThat(receiver.events("u")).extracting(Received::version).containsExactly(1L, 2L);
    }

    @Test
    void aReportedClientThatLeavesItsLastChannelTakesItsUserOffline() {
        startServer("500ms");
        api.call("presence_join", "{\"channel\":\"chat:1\",\"client\":\"c9\",\"user\":\"v\"}");
        awaitTypes("v", "user_online");
        api.call("presence_leave", "{\"channel\":\"chat:1\",\"client\":\"c9\"}");
        awaitTypes("v", "user_online", "user_offline");
    }

    @Test
    void statusChangesAndTheIdleTimerAreUserStatusEventsWithTheNewStatus() throws Exception {
        startServer("500ms");
        api.call("presence_join", "{\"channel\":\"chat:1\",\"client\":\"s1\",\"user\":\"s\"}");
        awaitTypes("s", "user_online");
        // Activity of a present user that had none is a change; idle_after (2 s here) later, its timer makes it idle.
        api.call("update_user_status", "{\"users\":[\"s\"]}");
        awaitTypes("s", "user_online", "user_status", "user_status");
        api.call("set_user_status", "{\"user\":\"s\",\"state\":\"away\",\"activity\":{\"type\":\"in_call\"}}");
        awaitTypes("s", "user_online", "user_status", "user_status", "user_status");
        List<Received> events = receiver.events("s");
        assertThat(statusOf(events.get(1)).path("status").asText()).isEqualTo("active");
        assertThat(statusOf(events.get(2)).path("status").asText()).isEqualTo("idle");
        JsonNode away = statusOf(events.get(3));
        assertThat(away.path("status").asText()).isEqualTo("away");
        assertThat(away.at("/activity/type").asText()).isEqualTo("in_call");
        assertThat(events).extracting(Received::version).containsExactly(1L, 2L, 3L, 4L);
        // Reconciliation: get_user_status gives the version of the last event.
        assertThat(api.callJson("get_user_status", "{\"users\":[\"s\"],\"detail\":true}")
                .at("/result/statuses/0/version").asLong()).isEqualTo(4L);
    }

    private static JsonNode statusOf(Received event) throws Exception {
        JsonNode body = JSON.readTree(event.body());
        for (JsonNode e : body.path("events")) {
            if (e.path("id").asText().equals(event.id())) {
                return e.path("status");
            }
        }
        throw new AssertionError("event " + event.id() + " not in its body");
    }

    @Test
    void aReceiverOutageLosesNothingAndKeepsEachUsersOrder() {
        startServer("200ms");
        receiver.refuseWith(500);
        Map<String, String> truth = new HashMap<>();
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        String[] kept = new String[6];
        int round = 0;
        // Users come and go for the whole outage: in each round a user connects again, its previous connection
        // ends, and one user in three keeps its new connection until the next round.
        while (System.nanoTime() < outageEnds) {
            for (int u = 0; u < 6; u++) {
                String client = "c" + u + "-" + round;
                api.call("presence_join", "{\"channel\":\"chat:o\",\"client\":\"" + client + "\",\"user\":\"o"
                        + u + "\"}");
                if (kept[u] != null) {
                    api.call("presence_disconnect", "{\"client\":\"" + kept[u] + "\"}");
                }
                kept[u] = (u + round) % 3 == 0 ? client : null;
                if (kept[u] == null) {
                    api.call("presence_disconnect", "{\"client\":\"" + client + "\"}");
                }
            }
            round++;
            // Paces the rounds beyond the grace, so that users really go offline between them.
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        }
        assertThat(receiver.events()).isEmpty();
        assertThat(receiver.refused()).isPositive();
        receiver.refuseWith(0);
        for (int u = 0; u < 6; u++) {
            String user = "o" + u;
            boolean live = !server.server().presence().users().connections(user).toCompletableFuture().join()
                    .isEmpty();
            truth.put(user, live ? "user_online" : "user_offline");
        }
        await().atMost(WAIT).untilAsserted(() -> {
            for (Map.Entry<String, String> t : truth.entrySet()) {
                List<Received> events = receiver.events(t.getKey());
                assertThat(events).isNotEmpty();
                assertThat(events.get(events.size() - 1).type()).as(t.getKey()).isEqualTo(t.getValue());
            }
        });
        for (String user : truth.keySet()) {
            List<Received> events = receiver.events(user);
            // Every user went offline and came back during the outage.
            assertThat(events.size()).as(user).isGreaterThanOrEqualTo(3);
            // In order: versions count up by one from the first, and the types alternate from online.
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).version()).as(user).isEqualTo(i + 1L);
                assertThat(events.get(i).type()).as(user).isEqualTo(i % 2 == 0 ? "user_online" : "user_offline");
            }
        }
    }
}
