package io.presenced.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.presenced.testing.ApiClient;
import io.presenced.testing.JarProcess;
import io.presenced.testing.WebhookReceiver;
import io.presenced.testing.WsClient;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSupport;
import io.presenced.testing.redis.RequiresRedis;

/**
 * A real presenced process holding 200 WebSocket clients in 50 channels is killed with SIGKILL. Another node reaps
 * its clients through the node lease, well before their presence TTL: the receiver gets each channel's vacated once,
 * and the user-event receiver each user's {@code user_offline} once, after the lease and the offline grace,
 * although the killed node may have owned the partitions.
 */
@RequiresRedis
class NodeDeathIT {

    private static final String KEY = "death-key";
    private static final String SECRET = "node-death-secret-0123456789abcdef0123456789";
    private static final int CLIENTS = 200;
    private static final int CHANNELS = 50;
    // The presence TTL is a minute: whatever goes sooner goes by the lease (2 s) and the vacate delay (1 s).
    private static final Duration REAPED_WITHIN = Duration.ofSeconds(20);

    private RedisNode redis;
    private WebhookReceiver receiver;
    private WebhookReceiver userReceiver;
    private Path config;
    private JarProcess doomed;
    private JarProcess survivor;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        redis = RedisSupport.standalone();
        redis.command("FLUSHALL");
        receiver = WebhookReceiver.start();
        userReceiver = WebhookReceiver.start();
        config = Files.createTempFile("presenced-death", ".json");
        Files.writeString(config, "{\"http_api\":{\"key\":\"" + KEY + "\"},"
                + "\"node\":{\"lease_ttl\":\"2s\"},"
                + "\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\"" + redis.uri() + "\","
                + "\"presence_ttl\":\"60s\",\"channel_state\":{\"vacated_event_delay\":\"1s\",\"lease_ttl\":\"2s\"}}},"
                + "\"client\":{\"token\":{\"hmac_secret_key\":\"" + SECRET + "\"}},"
                + "\"user_status\":{\"offline_grace\":\"1s\",\"proxy\":{\"endpoint\":\"" + userReceiver.endpoint()
                + "\"}},"
                + "\"channel\":{\"proxy\":{\"state\":{\"endpoint\":\"" + receiver.endpoint() + "\"}},"
                + "\"namespaces\":[{\"name\":\"chat\",\"presence\":true,\"state_proxy_enabled\":true,"
                + "\"allow_subscribe_for_client\":true}]}}");
    }

    @AfterEach
    void stop() throws IOException {
        clients.forEach(WsClient::close);
        for (JarProcess p : new JarProcess[] {doomed, survivor}) {
            if (p != null) {
                p.close();
            }
        }
        receiver.close();
        userReceiver.close();
        Files.deleteIfExists(config);
    }

    private JarProcess node() {
        JarProcess p = JarProcess.start(Map.of(), "--config", config.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> p.output().contains("presenced started"));
        return p;
    }

    private static String token(String user) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder().subject(user).build());
        jwt.sign(new MACSigner(SECRET));
        return jwt.serialize();
    }

    @Test
    void aSurvivorReapsTheClientsOfAKilledNodeWithOneVacatedPerChannel() throws Exception {
        doomed = node();
        survivor = node();
        ApiClient api = new ApiClient(survivor.baseUri(), KEY);
        java.net.URI ws = doomed.baseUri().resolve("/connection/websocket");
        ws = java.net.URI.create(ws.toString().replaceFirst("^http", "ws"));
        for (int i = 0; i < CLIENTS; i++) {
            WsClient c = WsClient.open(ws);
            clients.add(c);
            c.connect(token("user" + i));
            c.send("{\"id\":2,\"subscribe\":{\"channel\":\"chat:" + (i % CHANNELS) + "\"}}");
            assertThat(c.nextAnswer().has("subscribe")).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(api.callJson("channels", "{}").at("/result/channels").size()).isEqualTo(CHANNELS);
            assertThat(receiver.events()).hasSize(CHANNELS);
        });

        doomed.kill();

        await().atMost(REAPED_WITHIN).untilAsserted(() -> {
            assertThat(api.callJson("channels", "{}").at("/result/channels").size()).isZero();
            assertThat(receiver.events()).hasSize(2 * CHANNELS);
        });
        for (int i = 0; i < CHANNELS; i++) {
            assertThat(receiver.events("chat:" + i)).extracting(WebhookReceiver.Received::type)
                    .containsExactly("occupied", "vacated");
        }
        assertThat(survivor.output()).contains("left without a word");
    }

    @Test
    void theSurvivorSendsEachUserOfTheKilledNodeOfflineOnce() throws Exception {
        doomed = node();
        survivor = node();
        java.net.URI ws = java.net.URI.create(doomed.baseUri().resolve("/connection/websocket").toString()
                .replaceFirst("^http", "ws"));
        int users = 40;
        for (int i = 0; i < users; i++) {
            WsClient c = WsClient.open(ws);
            clients.add(c);
            c.connect(token("user" + i));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(userReceiver.events()).hasSize(users));

        long killedAt = System.currentTimeMillis();
        doomed.kill();

        await().atMost(REAPED_WITHIN).untilAsserted(() -> assertThat(userReceiver.events()).hasSize(2 * users));
        for (int i = 0; i < users; i++) {
            List<WebhookReceiver.Received> events = userReceiver.events("user" + i);
            assertThat(events).extracting(WebhookReceiver.Received::type)
                    .containsExactly("user_online", "user_offline");
            assertThat(events).extracting(WebhookReceiver.Received::version).containsExactly(1L, 2L);
            // The connection's end is when the survivor reaped it, after the kill.
            assertThat(events.get(1).timeMs()).isGreaterThanOrEqualTo(killedAt);
        }
    }
}
