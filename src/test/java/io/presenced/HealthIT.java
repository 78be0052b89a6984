package io.presenced;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.presenced.testing.ApiClient;
import io.presenced.testing.TestServer;

/**
 * The probe routes answer anyone with their status code, but show details (the Redis setups) only to a caller with
 * the API key, in any of the forms the API accepts.
 */
class HealthIT {

    private static TestServer server;
    private static ApiClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start("{}");
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void probesWithoutTheKeyAnswerOnlyTheirStatus() {
        for (String path : new String[] {"/health", "/ready"}) {
            for (Map<String, String> headers : new Map[] {Map.of(), Map.of("X-API-Key", "wrong-key")}) {
                ApiClient.Response r = client.request("GET", path, null, headers);
                assertThat(r.status()).as(path).isEqualTo(200);
                assertThat(r.headers().get("content-type")).containsExactly("application/json");
                assertThat(r.body()).as(path).isEqualTo("{\"status\":\"ok\"}");
            }
        }
    }

    @Test
    void probesWithTheKeyListTheRedisSetupsOfWhichTheMemoryEngineHasNone() {
        String key = TestServer.API_KEY;
        for (String path : new String[] {"/health", "/ready"}) {
            assertDetails(client.request("GET", path, null, Map.of("X-API-Key", key)), path);
            assertDetails(client.request("GET", path, null, Map.of("Authorization", "apikey " + key)), path);
            assertDetails(client.request("GET", path + "?api_key=" + key, null, Map.of()), path);
        }
    }

    @Test
    void aBodySentToAProbeIsIgnored() {
        ApiClient.Response r = client.request("POST", "/health", "x".repeat(100_000), Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    private static void assertDetails(ApiClient.Response r, String path) {
        assertThat(r.status()).as(path).isEqualTo(200);
        assertThat(r.body()).as(path).isEqualTo("{\"status\":\"ok\",\"redis\":[]}");
    }
}
