package io.presenced.presence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.presenced.testing.ApiClient;
import io.presenced.testing.ApiClient.Response;
import io.presenced.testing.TestServer;

/**
 * Channel rules and presence-method input errors: each gets its code and a message naming the field.
 */
class PresenceErrorsIT {

    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.start("{\"channel\":{\"max_length\":20,\"namespaces\":[{\"name\":\"chat\","
                + "\"presence\":true},{\"name\":\"quiet\"}]},\"limits\":{\"max_entries_per_call\":3,"
                + "\"max_info_size\":32,\"max_client_id_length\":10}}");
        api = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void serverStillServes() {
        api.callJson("presence_join", "{\"channel\":\"chat:ok\",\"client\":\"c\",\"user\":\"u\"}");
        assertThat(api.callJson("presence_stats", "{\"channel\":\"chat:ok\"}").at("/result/num_clients").asInt())
                .isEqualTo(1);
    }

    private static void assertError(String method, String body, int code, String message) {
        Response r = api.call(method, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/error/code").asInt()).as(r.body()).isEqualTo(code);
        assertThat(r.json().at("/error/message").asText()).isEqualTo(message);
    }

    @Test
    void unknownNamespaceIs102() {
        assertError("presence", "{\"channel\":\"nope:1\"}", 102,
                "unknown channel: channel: namespace \"nope\" is not configured");
        assertError("presence_join", "{\"channel\":\"nope:1\",\"client\":\"c\"}", 102,
                "unknown channel: channel: namespace \"nope\" is not configured");
    }

    @Test
    void presenceOffIs108() {
        assertError("presence_stats", "{\"channel\":\"quiet:1\"}", 108,
                "not available: channel: presence is not enabled for namespace \"quiet\"");
        assertError("presence", "{\"channel\":\"plain\"}", 108,
                "not available: channel: presence is not enabled for channels without a namespace");
    }

    @Test
    void emptyChannelIs107() {
        assertError("presence", "{}", 107, "bad request: channel: must not be empty");
    }

    @Test
    void channelOverTheLengthLimitIs107() {
        assertError("presence", "{\"channel\":\"chat:" + "x".repeat(20) + "\"}", 107,
                "bad request: channel: 25 bytes (expected: at most 20)");
    }

    @Test
    void nonAsciiChannelIs107() {
        assertError("presence_join", "{\"channel\":\"chat:é\",\"client\":\"c\"}", 107,
                "bad request: channel: character 5 is not printable ASCII");
    }

    @Test
    void missingClientIs107() {
        assertError("presence_join", "{\"channel\":\"chat:1\"}", 107, "bad request: client: must not be empty");
    }

    @Test
    void entryErrorsNameTheirIndex() {
        assertError("presence_join", "{\"entries\":[{\"channel\":\"chat:1\",\"client\":\"a\"},"
                + "{\"channel\":\"chat:1\",\"client\":\"\"}]}", 107, "bad request: entries[1].client: must not be empty");
        assertError("presence_leave", "{\"entries\":[{\"channel\":5,\"client\":\"a\"}]}", 107,
                "bad request: entries[0].channel: expected a string");
        assertError("presence_join", "{\"entries\":[\"x\"]}", 107, "bad request: entries[0]: expected a JSON object");
    }

    @Test
    void emptyRequestIs107() {
        assertError("presence_join", "{}", 107,
                "bad request: entries: must not be empty (expected: the top-level fields or a list)");
        assertError("presence_refresh", "{}", 107,
                "bad request: clients: must not be empty (expected: the top-level fields or a list)");
    }

    @Test
    void tooManyEntriesIs107() {
        assertError("presence_disconnect", "{\"clients\":[\"a\",\"b\",\"c\",\"d\"]}", 107,
                "bad request: clients: 4 entries (expected: at most 3 per call)");
    }

    @Test
    void infoOverTheSizeLimitIs107() {
        assertError("presence_join", "{\"channel\":\"chat:1\",\"client\":\"a\",\"conn_info\":{\"k\":\""
                + "v".repeat(40) + "\"}}", 107, "bad request: conn_info: 48 bytes (expected: at most 32)");
    }

    @Test
    void clientIdOverTheLengthLimitIs107() {
        assertError("presence_refresh", "{\"clients\":[\"ok\",\"12345678901\"]}", 107,
                "bad request: clients[1]: 11 bytes (expected: at most 10)");
    }

    @Test
    void malformedPatternIs107() {
        assertError("channels", "{\"pattern\":\"chat:[ab\"}", 107, "bad request: pattern: unclosed [ at 5");
    }
}
