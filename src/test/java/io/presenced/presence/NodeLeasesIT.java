package io.presenced.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.presenced.testing.ApiClient;
import io.presenced.testing.TestServer;
import io.presenced.testing.WebhookReceiver;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSupport;
import io.presenced.testing.redis.RequiresRedis;

/**
 * Node leases on a real Redis: the clients of a node whose lease has expired are removed by a live node, with one
 * vacated event per channel; a live node's clients are left alone; a node that finds its lease lost says so; a node
 * that stops gives its lease up.
 */
@RequiresRedis
class NodeLeasesIT {

    private static final Duration WITHIN = Duration.ofSeconds(15);
    // Long enough that nothing in these tests expires by TTL: what goes, goes by the lease.
    private static final String PRESENCE_TTL = "60s";

    private final RedisNode redis = RedisSupport.standalone();
    private WebhookReceiver receiver;
    private TestServer node;
    private ApiClient api;

    @BeforeEach
    void start() {
        redis.command("FLUSHALL");
        receiver = WebhookReceiver.start();
        node = startNode();
        api = node.client();
    }

    private TestServer startNode() {
        String config = "{\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\"" + redis.uri() + "\"}},"
                + "\"channel\":{\"proxy\":{\"state\":{\"endpoint\":\"" + receiver.endpoint() + "\"}},"
                + "\"namespaces\":[{\"name\":\"chat\",\"presence\":true,\"state_proxy_enabled\":true}]}}";
        Map<String, String> env = Map.of(
                "PRESENCED_ENGINE_REDIS_CHANNEL_STATE_VACATED_EVENT_DELAY", "300ms",
                "PRESENCED_ENGINE_REDIS_PRESENCE_TTL", PRESENCE_TTL,
                "PRESENCED_NODE_LEASE_TTL", "900ms");
        return TestServer.start(config, Clock.systemUTC(), env);
    }

    @AfterEach
    void stop() {
        node.close();
        receiver.close();
    }

    private void join(String channel, String client, String user) {
        assertThat(api.call("presence_join", "{\"channel\":\"" + channel + "\",\"client\":\"" + client
                + "\",\"user\":\"" + user + "\"}").status()).isEqualTo(200);
    }

    private int clients(String channel) {
        return api.callJson("presence_stats", "{\"channel\":\"" + channel + "\"}").path("result")
                .path("num_clients").asInt();
    }

    @Test
    void removesTheClientsOfANodeWhoseLeaseExpiredWithOneVacatedPerChannel() {
        // What a node killed with SIGKILL leaves behind: its registration and client set, and no lease.
        for (int i = 0; i < 3; i++) {
            join("chat:dead", "dead-" + i, "u" + i);
        }
        join("chat:mixed", "dead-3", "u3");
        join("chat:mixed", "backend-1", "u4");
        redis.command("SADD", "presenced.nodes", "dead-node");
        redis.command("SADD", "presenced.node.dead-node.clients", "dead-0", "dead-1", "dead-2", "dead-3");

        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(clients("chat:dead")).isZero();
            assertThat(clients("chat:mixed")).isEqualTo(1);
            assertThat(receiver.events("chat:dead")).extracting(WebhookReceiver.Received::type)
                    .containsExactly("occupied", "vacated");
            assertThat(redis.command("SISMEMBER", "presenced.nodes", "dead-node")).isEqualTo(0L);
        });
        assertThat(redis.command("EXISTS", "presenced.node.dead-node.clients")).isEqualTo(0L);
        // The client a backend reported stays: it keeps its TTL, only the dead node's clients went.
        assertThat(receiver.events("chat:mixed")).extracting(WebhookReceiver.Received::type)
                .containsExactly("occupied");
    }

    @Test
    void leavesTheClientsOfALiveNodeAlone() {
        TestServer other = startNode();
        try {
            other.server().nodeClients().connected("live-0");
            join("chat:live", "live-0", "u0");
            await().atMost(WITHIN).until(() -> ((List<?>) redis.command("SMEMBERS", "presenced.nodes")).size() == 2);
            // A dead node registered after the live one: once it is reaped, a round has looked at the live node.
            join("chat:dead", "dead-0", "u1");
            redis.command("SADD", "presenced.nodes", "dead-node");
            redis.command("SADD", "presenced.node.dead-node.clients", "dead-0");

            await().atMost(WITHIN).until(() -> clients("chat:dead") == 0);
            assertThat(clients("chat:live")).isEqualTo(1);
            assertThat(receiver.events("chat:live")).extracting(WebhookReceiver.Received::type)
                    .containsExactly("occupied");
        } finally {
            other.close();
        }
    }

    @Test
    void aNodeThatStopsGivesItsLeaseUp() {
        TestServer other = startNode();
        other.server().nodeClients().connected("gone-0");
        await().atMost(WITHIN).until(() -> ((List<?>) redis.command("SMEMBERS", "presenced.nodes")).size() == 2);

        other.close();

        assertThat((List<?>) redis.command("SMEMBERS", "presenced.nodes")).hasSize(1);
        List<?> keys = (List<?>) redis.command("KEYS", "presenced.node.*");
        assertThat(keys).hasSize(1).allSatisfy(k -> assertThat((String) k).doesNotEndWith(".clients"));
    }

    @Test
    void aNodeThatFindsItsLeaseGoneRunsTheLeaseLostAction() {
        AtomicInteger lost = new AtomicInteger();
        node.server().nodeClients().onLeaseLost(lost::incrementAndGet);
        await().atMost(WITHIN).until(() -> !((List<?>) redis.command("KEYS", "presenced.node.*")).isEmpty());

        // What a stall longer than the lease looks like from inside: the lease has expired.
        for (Object key : (List<?>) redis.command("KEYS", "presenced.node.*")) {
            redis.command("DEL", (String) key);
        }

        await().atMost(WITHIN).until(() -> lost.get() == 1);
        await().atMost(WITHIN).until(() -> !((List<?>) redis.command("KEYS", "presenced.node.*")).isEmpty());
    }
}
