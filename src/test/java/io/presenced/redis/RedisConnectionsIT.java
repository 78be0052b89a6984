package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.presenced.config.ConfigLoader;
import io.presenced.config.PresenceConfig;
import io.presenced.testing.ApiClient;
import io.presenced.testing.TestServer;
import io.presenced.testing.redis.RedisSupport;
import io.presenced.testing.redis.RequiresRedis;

/**
 * Features that point at the same Redis share one set of connections; a different setup gets its own, and a
 * node opens and probes every configured setup.
 */
@RequiresRedis
class RedisConnectionsIT {

    private static PresenceConfig config(String presencePrefix) {
        String address = RedisSupport.standalone().uri();
        return ConfigLoader.fromJson("{\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\"" + address + "\"}},"
                + "\"user_status\":{\"redis\":{\"address\":\"" + address + "\"}},"
                + "\"presence_manager\":{\"enabled\":true,\"redis\":{\"address\":\"" + address + "\","
                + "\"prefix\":\"" + presencePrefix + "\"}}}", Map.of());
    }

    @Test
    void equalSetupsShareOneTopology() {
        PresenceConfig c = config("presenced");
        try (RedisConnections connections = new RedisConnections()) {
            RedisTopology engine = connections.get(c.engine().redis().orElseThrow());
            RedisTopology status = connections.get(c.userStatus().redis().orElseThrow());
            RedisTopology presence = connections.get(c.presenceManager().redis().orElseThrow());
            assertThat(status).isSameAs(engine);
            assertThat(presence).isSameAs(engine);
            assertThat(connections.all()).containsExactly(engine);
            assertThat(engine.ping().toCompletableFuture().join()).isNull();
        }
    }

    @Test
    void differentSetupsGetTheirOwnTopologies() {
        PresenceConfig c = config("presence");
        try (RedisConnections connections = new RedisConnections()) {
            RedisTopology engine = connections.get(c.engine().redis().orElseThrow());
            RedisTopology presence = connections.get(c.presenceManager().redis().orElseThrow());
            assertThat(presence).isNotSameAs(engine);
            assertThat(presence.prefix()).isEqualTo("presence");
            assertThat(connections.all()).containsExactly(engine, presence);
        }
    }

    @Test
    void serverOpensEveryConfiguredSetupOnceAndProbesEach() {
        String address = RedisSupport.standalone().uri();
        try (TestServer server = TestServer.start("{\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\""
                + address + "\"}},\"user_status\":{\"redis\":{\"reuse_from_engine\":true}},"
                + "\"presence_manager\":{\"enabled\":true,\"redis\":{\"address\":\"" + address + "\","
                + "\"prefix\":\"presence\"}}}")) {
            ApiClient.Response ready = server.client().request("GET", "/ready", null,
                    Map.of("X-API-Key", TestServer.API_KEY));
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().at("/redis")).hasSize(2);
            assertThat(ready.json().at("/redis/0/prefix").asText()).isEqualTo("presenced");
            assertThat(ready.json().at("/redis/1/prefix").asText()).isEqualTo("presence");
            assertThat(ready.json().at("/redis/1/setup").asText()).isEqualTo("standalone [" + address + "]");
        }
    }
}
