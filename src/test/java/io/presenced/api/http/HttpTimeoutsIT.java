package io.presenced.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.presenced.testing.RawHttp;
import io.presenced.testing.TestServer;

/**
 * A client slower than the timeouts allow loses its connection: while sending a head, while sending a body, and
 * while idle between requests. The server keeps serving others.
 */
class HttpTimeoutsIT {

    private static final Duration CLOSES_WITHIN = Duration.ofSeconds(10);

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("{\"http_server\":{\"header_timeout\":\"300ms\",\"body_timeout\":\"300ms\","
                + "\"keepalive_timeout\":\"300ms\"}}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void connectionThatSendsNothingIsClosed() {
        try (RawHttp http = RawHttp.connect(server.baseUri())) {
            assertThat(http.awaitClosed(CLOSES_WITHIN)).isTrue();
        }
    }

    @Test
    void connectionWhoseHeadNeverEndsIsClosed() {
        assertClosedAfterSending("POST /api/info HTTP/1.1\r\nHost: x\r\nX-API-Key: " + TestServer.API_KEY
                + "\r\nX-Slow: ");
        assertServes();
    }

    @Test
    void connectionWhoseBodyStopsHalfwayIsClosed() {
        assertClosedAfterSending("POST /api/info HTTP/1.1\r\nHost: x\r\nX-API-Key: " + TestServer.API_KEY
                + "\r\nContent-Length: 100\r\n\r\n{\"a\":");
        assertServes();
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterItsLastAnswer() {
        try (RawHttp http = RawHttp.connect(server.baseUri())) {
            http.send("POST /api/info HTTP/1.1\r\nHost: x\r\nX-API-Key: " + TestServer.API_KEY
                    + "\r\nContent-Length: 2\r\n\r\n{}");
            assertThat(http.readResponse().status()).isEqualTo(200);
            assertThat(http.awaitClosed(CLOSES_WITHIN)).isTrue();
        }
    }

    @Test
    void idleConnectionIsClosedAfterARefusalDecidedOnTheHead() {
        try (RawHttp http = RawHttp.connect(server.baseUri())) {
            http.send("GET /api/info HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = http.readResponse();
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.headers()).doesNotContainKey("connection");
            assertThat(http.awaitClosed(CLOSES_WITHIN)).isTrue();
        }
    }

    @Test
    void timedOutConnectionsAreCounted() {
        try (RawHttp http = RawHttp.connect(server.baseUri())) {
            assertThat(http.awaitClosed(CLOSES_WITHIN)).isTrue();
        }
        String metrics = server.client().request("GET", "/metrics", null, java.util.Map.of()).body();
        assertThat(metrics).containsPattern("presenced_http_connections_timed_out_total [1-9]");
    }

    // Sends the start of a request that never completes: the server must close the connection.
    private static void assertClosedAfterSending(String partialRequest) {
        try (RawHttp http = RawHttp.connect(server.baseUri())) {
            http.send(partialRequest);
            assertThat(http.awaitClosed(CLOSES_WITHIN)).isTrue();
        }
    }

    private static void assertServes() {
        assertThat(server.client().callJson("info", "{}").at("/result/nodes").size()).isEqualTo(1);
    }
}
