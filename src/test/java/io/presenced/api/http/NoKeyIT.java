package io.presenced.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.presenced.testing.ApiClient;
import io.presenced.testing.TestServer;

/**
 * Without a configured key the API refuses every call, unless it is explicitly insecure.
 */
class NoKeyIT {

    @Test
    void refusesEveryCallWhenNoKeyIsConfigured() {
        try (TestServer s = TestServer.startExactly("{}")) {
            ApiClient anyone = new ApiClient(s.baseUri(), "");
            assertThat(anyone.post("/api/get_user_status", "{\"users\":[\"1\"]}", Map.of("X-API-Key", ""))
                    .status()).isEqualTo(401);
            assertThat(anyone.post("/api/get_user_status", "{\"users\":[\"1\"]}", Map.of()).status())
                    .isEqualTo(401);
        }
    }

    @Test
    void insecureApiNeedsNoKey() {
        try (TestServer s = TestServer.startExactly("{\"http_api\":{\"insecure\":true}}")) {
            ApiClient anyone = new ApiClient(s.baseUri(), "");
            assertThat(anyone.post("/api/get_user_status", "{\"users\":[\"1\"]}", Map.of()).status())
                    .isEqualTo(200);
        }
    }
}
