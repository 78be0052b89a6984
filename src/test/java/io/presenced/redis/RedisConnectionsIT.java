package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.presenced.config.ConfigLoader;
import io.presenced.config.PresenceConfig;
import io.presenced.testing.redis.RedisSupport;

/**
 * Features that point at the same Redis share one set of connections; a different setup gets its own.
 */
class RedisConnectionsIT {

    @BeforeAll
    static void requireRedis() {
        RedisSupport.assumeRedisTestsEnabled();
    }

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
}
