package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.lettuce.core.cluster.SlotHash;
import io.presenced.testing.ApiClient;
import io.presenced.testing.StatusKeys;
import io.presenced.testing.Outage;
import io.presenced.testing.StatusUpdateLoad;
import io.presenced.testing.TestServer;
import io.presenced.testing.redis.RedisClusterSet;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RequiresRedis;

/**
 * A node on a Redis Cluster rides out the loss of a master: while its replica has not taken over, updates that
 * touch its slots fail fast with error 100; then Lettuce's topology refresh finds the new master and they succeed
 * again, without a restart.
 */
@RequiresRedis
@Timeout(120)
class ClusterFailoverIT {

    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void updatesFailFastWhileAMasterIsDownThenSucceedWithoutARestart() {
        // An own cluster with a replica per master (the shared one has none and must never be killed);
        // cluster-node-timeout is 1 s, so the replica takes over within a few seconds.
        try (RedisClusterSet redis = RedisClusterSet.builder().replicasPerMaster(1).build().start();
             TestServer server = TestServer.start("{\"engine\":{\"type\":\"redis\",\"redis\":{\"cluster_address\":"
                     + SentinelFailoverIT.json(redis.seedUris()) + "}}}")) {
            ApiClient api = server.client();
            List<String> users = usersOnEverySlotRange();
            Outage outage;
            RedisNode killed;
            StatusUpdateLoad load = StatusUpdateLoad.start(api, users);
            try {
                // Taken before the kill: calls can fail from the moment the signal lands, before kill() returns.
                long killedAt = load.awaitSteady();
                killed = redis.killMasterWithReplica();
                // Kill returns once the process has exited.
                long dead = System.nanoTime();
                redis.awaitClusterOk(FAILOVER_TIMEOUT);
                outage = load.awaitRecovery(killedAt, dead, FAILOVER_TIMEOUT);
            } finally {
                load.close();
            }
            Duration gap = outage.assertRiddenOut("redis cluster node 127.0.0.1:" + killed.port());
            System.out.println(outage.describe("Cluster failover", gap));

            api.callJson("update_user_status", "{\"users\":" + SentinelFailoverIT.json(users) + "}");
            JsonNode statuses = api.callJson("get_user_status", "{\"users\":" + SentinelFailoverIT.json(users) + "}")
                    .at("/result/statuses");
            assertThat(statuses).hasSize(users.size());
            for (int i = 0; i < users.size(); i++) {
                assertThat(statuses.get(i).path("user").asText()).isEqualTo(users.get(i));
                assertThat(statuses.get(i).path("active").asLong()).isPositive();
            }
        }
    }

    // redis-cli gives each of the 3 masters a third of the slots in order, so one user per sixth of the slot
    // space touches every master whichever is killed.
    private static List<String> usersOnEverySlotRange() {
        List<String> users = new ArrayList<>();
        boolean[] covered = new boolean[6];
        for (int i = 0; users.size() < covered.length; i++) {
            String user = "u" + i;
            int sixth = SlotHash.getSlot(StatusKeys.key(user)) * covered.length / SlotHash.SLOT_COUNT;
            if (!covered[sixth]) {
                covered[sixth] = true;
                users.add(user);
            }
        }
        return users;
    }
}
