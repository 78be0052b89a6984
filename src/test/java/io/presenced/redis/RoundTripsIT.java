package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.lettuce.core.cluster.SlotHash;
import io.presenced.config.ChannelConfig;
import io.presenced.presence.Partitioner;
import io.presenced.testing.ApiClient;
import io.presenced.testing.StatusKeys;
import io.presenced.testing.TestServer;
import io.presenced.testing.redis.RedisClusterSet;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisShardSet;
import io.presenced.testing.redis.RedisSupport;
import io.presenced.testing.redis.RequiresRedis;

/**
 * Bulk calls cost one command per shard (per slot on a Cluster), whatever the number of users, and a presence join
 * is one script call where one node serves all its keys: counted by Redis itself ({@code INFO commandstats} after
 * {@code CONFIG RESETSTAT}), not by timing.
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
        try (TestServer server = startOnShards(shards)) {
            ApiClient api = server.client();
            api.callJson("update_user_status", "{\"users\":" + SentinelFailoverIT.json(users.subList(0, 30)) + "}");

            JsonNode statuses = countedCall(api, shards.nodes(), "get_user_status", users).at("/result/statuses");

            assertInRequestOrder(statuses, users, 30);
            assertOneScriptCallEach(shards.nodes());
        }
    }

    @Test
    void detailedGetAndDeviceReportOfManyUsersOnThreeShardsAreOneScriptCallPerShard() {
        RedisShardSet shards = RedisSupport.shards();
        List<String> users = usersOnEveryShard(shards, "rich-", 1_000);
        try (TestServer server = startOnShards(shards)) {
            ApiClient api = server.client();
            countedCall(api, shards.nodes(), "update_user_status", users.subList(0, 100),
                    ",\"device\":\"phone\",\"platform\":\"mobile\"");
            assertOneScriptCallEach(shards.nodes());

            JsonNode statuses = countedCall(api, shards.nodes(), "get_user_status", users, ",\"detail\":true")
                    .at("/result/statuses");
            assertOneScriptCallEach(shards.nodes());
            assertInRequestOrder(statuses, users, 100);
            assertThat(statuses.get(99).at("/devices/0/id").asText()).isEqualTo("phone");
            assertThat(statuses.get(100).path("status").asText()).isEqualTo("offline");
        }
    }

    @Test
    void updateOfAHundredUsersOnThreeShardsIsOneScriptCallPerShard() {
        RedisShardSet shards = RedisSupport.shards();
        List<String> users = usersOnEveryShard(shards, "update-", 100);
        try (TestServer server = startOnShards(shards)) {
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

    @Test
    void joinOnAStandaloneRedisIsOneScriptCallForOneClientAndForSeveral() {
        RedisNode redis = RedisSupport.standalone();
        redis.command("FLUSHALL");
        assertThat(partition("chat:1")).as("partitions of the joined channels").isNotEqualTo(partition("chat:2"));
        try (TestServer server = TestServer.start(presenceConfig("\"address\":\"" + redis.uri() + "\""))) {
            ApiClient api = server.client();
            warmUp(api, "c", "chat:1");

            redis.command("CONFIG", "RESETSTAT");
            api.callJson("presence_join", entry("chat:1", "c"));
            assertThat(scriptCalls(List.of(redis))).as("script calls of a one-entry join").isEqualTo(1);

            redis.command("CONFIG", "RESETSTAT");
            api.callJson("presence_join", "{\"entries\":[" + entry("chat:2", "c") + "," + entry("chat:3", "other")
                    + "," + entry("chat:1", "other") + "]}");
            assertThat(scriptCalls(List.of(redis))).as("script calls of a join of two clients, three partitions")
                    .isEqualTo(1);
            assertThat(clients(api, "chat:1")).isEqualTo(2);
            assertThat(clients(api, "chat:2")).isEqualTo(1);
            assertThat(clients(api, "chat:3")).isEqualTo(1);
        }
    }

    @Test
    void joinOnShardsIsOneScriptCallWhenTheClientsIndexSharesTheChannelsShardElseTwo() {
        RedisShardSet shards = RedisSupport.shards();
        shards.flushAll();
        int n = shards.nodes().size();
        String channel = "chat:1";
        int home = JumpHash.shard(HashTag.of(partitionKey(channel)), n);
        String near = clientOnShard(n, s -> s == home);
        String far = clientOnShard(n, s -> s != home);
        try (TestServer server = TestServer.start(presenceConfig("\"address\":"
                + SentinelFailoverIT.json(shards.uris())))) {
            ApiClient api = server.client();
            warmUp(api, near, channel);
            warmUp(api, far, channel);

            shards.nodes().forEach(node -> node.command("CONFIG", "RESETSTAT"));
            api.callJson("presence_join", entry(channel, near));
            assertThat(scriptCalls(List.of(shards.nodes().get(home)))).as("script calls on the channel's shard")
                    .isEqualTo(1);
            assertThat(scriptCalls(shards.nodes())).as("script calls on all shards").isEqualTo(1);

            shards.nodes().forEach(node -> node.command("CONFIG", "RESETSTAT"));
            api.callJson("presence_join", entry(channel, far));
            assertThat(scriptCalls(shards.nodes())).as("admission, then the partition's join").isEqualTo(2);
            assertThat(clients(api, channel)).isEqualTo(2);
        }
    }

    @Test
    void joinOnAClusterIsTheAdmissionThenThePartitionsJoinWhenTheirSlotsDiffer() {
        RedisClusterSet cluster = RedisSupport.cluster();
        cluster.flushAll();
        assertThat(SlotHash.getSlot("presenced.cl.c")).isNotEqualTo(SlotHash.getSlot(partitionKey("chat:1")));
        try (TestServer server = TestServer.start(presenceConfig("\"cluster_address\":"
                + SentinelFailoverIT.json(cluster.seedUris())))) {
            ApiClient api = server.client();
            warmUp(api, "c", "chat:1");
            cluster.masters().forEach(node -> node.command("CONFIG", "RESETSTAT"));

            api.callJson("presence_join", entry("chat:1", "c"));

            assertThat(scriptCalls(cluster.masters())).as("admission, then the partition's join").isEqualTo(2);
            assertThat(clients(api, "chat:1")).isEqualTo(1);
        }
    }

    // Channel presence on the counted Redis, user status (written by the online tracker) in memory.
    private static String presenceConfig(String redisMembers) {
        return "{\"engine\":{\"type\":\"memory\"},"
                + "\"presence_manager\":{\"enabled\":true,\"redis\":{" + redisMembers + "}},"
                + "\"channel\":{\"namespaces\":[{\"name\":\"chat\",\"presence\":true}]}}";
    }

    // Joins and leaves once, so that the counted join finds its scripts loaded (no NOSCRIPT, then EVAL).
    private static void warmUp(ApiClient api, String client, String channel) {
        api.callJson("presence_join", entry(channel, client));
        api.callJson("presence_leave", "{\"channel\":\"" + channel + "\",\"client\":\"" + client + "\"}");
    }

    private static String entry(String channel, String client) {
        return "{\"channel\":\"" + channel + "\",\"client\":\"" + client + "\",\"user\":\"u\"}";
    }

    private static int clients(ApiClient api, String channel) {
        return api.callJson("presence_stats", "{\"channel\":\"" + channel + "\"}").at("/result/num_clients")
                .asInt();
    }

    private static int partition(String channel) {
        return new Partitioner(ChannelConfig.DEFAULT_NUM_PARTITIONS).partition(channel);
    }

    // A key of the channel's partition under the default prefix: all of them share its hash tag.
    private static String partitionKey(String channel) {
        return "{presenced.p" + partition(channel) + "}.exp";
    }

    // The first client "c-<i>" whose index key lands on a shard that passes the test.
    private static String clientOnShard(int shards, IntPredicate test) {
        for (int i = 0; ; i++) {
            String client = "c-" + i;
            if (test.test(JumpHash.shard(HashTag.of("presenced.cl." + client), shards))) {
                return client;
            }
        }
    }

    private static int scriptCalls(List<RedisNode> nodes) {
        return nodes.stream().mapToInt(node -> commandCalls(node, "evalsha") + commandCalls(node, "eval")).sum();
    }

    // Only the calls under test may reach the counted nodes: the user-status sweep runs once an hour, and channel
    // presence (whose sweep and counts sampler run every few seconds) lives on another Redis.
    private static String config(String redisMembers) {
        return "{\"engine\":{\"type\":\"redis\",\"redis\":{" + redisMembers + "}},"
                + "\"user_status\":{\"sweep_interval\":\"1h\"},"
                + "\"presence_manager\":{\"enabled\":true,\"redis\":{\"address\":\""
                + RedisSupport.standalone().uri() + "\"}}}";
    }

    // A node whose user status lives on the shards (see config).
    private static TestServer startOnShards(RedisShardSet shards) {
        return TestServer.start(config("\"address\":" + SentinelFailoverIT.json(shards.uris())));
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
        return countedCall(api, counted, method, users, "");
    }

    private static JsonNode countedCall(ApiClient api, List<RedisNode> counted, String method, List<String> users,
                                        String moreParams) {
        String body = "{\"users\":" + SentinelFailoverIT.json(users) + moreParams + "}";
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
