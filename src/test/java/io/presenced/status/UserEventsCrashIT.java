package io.presenced.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
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

import io.presenced.testing.JarProcess;
import io.presenced.testing.WebhookReceiver;
import io.presenced.testing.WebhookReceiver.Received;
import io.presenced.testing.WsClient;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSupport;
import io.presenced.testing.redis.RequiresRedis;

/**
 * Two real presenced processes share a Redis; the one holding the users' WebSocket connections is killed with
 * SIGKILL. The survivor reaps the connections through the node lease and delivers each user's {@code user_offline}
 * exactly once, after the lease and the offline grace, although the killed node may have owned the partitions.
 */
@RequiresRedis
class UserEventsCrashIT {

    private static final String KEY = "user-crash-key";
    private static final String SECRET = "user-crash-secret-0123456789abcdef0123456789";
    private static final int USERS = 40;
    private static final Duration GRACE = Duration.ofSeconds(1);
    // The presence TTL is a minute: whatever goes sooner goes by the lease (2 s) and the grace (1 s).
    private static final Duration REAPED_WITHIN = Duration.ofSeconds(20);

    private RedisNode redis;
    private WebhookReceiver receiver;
    private Path config;
    private JarProcess doomed;
    private JarProcess survivor;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        redis = RedisSupport.standalone();
        redis.command("FLUSHALL");
        receiver = WebhookReceiver.start();
        config = Files.createTempFile("presenced-user-crash", ".json");
        Files.writeString(config, "{\"http_api\":{\"key\":\"" + KEY + "\"},"
                + "\"node\":{\"lease_ttl\":\"2s\"},"
                + "\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\"" + redis.uri() + "\","
                + "\"presence_ttl\":\"60s\",\"channel_state\":{\"lease_ttl\":\"2s\"}}},"
                + "\"client\":{\"token\":{\"hmac_secret_key\":\"" + SECRET + "\"}},"
                + "\"user_status\":{\"offline_grace\":\"" + GRACE.toMillis() + "ms\","
                + "\"proxy\":{\"endpoint\":\"" + receiver.endpoint() + "\"}}}");
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
    void theSurvivorSendsEachUserOfTheKilledNodeOfflineOnce() throws Exception {
        doomed = node();
        survivor = node();
        URI ws = URI.create(doomed.baseUri().resolve("/connection/websocket").toString().replaceFirst("^http", "ws"));
        for (int i = 0; i < USERS; i++) {
            WsClient c = WsClient.open(ws);
            clients.add(c);
            c.connect(token("user" + i));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(receiver.events()).hasSize(USERS));

        long killedAt = System.currentTimeMillis();
        doomed.kill();

        await().atMost(REAPED_WITHIN).untilAsserted(() -> assertThat(receiver.events()).hasSize(2 * USERS));
        for (int i = 0; i < USERS; i++) {
            List<Received> events = receiver.events("user" + i);
            assertThat(events).extracting(Received::type).containsExactly("user_online", "user_offline");
            assertThat(events).extracting(Received::version).containsExactly(1L, 2L);
            // Not before the grace: the connection's end is when the survivor reaped it, after the kill.
            assertThat(events.get(1).timeMs()).isGreaterThanOrEqualTo(killedAt);
        }
        assertThat(survivor.output()).contains("left without a word");
    }
}
