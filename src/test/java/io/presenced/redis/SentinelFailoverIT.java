package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.presenced.testing.ApiClient;
import io.presenced.testing.StatusKeys;
import io.presenced.testing.Outage;
import io.presenced.testing.StatusUpdateLoad;
import io.presenced.testing.TestServer;
import io.presenced.testing.redis.RedisSentinelSet;
import io.presenced.testing.redis.RedisSupport;

/**
 * A node on a Sentinel-managed Redis rides out a failover: while the master is dead, updates fail fast with error
 * 100; once the Sentinels have promoted the replica, they succeed again, without a restart.
 */
@Timeout(120)
class SentinelFailoverIT {

    private static final String MASTER = "failover-master";
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);

    @BeforeAll
    static void requireRedis() {
        RedisSupport.assumeRedisTestsEnabled();
    }

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
                long start = System.nanoTime();
                await().atMost(Duration.ofSeconds(10)).until(() -> load.successesStartedAfter(start) >= 5);

                // Taken before the kill: calls can fail from the moment the signal lands, before kill() returns.
                long killed = System.nanoTime();
                int oldMaster = redis.killMaster().port();
                // A call started between the signal and the process's death may still succeed: recovery is the
                // first success that started after the master was gone (kill returns once it has exited).
                long dead = System.nanoTime();
                int newMaster = redis.awaitFailover(FAILOVER_TIMEOUT);
                assertThat(newMaster).isNotEqualTo(oldMaster);

                await().atMost(FAILOVER_TIMEOUT).until(() -> load.firstSuccessStartedAfter(dead).isPresent());
                long recovered = load.firstSuccessStartedAfter(dead).orElseThrow().started();
                await().atMost(Duration.ofSeconds(30)).until(() -> load.successesStartedAfter(recovered) >= 20);
                load.close();
                outage = new Outage(load.calls(), killed, recovered);
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
            assertThat(redis.currentMaster().command("HEXISTS", StatusKeys.key("after-failover"), "after-failover")).isEqualTo(1L);
        }
    }

    static String json(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
