package io.presenced.state;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.presenced.PresenceException;
import io.presenced.testing.TestServer;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSupport;

/**
 * Changing the partition count of live Redis data is refused, unless the operator explicitly accepts the loss.
 */
class PartitionCountIT {

    private static String config(RedisNode redis, int partitions, boolean allow) {
        return "{\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\"" + redis.uri() + "\","
                + "\"channel_state\":{\"num_partitions\":" + partitions + ",\"allow_partition_change\":" + allow
                + "}}}}";
    }

    @Test
    void startUpRefusesAnotherPartitionCountUnlessAllowed() {
        RedisNode redis = RedisSupport.standalone();
        redis.command("FLUSHALL");
        TestServer.start(config(redis, 16, false)).close();
        TestServer.start(config(redis, 16, false)).close();
        assertThatThrownBy(() -> TestServer.start(config(redis, 32, false), Clock.systemUTC(), Map.of()))
                .isInstanceOf(PresenceException.class)
                .hasMessageContaining("num_partitions [16] but 32 is configured")
                .hasMessageContaining("allow_partition_change");
        TestServer.start(config(redis, 32, true)).close();
        // The accepted count is now the recorded one.
        TestServer.start(config(redis, 32, false)).close();
    }
}
