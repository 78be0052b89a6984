package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.lettuce.core.cluster.SlotHash;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.presenced.concurrent.Futures;
import io.presenced.redis.RedisTopology.KeyGroup;

/**
 * How topologies split keys into groups; nothing connects (the connections are never started).
 */
class KeyGroupingTest {

    private final DefaultEventExecutorGroup timer = new DefaultEventExecutorGroup(1);

    @AfterEach
    void stopTimer() {
        timer.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private ShardedTopology shards(int n) {
        List<ShardedTopology.Shard> shards = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shards.add(new ShardedTopology.Shard("shard-" + i,
                    new BackgroundConnection<>("shard-" + i, CompletableFuture::new, timer), CompletableFuture::new));
        }
        return new ShardedTopology("p", n + " shards", shards, timer);
    }

    private ClusterTopology cluster() {
        return new ClusterTopology("p", "cluster", new BackgroundConnection<>("c", CompletableFuture::new, timer),
                new BackgroundConnection<>("c", CompletableFuture::new, timer), CompletableFuture::new, timer);
    }

    private static List<String> keys(int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add("p.us.user-" + i);
        }
        return keys;
    }

    @Test
    void oneShardIsOneGroupInRequestOrder() {
        List<KeyGroup> groups = shards(1).group(List.of("b", "a", "b"));
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).keys()).containsExactly("b", "a", "b");
        assertThat(groups.get(0).indices()).containsExactly(0, 1, 2);
    }

    @Test
    void shardsGetTheKeysJumpHashPicksWithTheirPositions() {
        List<String> keys = keys(1_000);
        List<KeyGroup> groups = shards(3).group(keys);
        assertThat(groups).hasSize(3);
        int seen = 0;
        for (KeyGroup g : groups) {
            for (int i = 0; i < g.keys().size(); i++) {
                assertThat(keys.get(g.indices()[i])).isEqualTo(g.keys().get(i));
                assertThat(JumpHash.shard(g.keys().get(i), 3)).isEqualTo(g.route());
            }
            assertThat(g.indices()).isSorted();
            seen += g.keys().size();
        }
        assertThat(seen).isEqualTo(keys.size());
    }

    @Test
    void keysSharingAHashTagShareAShard() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            keys.add("p.presence.{chat:1}.part" + i);
        }
        List<KeyGroup> groups = shards(5).group(keys);
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).route()).isEqualTo(JumpHash.shard("chat:1", 5));
    }

    @Test
    void clusterGroupsBySlotInOrderOfFirstAppearance() {
        try (ClusterTopology cluster = cluster()) {
            List<String> keys = new ArrayList<>(keys(200));
            keys.add("x{p.us.user-7}");
            List<KeyGroup> groups = cluster.group(keys);
            int seen = 0;
            for (KeyGroup g : groups) {
                for (String k : g.keys()) {
                    assertThat(SlotHash.getSlot(k)).isEqualTo(g.route());
                }
                seen += g.keys().size();
            }
            assertThat(seen).isEqualTo(keys.size());
            assertThat(groups.stream().mapToInt(KeyGroup::route).distinct().count()).isEqualTo(groups.size());
            KeyGroup tagged = groups.stream().filter(g -> g.keys().contains("x{p.us.user-7}")).findFirst()
                    .orElseThrow();
            assertThat(tagged.keys()).containsExactly("p.us.user-7", "x{p.us.user-7}");
        }
    }

    @Test
    void oneRedisServesAnyKeysInOneGroup() {
        assertThat(shards(1).isOneGroup(List.of("p.cl.client-1", "{p.p3}.exp", "{p.p90}.exp", "p.us.u"))).isTrue();
    }

    @Test
    void shardsServeKeysInOneGroupOnlyWhenTheyLandOnOneShard() {
        ShardedTopology t = shards(3);
        String tagged = "{p.p3}.exp";
        int home = JumpHash.shard("p.p3", 3);
        String near = clientKey(k -> JumpHash.shard(k, 3) == home);
        String far = clientKey(k -> JumpHash.shard(k, 3) != home);
        assertThat(t.isOneGroup(List.of(near, tagged, "{p.p3}.chans"))).isTrue();
        assertThat(t.isOneGroup(List.of(far, tagged))).isFalse();
    }

    @Test
    void clusterServesKeysInOneGroupOnlyWhenTheyShareASlot() {
        try (ClusterTopology cluster = cluster()) {
            assertThat(cluster.isOneGroup(List.of("{p.p3}.exp", "{p.p3}.ch.chat:1", "p.cl.x{p.p3}"))).isTrue();
            assertThat(SlotHash.getSlot("p.cl.c")).isNotEqualTo(SlotHash.getSlot("{p.p3}.exp"));
            assertThat(cluster.isOneGroup(List.of("p.cl.c", "{p.p3}.exp"))).isFalse();
        }
    }

    // The first client index key "p.cl.client-<i>" that passes the test.
    private static String clientKey(Predicate<String> test) {
        for (int i = 0; ; i++) {
            if (test.test("p.cl.client-" + i)) {
                return "p.cl.client-" + i;
            }
        }
    }

    @Test
    void sendingBeforeTheFirstConnectionFailsFastNamingTheShard() {
        ShardedTopology t = shards(3);
        CompletableFuture<List<Object>> sent =
                t.send(t.group(keys(10)), (c, g) -> CompletableFuture.completedFuture(g));
        assertThat(sent).isCompletedExceptionally();
        assertThat(sent.handle((v, e) -> Futures.unwrap(e)).join())
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageStartingWith("redis shard-")
                .hasMessageContaining("still connecting");
    }
}
