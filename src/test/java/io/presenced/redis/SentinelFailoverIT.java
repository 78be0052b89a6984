package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.presenced.testing.ApiClient;
import io.presenced.testing.StatusKeys;
import io.presenced.testing.Outage;
import io.presenced.testing.StatusUpdateLoad;
import io.presenced.testing.TestServer;
import io.presenced.testing.redis.RedisSentinelSet;
import io.presenced.testing.redis.RequiresRedis;

/**
 * A node on a Sentinel-managed Redis rides out a failover: while the master is dead, updates fail fast with error
 * 100; once the Sentinels have promoted the replica, they succeed again, without a restart.
 */
@RequiresRedis
@Timeout(120)
class SentinelFailoverIT {

    private static final String MASTER = "failover-master";
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void updatesFailFastDuringFailoverThenSucceedWithoutARestart() {
        // An own set: the shared one must never be killed. It fails over after 1 s without the master.
        try (RedisSentinelSet redis = RedisSentinelSet.create(MASTER, Duration.ofSeconds(30)).start();
             TestServer server = TestServer.start("{\"engine\":{\"type\":\"redis\",\"redis\":{\"sentinel_address\":"
                     + json(redis.sentinelUris()) + ",\"sentinel_master_name\":\"" + MASTER + "\"}}}")) {
            ApiClient api = server.client();
            Outage outage;
            StatusUpdateLoad load = StatusUpdateLoad.start(api, List.of("steady-1", "steady-2"));
            try {
                // Taken before the kill: calls can fail from the moment the signal lands, before kill() returns.
                long killed = load.awaitSteady();
                int oldMaster = redis.killMaster().port();
                // Kill returns once the process has exited.
                long dead = System.nanoTime();
                int newMaster = redis.awaitFailover(FAILOVER_TIMEOUT);
                assertThat(newMaster).isNotEqualTo(oldMaster);
                outage = load.awaitRecovery(killed, dead, FAILOVER_TIMEOUT);
            } finally {
                load.close();
            }
            Duration gap = outage.assertRiddenOut("sentinel " + MASTER + "@");
            System.out.println(outage.describe("Sentinel failover", gap));

            api.callJson("update_user_status", "{\"users\":[\"after-failover\"]}");
            JsonNode status = api.callJson("get_user_status", "{\"users\":[\"after-failover\",\"steady-1\"]}")
                    .at("/result/statuses");
            assertThat(status.at("/0/active").asLong()).isPositive();
            assertThat(status.at("/1/active").asLong()).isPositive();
            assertThat(redis.currentMaster().command("HEXISTS", StatusKeys.key("after-failover"), "after-failover"))
                    .isEqualTo(1L);
        }
    }

    static String json(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
