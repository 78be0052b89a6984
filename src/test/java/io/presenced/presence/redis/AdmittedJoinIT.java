package io.presenced.presence.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.presenced.config.ChannelConfig;
import io.presenced.presence.Partitioner;
import io.presenced.redis.JumpHash;
import io.presenced.testing.ApiClient;
import io.presenced.testing.ApiClient.Response;
import io.presenced.testing.TestServer;
import io.presenced.testing.WebhookReceiver;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisShardSet;
import io.presenced.testing.redis.RedisSupport;
import io.presenced.testing.redis.RequiresRedis;

/**
 * A join that one node serves whole runs as one script ({@link PresenceScripts#ADMIT_JOIN}); refused over
 * {@code client.channel_limit}, it changes nothing: no presence, no channel state, no queued event, no client index
 * written (not even the admission of another client of the same call), the index's expiry not moved. Shown on a
 * standalone Redis and on client-side shards, for clients and channels whose keys land on one shard; which script
 * ran is read from the node's script cache, emptied first.
 */
@RequiresRedis
@Timeout(120)
class AdmittedJoinIT {

    private static final Duration EVENTS_WITHIN = Duration.ofSeconds(20);
    private static final PresenceKeys KEYS =
            new PresenceKeys("presenced", new Partitioner(ChannelConfig.DEFAULT_NUM_PARTITIONS));

    private final WebhookReceiver receiver = WebhookReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void refusedJoinOnAStandaloneRedisLeavesPresenceTheIndexesAndTheOutboxUntouched() {
        RedisNode redis = RedisSupport.standalone();
        redis.command("FLUSHALL");
        refusedJoinChangesNothing(redis, "\"address\":\"" + redis.uri() + "\"", 1, 0);
    }

    @Test
    void refusedJoinOnShardsWhereTheKeysShareAShardLeavesPresenceTheIndexesAndTheOutboxUntouched() {
        RedisShardSet shards = RedisSupport.shards();
        shards.flushAll();
        int home = 1;
        refusedJoinChangesNothing(shards.nodes().get(home), "\"address\":" + json(shards.uris()),
                shards.nodes().size(), home);
    }

    // Runs the scenario against the node of shard `home` out of `shards` (1: a single Redis).
    private void refusedJoinChangesNothing(RedisNode node, String redisMembers, int shards, int home) {
        List<String> clients = names("c-", 3, i -> JumpHash.shard(KEYS.client("c-" + i), shards) == home);
        String c = clients.get(0);
        String other = clients.get(1);
        String late = clients.get(2);
        int p = partitionOnShard(shards, home);
        List<String> channels = names("chat:", 4, i -> KEYS.partition("chat:" + i) == p);
        String a = channels.get(0);
        String b = channels.get(1);
        String refused = channels.get(2);
        String after = channels.get(3);
        node.command("SCRIPT", "FLUSH");
        try (TestServer server = TestServer.start(config(redisMembers))) {
            ApiClient api = server.client();
            api.callJson("presence_join", entries(entry(a, c), entry(b, c)));
            await().atMost(EVENTS_WITHIN).until(() -> receiver.events(a).size() == 1
                    && receiver.events(b).size() == 1);
            Object indexBefore = node.command("HGETALL", KEYS.client(c));
            long ttlBefore = (Long) node.command("PTTL", KEYS.client(c));
            String outboxBefore = lastGeneratedId(node, KEYS.outbox(p));

            Response response = api.call("presence_join", entries(entry(refused, other), entry(refused, c)));

            assertThat(response.json().at("/error/code").asInt()).as(response.body()).isEqualTo(106);
            assertThat(response.json().at("/error/message").asText()).startsWith("limit exceeded: entries[1].client: ");
            assertThat(node.command("EXISTS", KEYS.channel(p, refused), KEYS.users(p, refused),
                    KEYS.state(p, refused), KEYS.client(other))).as("keys of the refused join").isEqualTo(0L);
            assertThat(node.command("HEXISTS", KEYS.channels(p), refused)).isEqualTo(0L);
            assertThat(node.command("ZSCORE", KEYS.expiry(p), PresenceKeys.member(refused, c))).isNull();
            assertThat(node.command("HGETALL", KEYS.client(c))).isEqualTo(indexBefore);
            assertThat((Long) node.command("PTTL", KEYS.client(c))).isLessThanOrEqualTo(ttlBefore);
            assertThat(lastGeneratedId(node, KEYS.outbox(p))).as("last id of the outbox").isEqualTo(outboxBefore);
            assertThat(scriptLoaded(node, PresenceScripts.ADMIT_JOIN.sha())).as("the one-trip script ran").isTrue();
            assertThat(scriptLoaded(node, PresenceScripts.ADMIT.sha())).as("the admission alone ran").isFalse();

            // Events of one partition arrive in order: once a later join's event is in, none came for the refusal.
            api.callJson("presence_join", entry(after, late));
            await().atMost(EVENTS_WITHIN).until(() -> receiver.events(after).size() == 1);
            assertThat(receiver.events(refused)).isEmpty();
        }
    }

    private String config(String redisMembers) {
        return "{\"engine\":{\"type\":\"memory\"},"
                + "\"presence_manager\":{\"enabled\":true,\"redis\":{" + redisMembers + "}},"
                + "\"client\":{\"channel_limit\":2},"
                + "\"channel\":{\"proxy\":{\"state\":{\"endpoint\":\"" + receiver.endpoint() + "\"}},"
                + "\"namespaces\":[{\"name\":\"chat\",\"presence\":true,\"state_proxy_enabled\":true}]}}";
    }

    private static String entry(String channel, String client) {
        return "{\"channel\":\"" + channel + "\",\"client\":\"" + client + "\",\"user\":\"u\"}";
    }

    private static String entries(String... entries) {
        return "{\"entries\":[" + String.join(",", entries) + "]}";
    }

    private static String json(List<String> values) {
        return "[\"" + String.join("\",\"", values) + "\"]";
    }

    // The first n names prefix + i whose i passes the test.
    private static List<String> names(String prefix, int n, IntPredicate test) {
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < n; i++) {
            if (test.test(i)) {
                out.add(prefix + i);
            }
        }
        return out;
    }

    // A partition whose keys client-side shards put on shard `home`: they hash the tag's content, "presenced.pN";
    // a client index has no tag and is hashed whole.
    private static int partitionOnShard(int shards, int home) {
        for (int p = 0; ; p++) {
            String tag = KEYS.tag(p);
            if (JumpHash.shard(tag.substring(1, tag.length() - 1), shards) == home) {
                return p;
            }
        }
    }

    private static String lastGeneratedId(RedisNode node, String stream) {
        List<?> info = (List<?>) node.command("XINFO", "STREAM", stream);
        Map<Object, Object> fields = new HashMap<>();
        for (int i = 0; i + 1 < info.size(); i += 2) {
            fields.put(info.get(i), info.get(i + 1));
        }
        return (String) fields.get("last-generated-id");
    }

    private static boolean scriptLoaded(RedisNode node, String sha) {
        return ((List<?>) node.command("SCRIPT", "EXISTS", sha)).get(0).equals(1L);
    }
}
