package io.presenced.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
    void pythonUrllibReadsThe413OfATwentyMebibyteBody() throws IOException, InterruptedException {
        String script = String.join("\n",
                "import sys, urllib.request, urllib.error",
                "req = urllib.request.Request(sys.argv[1], data=b'x' * (20 * 1024 * 1024),",
                "    headers={'X-API-Key': sys.argv[2], 'Content-Type': 'application/json'})",
                "try:",
                "    urllib.request.urlopen(req, timeout=30)",
                "    print('no error')",
                "except urllib.error.HTTPError as e:",
                "    print(e.code)",
                "except Exception as e:",
                "    print(type(e).__name__, e)");
        Process p = new ProcessBuilder("python3", "-c", script, server.baseUri() + "/api/info", TestServer.API_KEY)
                .redirectError(new File("/dev/null")).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(out).isEqualTo("413");
    }
}
