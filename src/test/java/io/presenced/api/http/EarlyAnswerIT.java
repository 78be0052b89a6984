package io.presenced.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.presenced.testing.RawHttp;
import io.presenced.testing.TestServer;

/**
 * A request is judged on its head: a caller without the key gets 401 before sending any body (and no
 * {@code 100 Continue}), a declared body over the limit gets 413 at once, and a client that writes its whole body
 * anyway still reads that answer instead of a connection reset (a lingering close).
 */
class EarlyAnswerIT {

    private static final int LIMIT = 64 * 1024;
    private static final long BIG = 20L * 1024 * 1024;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("{\"http_api\":{\"max_body_size\":" + LIMIT + "}}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String head(String key, long length, String extra) {
        return "POST /api/info HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + (key == null ? "" : "X-API-Key: " + key + "\r\n") + "Content-Length: " + length + "\r\n" + extra
                + "\r\n";
    }

    @Test
    void callerWithoutTheKeyGets401BeforeSendingItsBody() {
        try (RawHttp http = RawHttp.connect(server.baseUri())) {
            http.send(head(null, LIMIT, ""));
            RawHttp.Response r = http.readResponse();
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.headers()).containsEntry("connection", "close");
        }
    }

    @Test
    void callerWithAWrongKeyExpectingContinueGets401AndNoContinue() {
        try (RawHttp http = RawHttp.connect(server.baseUri())) {
            http.send(head("wrong", LIMIT, "Expect: 100-continue\r\n"));
            assertThat(http.readResponse().status()).isEqualTo(401);
            assertThat(http.awaitClosed(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void callerWithTheKeyExpectingContinueGetsContinueThenTheAnswer() {
        try (RawHttp http = RawHttp.connect(server.baseUri())) {
            http.send(head(TestServer.API_KEY, 2, "Expect: 100-continue\r\n"));
            assertThat(http.readResponse().status()).isEqualTo(100);
            http.send("{}");
            RawHttp.Response r = http.readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("\"nodes\"");
        }
    }

    @Test
    void declaredBodyOverTheLimitIs413BeforeTheBodyIsSent() {
        try (RawHttp http = RawHttp.connect(server.baseUri())) {
            http.send(head(TestServer.API_KEY, LIMIT + 1, ""));
            assertThat(http.readResponse().status()).isEqualTo(413);
        }
    }

    @Test
    void chunkedBodyGrowingOverTheLimitIs413() {
        try (RawHttp http = RawHttp.connect(server.baseUri())) {
            http.send("POST /api/info HTTP/1.1\r\nHost: x\r\nX-API-Key: " + TestServer.API_KEY
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = Integer.toHexString(LIMIT / 2) + "\r\n" + "x".repeat(LIMIT / 2) + "\r\n";
            http.send(chunk + chunk + chunk);
            assertThat(http.readResponse().status()).isEqualTo(413);
        }
    }

    @Test
    void clientThatWritesAWholeOversizedBodyFirstReadsThe413() {
        try (RawHttp http = RawHttp.connect(server.baseUri())) {
            http.send(head(TestServer.API_KEY, BIG, "Connection: close\r\n"));
            http.sendFiller(BIG);
            assertThat(http.readResponse().status()).isEqualTo(413);
        }
    }

    @Test
    void clientWithoutTheKeyThatWritesAWholeBodyFirstReadsThe401() {
        try (RawHttp http = RawHttp.connect(server.baseUri())) {
            http.send(head("wrong", 8L * 1024 * 1024, "Connection: close\r\n"));
            http.sendFiller(8L * 1024 * 1024);
            assertThat(http.readResponse().status()).isEqualTo(401);
        }
    }

    @Test
    void theJdksHttpClientThatWritesTheWholeBodyFirstReadsThe413OfATwentyMebibyteBody() throws IOException {
        // HttpURLConnection, like Python's urllib, sends the whole body before it reads any answer: without a
        // lingering close it meets a reset instead of the status.
        HttpURLConnection c = (HttpURLConnection) server.baseUri().resolve("/api/info").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        c.setRequestProperty("X-API-Key", TestServer.API_KEY);
        c.setRequestProperty("Content-Type", "application/json");
        int size = 20 * 1024 * 1024;
        c.setFixedLengthStreamingMode(size);
        try (OutputStream out = c.getOutputStream()) {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            for (int sent = 0; sent < size; sent += chunk.length) {
                out.write(chunk);
            }
        }
        assertThat(c.getResponseCode()).isEqualTo(413);
        c.disconnect();
    }
}
