package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.presenced.testing.ApiClient;
import io.presenced.testing.StatusKeys;
import io.presenced.testing.TestServer;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSentinelSet;
import io.presenced.testing.redis.RequiresRedis;

/**
 * Several Sentinel-managed masters as client-side shards: one Sentinel deployment watches every master, and
 * {@code sentinel_master_name} lists them in shard order.
 */
@RequiresRedis
@Timeout(120)
class SentinelShardsIT {

    @Test
    void eachUserLivesOnTheMasterJumpHashPicks() {
        try (RedisSentinelSet sentinels = RedisSentinelSet.create("shard-a", Duration.ofSeconds(30)).start();
             RedisNode secondMaster = RedisNode.builder().name("shard-b").build().start()) {
            for (RedisNode sentinel : sentinels.sentinels()) {
                sentinel.command("SENTINEL", "MONITOR", "shard-b", "127.0.0.1",
                        String.valueOf(secondMaster.port()), "2");
            }
            List<RedisNode> masters = List.of(sentinels.currentMaster(), secondMaster);
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                users.add("s" + i);
            }
            String body = "{\"users\":" + SentinelFailoverIT.json(users) + "}";
            try (TestServer server = TestServer.start("{\"engine\":{\"type\":\"redis\",\"redis\":{"
                    + "\"sentinel_address\":" + SentinelFailoverIT.json(sentinels.sentinelUris())
                    + ",\"sentinel_master_name\":[\"shard-a\",\"shard-b\"]}}}")) {
                ApiClient api = server.client();
                api.callJson("update_user_status", body);
                JsonNode statuses = api.callJson("get_user_status", body).at("/result/statuses");

                int[] perShard = new int[2];
                for (int i = 0; i < users.size(); i++) {
                    assertThat(statuses.get(i).path("user").asText()).isEqualTo(users.get(i));
                    assertThat(statuses.get(i).path("active").asLong()).isPositive();
                    String key = StatusKeys.key(users.get(i));
                    int shard = JumpHash.shard(key, 2);
                    perShard[shard]++;
                    assertThat(masters.get(shard).command("HEXISTS", key, users.get(i))).as(key).isEqualTo(1L);
                    assertThat(masters.get(1 - shard).command("EXISTS", key)).as(key).isEqualTo(0L);
                }
                assertThat(perShard).as("users per shard").doesNotContain(0);
            }
        }
    }
}
