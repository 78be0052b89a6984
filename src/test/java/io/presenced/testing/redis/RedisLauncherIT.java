package io.presenced.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class RedisLauncherIT {

    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);

    @BeforeEach
    void requireRedis() {
        RedisSupport.assumeRedisTestsEnabled();
    }

    @Test
    void answersPingOnAFreeLoopbackPort() {
        try (RedisNode node = RedisNode.create().start()) {
            assertThat(node.isAlive()).isTrue();
            assertThat(node.uri()).isEqualTo("redis://127.0.0.1:" + node.port());
            assertThat(node.command("PING")).isEqualTo("PONG");
            assertThat(node.info("server")).containsEntry("tcp_port", String.valueOf(node.port()));
        }
    }

    @Test
    void parsesStringsIntegersListsNullsAndErrorReplies() {
        RedisNode node = RedisSupport.standalone();
        node.command("FLUSHALL");

        assertThat(node.command("SET", "greeting", "héllo wörld")).isEqualTo("OK");
        assertThat(node.command("GET", "greeting")).isEqualTo("héllo wörld");
        assertThat(node.command("GET", "missing")).isNull();
        assertThat(node.command("RPUSH", "list", "a", "b")).isEqualTo(2L);
        assertThat(node.command("LRANGE", "list", "0", "-1")).isEqualTo(List.of("a", "b"));
        assertThatThrownBy(() -> node.command("INCR", "greeting"))
                .isInstanceOfSatisfying(RedisReplyException.class, e -> assertThat(e.code()).isEqualTo("ERR"));
        assertThat(node.command("CONFIG", "RESETSTAT")).isEqualTo("OK");
        assertThat(node.command("PING")).isEqualTo("PONG");
        assertThat(node.info("commandstats")).containsKey("cmdstat_ping");
    }

    @Test
    void sharesOneStandaloneNodePerJvm() {
        assertThat(RedisSupport.standalone()).isSameAs(RedisSupport.standalone());
        assertThat(RedisSupport.standalone().isAlive()).isTrue();
    }

    @Test
    void comesBackEmptyOnTheSamePortAfterKillAndRestart() {
        try (RedisNode node = RedisNode.create().start()) {
            int port = node.port();
            node.command("SET", "key", "value");

            node.kill();
            assertThat(node.isAlive()).isFalse();
            assertThatThrownBy(() -> node.command("PING")).isInstanceOf(RuntimeException.class);

            node.restart();
            assertThat(node.port()).isEqualTo(port);
            assertThat(node.command("PING")).isEqualTo("PONG");
            assertThat(node.command("GET", "key")).isNull();
        }
    }

    @Test
    void stopsGracefullyAndDeletesItsDirectoryOnClose() {
        RedisNode node = RedisNode.create().start();
        Path directory = node.directory();

        node.stop();
        assertThat(node.isAlive()).isFalse();
        assertThat(node.logFile()).content().contains("ready to exit");

        node.close();
        assertThat(Files.exists(directory)).isFalse();
    }

    @Test
    void explainsHowToInstallRedisWhenTheExecutableIsMissing() {
        try (RedisNode node = RedisNode.builder().executable("presenced-no-such-redis-server").build()) {
            assertThatThrownBy(node::start)
                    .hasMessageContaining("not found on PATH")
                    .hasMessageContaining("apt-get install redis-server")
                    .hasMessageContaining("brew install redis")
                    .hasMessageContaining("-DskipRedisTests=true");
        }
    }

    @Test
    void startsTheRedis62ShippedInTheMavenArtifactWhenPathHasNone() {
        Path binary = RedisServerBinary.embedded();
        assertThat(binary).startsWith(Path.of("target").toAbsolutePath()).isExecutable();

        try (RedisNode node = RedisNode.builder().name("embedded").executable(binary.toString()).build().start()) {
            assertThat(node.info("server").get("redis_version")).startsWith("6.2.");
            assertThat(node.command("SET", "key", "value")).isEqualTo("OK");
            assertThat(node.command("GET", "key")).isEqualTo("value");
        }
    }

    @Test
    void startsSentinelSetWithReplicaInSyncAndMasterKnownToEverySentinel() {
        RedisSentinelSet sentinel = RedisSupport.sentinel();

        assertThat(sentinel.replica().info("replication")).containsEntry("master_link_status", "up");
        assertThat(sentinel.sentinelUris()).hasSize(3).allMatch(uri -> uri.startsWith("redis://127.0.0.1:"));
        for (RedisNode node : sentinel.sentinels()) {
            assertThat(node.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", sentinel.masterName()))
                    .isEqualTo(List.of("127.0.0.1", String.valueOf(sentinel.master().port())));
        }
        assertThat(sentinel.currentMasterPort()).isEqualTo(sentinel.master().port());
    }

    @Test
    void electsNewMasterWhenSentinelMasterIsKilled() {
        try (RedisSentinelSet sentinel = RedisSentinelSet.create().start()) {
            RedisNode oldMaster = sentinel.killMaster();

            int newMasterPort = sentinel.awaitFailover(FAILOVER_TIMEOUT);

            assertThat(newMasterPort).isEqualTo(sentinel.replica().port()).isNotEqualTo(oldMaster.port());
            assertThat(sentinel.currentMasterPort()).isEqualTo(newMasterPort);
            assertThat(sentinel.replica().command("SET", "after-failover", "1")).isEqualTo("OK");
            // Not asserted: that the old master, restarted, rejoins as a replica. In about one CI run in three the
            // promoted replica was demoted under the returning master instead, even after every sentinel had
            // switched; the cause is not found yet, and presenced's own failover suites do not restart the master.
        }
    }

    @Test
    void startsClusterWithEverySlotAssigned() {
        RedisClusterSet cluster = RedisSupport.cluster();

        assertThat(cluster.seedUris()).hasSize(3);
        assertThat(cluster.masters()).hasSize(3);
        for (RedisNode node : cluster.nodes()) {
            assertThat((String) node.command("CLUSTER", "INFO"))
                    .contains("cluster_state:ok")
                    .contains("cluster_slots_assigned:16384");
        }
    }

    @Test
    void returnsToClusterStateOkWhenMasterWithReplicaIsKilled() {
        try (RedisClusterSet cluster = RedisClusterSet.builder().replicasPerMaster(1).build().start()) {
            assertThat(cluster.nodes()).hasSize(6);
            assertThat(cluster.masters()).hasSize(3);

            RedisNode killed = cluster.killMasterWithReplica();
            cluster.awaitClusterOk(FAILOVER_TIMEOUT);

            assertThat(cluster.masters()).hasSize(3).doesNotContain(killed);
            for (RedisNode node : cluster.nodes()) {
                if (node.isAlive()) {
                    assertThat((String) node.command("CLUSTER", "INFO")).contains("cluster_state:ok");
                }
            }

            killed.restart();
            await().atMost(FAILOVER_TIMEOUT).untilAsserted(() -> assertThat(cluster.replicas()).contains(killed));
            cluster.awaitClusterOk(FAILOVER_TIMEOUT);
        }
    }
}
