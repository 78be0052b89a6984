package io.presenced.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.presenced.testing.RawHttp;
import io.presenced.testing.TestServer;

/**
 * The HTTP listener keeps at most {@code http_server.max_connections} connections: one more is closed as soon as
 * it is accepted, and counted; once one closes, a new one is served again.
 */
class ConnectionCapIT {

    private static final int CAP = 4;
    private static final String INFO = "POST /api/info HTTP/1.1\r\nHost: x\r\nX-API-Key: " + TestServer.API_KEY
            + "\r\nContent-Length: 2\r\n\r\n{}";

    @Test
    void connectionOverTheCapIsClosedAtOnceAndCounted() {
        try (TestServer server = TestServer.start("{\"http_server\":{\"max_connections\":" + CAP + "}}")) {
            List<RawHttp> held = new ArrayList<>();
            try {
                for (int i = 0; i < CAP; i++) {
                    RawHttp http = RawHttp.connect(server.baseUri());
                    held.add(http);
                    assertThat(http.send(INFO).readResponse().status()).isEqualTo(200);
                }
                try (RawHttp extra = RawHttp.connect(server.baseUri())) {
                    assertThat(extra.awaitClosed(Duration.ofSeconds(10))).isTrue();
                }
                RawHttp first = held.get(0);
                RawHttp.Response metrics = first.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();
                assertThat(metrics.body()).contains("presenced_http_connections " + CAP + ".0")
                        .containsPattern("presenced_http_connections_rejected_total [1-9]");

                held.remove(0).close();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    try (RawHttp again = RawHttp.connect(server.baseUri())) {
                        assertThat(again.send(INFO).readResponse().status()).isEqualTo(200);
                    }
                });
            } finally {
                held.forEach(RawHttp::close);
            }
        }
    }
}
