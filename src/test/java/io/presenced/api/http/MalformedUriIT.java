package io.presenced.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.presenced.testing.ApiClient;
import io.presenced.testing.LogCapture;
import io.presenced.testing.RawHttp;
import io.presenced.testing.TestServer;

/**
 * A malformed {@code %} escape in the request line is the client's mistake: 400, and nothing of the request (least
 * of all a key in its query) reaches the log, and no stack trace does either.
 */
class MalformedUriIT {

    private static final String KEY = "k3y-that-must-not-leak";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("{\"http_api\":{\"key\":\"" + KEY + "\"}}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void malformedEscapeInTheQueryIs400AndTheKeyReachesNoLog() {
        List<ILoggingEvent> events = exchange("/api/info?api_key=" + KEY + "&x=%zz", 400);
        assertThat(events).noneMatch(e -> e.getFormattedMessage().contains(KEY));
    }

    @Test
    void malformedEscapeInThePathIs400WithoutAKey() {
        exchange("/api/info%zz", 400);
    }

    @Test
    void malformedEscapeOutsideTheApiIs400() {
        exchange("/health%", 400);
    }

    // Sends a POST to target, asserts the status and that the server keeps serving; returns what was logged.
    private static List<ILoggingEvent> exchange(String target, int status) {
        List<ILoggingEvent> events;
        try (LogCapture presenced = LogCapture.of("io.presenced", Level.TRACE);
             LogCapture netty = LogCapture.of("io.netty", Level.DEBUG);
             RawHttp http = RawHttp.connect(server.baseUri())) {
            http.send("POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
            RawHttp.Response r = http.readResponse();
            assertThat(r.status()).as(r.body()).isEqualTo(status);
            assertThat(r.body()).doesNotContain(KEY);
            events = new ArrayList<>(presenced.events());
            events.addAll(netty.events());
        }
        assertThat(events).as("stack traces").allMatch(e -> e.getThrowableProxy() == null);
        assertThat(events).as("lines above DEBUG").allMatch(e -> !e.getLevel().isGreaterOrEqual(Level.INFO));
        assertThat(new ApiClient(server.baseUri(), KEY).callJson("info", "{}").at("/result/nodes").size()).isEqualTo(1);
        return events;
    }
}
