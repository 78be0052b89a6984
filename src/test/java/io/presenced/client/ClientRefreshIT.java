package io.presenced.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.presenced.testing.TestServer;
import io.presenced.testing.TestTokens;
import io.presenced.testing.WsClient;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSupport;

/**
 * The node refreshes its clients' presence in bulk: on Redis a round costs a few commands whatever the number of
 * connections, counted by Redis itself ({@code INFO commandstats} after {@code CONFIG RESETSTAT}), not by timing.
 */
class ClientRefreshIT {

    private static final int CLIENTS = 40;

    @Test
    void aRefreshRoundIsAFewRedisCommandsForAnyNumberOfConnections() {
        RedisNode redis = RedisSupport.standalone();
        redis.command("FLUSHALL");
        String config = "{\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\"" + redis.uri() + "\"}},"
                + "\"channel\":{\"namespaces\":[{\"name\":\"chat\",\"presence\":true,"
                + "\"allow_subscribe_for_client\":true}]}}";
        TestTokens tokens = new TestTokens().user("t", "u", null);
        List<WsClient> clients = new ArrayList<>();
        try (TestServer server = TestServer.start(config, Clock.systemUTC(),
                // The user-status sweep reads buckets with HGETALL: hourly, it stays out of the count.
                Map.of("PRESENCED_CLIENT_PRESENCE_UPDATE_INTERVAL", "200ms", "PRESENCED_USER_STATUS_SWEEP_INTERVAL",
                        "1h"), tokens)) {
            for (int i = 0; i < CLIENTS; i++) {
                WsClient ws = WsClient.open(server.webSocketUri());
                clients.add(ws);
                ws.connect("t");
                ws.send("{\"id\":2,\"subscribe\":{\"channel\":\"chat:a\"}}\n"
                        + "{\"id\":3,\"subscribe\":{\"channel\":\"chat:b\"}}");
                assertThat(ws.nextAnswer().has("subscribe")).isTrue();
                assertThat(ws.nextAnswer().has("subscribe")).isTrue();
            }
            redis.command("CONFIG", "RESETSTAT");
            // Each round moves every client's index expiry once, inside one script call.
            await().atMost(Duration.ofSeconds(10)).until(() -> calls(redis, "pexpireat") >= 3 * CLIENTS);
            int pexpireat = calls(redis, "pexpireat");
            int zadd = calls(redis, "zadd");
            int rounds = (pexpireat + CLIENTS - 1) / CLIENTS + 1;
            // Per round: one ZADD per partition touched (two channels), no read of any client's index.
            assertThat(zadd).isLessThanOrEqualTo(2 * rounds);
            assertThat(calls(redis, "hgetall")).isZero();
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    // Returns the "calls" count of INFO commandstats for the command, 0 when it never ran since RESETSTAT.
    private static int calls(RedisNode node, String command) {
        String stats = node.info("commandstats").get("cmdstat_" + command);
        if (stats == null) {
            return 0;
        }
        return Integer.parseInt(stats.substring("calls=".length(), stats.indexOf(',')));
    }
}
