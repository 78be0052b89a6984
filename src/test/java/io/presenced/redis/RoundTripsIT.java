package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.lettuce.core.cluster.SlotHash;
import io.presenced.testing.ApiClient;
import io.presenced.testing.StatusKeys;
import io.presenced.testing.TestServer;
import io.presenced.testing.redis.RedisClusterSet;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisShardSet;
import io.presenced.testing.redis.RedisSupport;
import io.presenced.testing.redis.RequiresRedis;

/**
 * Bulk calls cost one command per shard (per slot on a Cluster), whatever the number of users: counted by Redis
 * itself ({@code INFO commandstats} after {@code CONFIG RESETSTAT}), not by timing.
 */
@RequiresRedis
@Timeout(120)
class RoundTripsIT {

    private static String key(String user) {
        return StatusKeys.key(user);
    }

    @Test
    void bulkGetOfAThousandUsersOnThreeShardsIsOneScriptCallPerShard() {
        RedisShardSet shards = RedisSupport.shards();
        List<String> users = usersOnEveryShard(shards, "bulk-", 1_000);
        try (TestServer server = TestServer.start(config("\"address\":" + SentinelFailoverIT.json(shards.uris())))) {
            ApiClient api = server.client();
            api.callJson("update_user_status", "{\"users\":" + SentinelFailoverIT.json(users.subList(0, 30)) + "}");

            JsonNode statuses = countedCall(api, shards.nodes(), "get_user_status", users).at("/result/statuses");

            assertInRequestOrder(statuses, users, 30);
            assertOneScriptCallEach(shards.nodes());
        }
    }

    @Test
    void updateOfAHundredUsersOnThreeShardsIsOneScriptCallPerShard() {
        RedisShardSet shards = RedisSupport.shards();
        List<String> users = usersOnEveryShard(shards, "update-", 100);
        try (TestServer server = TestServer.start(config("\"address\":" + SentinelFailoverIT.json(shards.uris())))) {
            ApiClient api = server.client();

            countedCall(api, shards.nodes(), "update_user_status", users);

            assertOneScriptCallEach(shards.nodes());
            assertThat(api.callJson("get_user_status", "{\"users\":" + SentinelFailoverIT.json(users) + "}")
                    .at("/result/statuses/99/active").asLong()).isPositive();
        }
    }

    @Test
    void bulkGetOfAThousandUsersOnAClusterIsOneScriptCallPerSlotInOneWritePerNode() {
        RedisClusterSet cluster = RedisSupport.cluster();
        cluster.flushAll();
        List<String> users = users("bulk-", 1_000);
        try (TestServer server = TestServer.start(config("\"cluster_address\":"
                + SentinelFailoverIT.json(cluster.seedUris())))) {
            ApiClient api = server.client();
            api.callJson("update_user_status", "{\"users\":" + SentinelFailoverIT.json(users.subList(0, 30)) + "}");
            List<RedisNode> masters = cluster.masters();

            JsonNode statuses = countedCall(api, masters, "get_user_status", users).at("/result/statuses");

            assertInRequestOrder(statuses, users, 30);
            Map<Integer, Set<Integer>> slotsByPort = slotsByMasterPort(masters.get(0), users);
            assertThat(slotsByPort).hasSize(masters.size());
            for (RedisNode master : masters) {
                int calls = slotsByPort.get(master.port()).size();
                assertThat(commandCalls(master, "evalsha")).as("EVALSHA calls on %s", master).isEqualTo(calls);
                // The node's script calls arrive in one write, which Redis takes in a few 16 KB reads; flushing
                // each call on its own showed as hundreds of reads.
                assertThat(Integer.parseInt(master.info("stats").get("total_reads_processed")))
                        .as("socket reads by %s for %d script calls", master, calls).isLessThan(calls / 10);
            }
        }
    }

    // Only the calls under test may reach the counted nodes: the user-status sweep runs once an hour, and channel
    // presence (whose sweep and counts sampler run every few seconds) lives on another Redis.
    private static String config(String redisMembers) {
        return "{\"engine\":{\"type\":\"redis\",\"redis\":{" + redisMembers + "}},"
                + "\"user_status\":{\"sweep_interval\":\"1h\"},"
                + "\"presence_manager\":{\"enabled\":true,\"redis\":{\"address\":\""
                + RedisSupport.standalone().uri() + "\"}}}";
    }

    private static List<String> users(String prefix, int n) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            users.add(prefix + i);
        }
        return users;
    }

    // Empties the shards and returns users whose keys fall on every one of them, so that each is counted.
    private static List<String> usersOnEveryShard(RedisShardSet shards, String prefix, int n) {
        shards.flushAll();
        List<String> users = users(prefix, n);
        Set<Integer> used = new HashSet<>();
        users.forEach(u -> used.add(JumpHash.shard(key(u), shards.nodes().size())));
        assertThat(used).as("shards holding some of the users").hasSize(shards.nodes().size());
        return users;
    }

    // Calls the method twice and resets the counted nodes' statistics in between: the first call may load the
    // script (NOSCRIPT, then EVAL); the counted one finds it loaded.
    private static JsonNode countedCall(ApiClient api, List<RedisNode> counted, String method, List<String> users) {
        String body = "{\"users\":" + SentinelFailoverIT.json(users) + "}";
        api.callJson(method, body);
        counted.forEach(node -> node.command("CONFIG", "RESETSTAT"));
        return api.callJson(method, body);
    }

    private static void assertOneScriptCallEach(List<RedisNode> nodes) {
        for (RedisNode node : nodes) {
            assertThat(commandCalls(node, "evalsha")).as("EVALSHA calls on %s", node).isEqualTo(1);
            assertThat(commandCalls(node, "eval")).as("EVAL calls on %s", node).isZero();
        }
    }

    private static void assertInRequestOrder(JsonNode statuses, List<String> users, int withStatus) {
        assertThat(statuses).hasSize(users.size());
        for (int i = 0; i < users.size(); i++) {
            assertThat(statuses.get(i).path("user").asText()).isEqualTo(users.get(i));
            assertThat(statuses.get(i).has("active")).as(users.get(i)).isEqualTo(i < withStatus);
        }
    }

    // Returns the "calls" count of INFO commandstats for the command, 0 when it never ran since RESETSTAT.
    private static int commandCalls(RedisNode node, String command) {
        String stats = node.info("commandstats").get("cmdstat_" + command);
        if (stats == null) {
            return 0;
        }
        String calls = stats.substring("calls=".length(), stats.indexOf(','));
        return Integer.parseInt(calls);
    }

    // Maps each master's port to the distinct slots of the users' keys it serves, from CLUSTER SLOTS.
    private static Map<Integer, Set<Integer>> slotsByMasterPort(RedisNode anyNode, List<String> users) {
        List<?> ranges = (List<?>) anyNode.command("CLUSTER", "SLOTS");
        Map<Integer, Set<Integer>> out = new HashMap<>();
        for (String user : users) {
            int slot = SlotHash.getSlot(key(user));
            for (Object r : ranges) {
                List<?> range = (List<?>) r;
                if (slot >= (Long) range.get(0) && slot <= (Long) range.get(1)) {
                    int port = ((Long) ((List<?>) range.get(2)).get(1)).intValue();
                    out.computeIfAbsent(port, p -> new HashSet<>()).add(slot);
                }
            }
        }
        return out;
    }
}
