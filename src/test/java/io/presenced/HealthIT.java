package io.presenced;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.presenced.testing.ApiClient;
import io.presenced.testing.TestServer;

/**
 * The probe routes need no API key and, on the memory engine, have no Redis to report.
 */
class HealthIT {

    @Test
    void probesAnswerWithoutAuthAndListNoRedisOnTheMemoryEngine() {
        try (TestServer server = TestServer.start("{}")) {
            ApiClient anonymous = new ApiClient(server.baseUri(), "wrong-key");
            for (String path : new String[] {"/health", "/ready"}) {
                ApiClient.Response r = anonymous.request("GET", path, null, Map.of());
                assertThat(r.status()).as(path).isEqualTo(200);
                assertThat(r.headers().get("content-type")).containsExactly("application/json");
                assertThat(r.body()).isEqualTo("{\"status\":\"ok\",\"redis\":[]}");
            }
        }
    }
}
