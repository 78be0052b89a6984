package io.presenced.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.presenced.testing.ApiClient;
import io.presenced.testing.MutableClock;
import io.presenced.testing.TestServer;

/**
 * The {@code info} method over HTTP: {@code /api/info}, the legacy route by name and by number 9, and Batch.
 */
class NodeInfoIT {

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_000L));
    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = TestServer.start("{\"node\":{\"name\":\"node-a\"}}", clock);
        api = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void infoRouteDescribesThisNodeWithAlwaysPresentCounts() {
        clock.advance(Duration.ofSeconds(7));
        NodeInfo.Node node = server.server().nodeInfo().current();
        ApiClient.Response r = api.call("info", "{}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"result\":{\"nodes\":[{\"uid\":\"" + node.uid() + "\",\"name\":\"node-a\","
                + "\"version\":\"" + node.version() + "\",\"num_clients\":0,\"num_users\":0,\"num_channels\":0,"
                + "\"uptime\":7}]}}");
    }

    @Test
    void freshNodeLeavesOutTheZeroUptime() {
        JsonNode node = api.callJson("info", "{}").at("/result/nodes/0");
        assertThat(node.has("uptime")).isFalse();
        assertThat(node.has("num_clients")).isTrue();
    }

    @Test
    void legacyRouteServesInfoByNameAndByNumber9() {
        ApiClient.Response r = api.legacy("{\"id\":1,\"method\":\"info\"}\n{\"id\":2,\"method\":9,\"params\":{}}");
        String[] lines = r.body().split("\n", -1);
        assertThat(lines).hasSize(2);
        String uid = server.server().nodeInfo().uid();
        assertThat(lines[0]).startsWith("{\"id\":1,\"result\":{\"nodes\":[{\"uid\":\"" + uid + "\"");
        assertThat(lines[1]).startsWith("{\"id\":2,\"result\":{\"nodes\":[{\"uid\":\"" + uid + "\"");
    }

    @Test
    void batchCarriesInfo() {
        JsonNode r = api.callJson("batch", "{\"commands\":[{\"info\":{}}]}");
        assertThat(r.at("/replies/0/info/nodes/0/name").asText()).isEqualTo("node-a");
    }
}
