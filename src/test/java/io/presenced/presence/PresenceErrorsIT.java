package io.presenced.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.presenced.testing.ApiClient;
import io.presenced.testing.ApiClient.Response;
import io.presenced.testing.ServerExtension;

/**
 * Channel rules and presence-method input errors: each gets its code and a message naming the field.
 */
class PresenceErrorsIT {

    @RegisterExtension
    static final ServerExtension NODE = ServerExtension.of("{\"channel\":{\"max_length\":20,\"namespaces\":["
            + "{\"name\":\"chat\",\"presence\":true},{\"name\":\"quiet\"}]},\"limits\":{\"max_entries_per_call\":3,"
            + "\"max_info_size\":32,\"max_client_id_length\":10}}");

    private final ApiClient api = NODE.client();

    @AfterEach
    void serverStillServes() {
        api.callJson("presence_join", "{\"channel\":\"chat:ok\",\"client\":\"c\",\"user\":\"u\"}");
        assertThat(api.callJson("presence_stats", "{\"channel\":\"chat:ok\"}").at("/result/num_clients").asInt())
                .isEqualTo(1);
    }

    /**
     * Each case is named for the claim it checks, with the method it calls where one claim holds for several
     * calls: one call, and the exact code and message it gets in a 200 answer.
     */
    static Stream<Arguments> refusedCalls() {
        return Stream.of(
                argumentSet("unknownNamespaceIs102 (presence)", "presence",
                        "{\"channel\":\"nope:1\"}",
                        102, "unknown channel: channel: namespace \"nope\" is not configured"),
                argumentSet("unknownNamespaceIs102 (presence_join)", "presence_join",
                        "{\"channel\":\"nope:1\",\"client\":\"c\"}",
                        102, "unknown channel: channel: namespace \"nope\" is not configured"),
                argumentSet("presenceOffIs108 (namespace)", "presence_stats",
                        "{\"channel\":\"quiet:1\"}",
                        108, "not available: channel: presence is not enabled for namespace \"quiet\""),
                argumentSet("presenceOffIs108 (no namespace)", "presence",
                        "{\"channel\":\"plain\"}",
                        108, "not available: channel: presence is not enabled for channels without a namespace"),
                argumentSet("emptyChannelIs107", "presence",
                        "{}",
                        107, "bad request: channel: must not be empty"),
                argumentSet("channelOverTheLengthLimitIs107", "presence",
                        "{\"channel\":\"chat:" + "x".repeat(20) + "\"}",
                        107, "bad request: channel: 25 bytes (expected: at most 20)"),
                argumentSet("nonAsciiChannelIs107", "presence_join",
                        "{\"channel\":\"chat:é\",\"client\":\"c\"}",
                        107, "bad request: channel: character 5 is not printable ASCII"),
                argumentSet("missingClientIs107", "presence_join",
                        "{\"channel\":\"chat:1\"}",
                        107, "bad request: client: must not be empty"),
                argumentSet("entryErrorsNameTheirIndex (client)", "presence_join",
                        "{\"entries\":[{\"channel\":\"chat:1\",\"client\":\"a\"},"
                                + "{\"channel\":\"chat:1\",\"client\":\"\"}]}",
                        107, "bad request: entries[1].client: must not be empty"),
                argumentSet("entryErrorsNameTheirIndex (channel)", "presence_leave",
                        "{\"entries\":[{\"channel\":5,\"client\":\"a\"}]}",
                        107, "bad request: entries[0].channel: expected a string"),
                argumentSet("entryErrorsNameTheirIndex (entry)", "presence_join",
                        "{\"entries\":[\"x\"]}",
                        107, "bad request: entries[0]: expected a JSON object"),
                argumentSet("emptyRequestIs107 (presence_join)", "presence_join",
                        "{}",
                        107, "bad request: entries: must not be empty (expected: the top-level fields or a list)"),
                argumentSet("emptyRequestIs107 (presence_refresh)", "presence_refresh",
                        "{}",
                        107, "bad request: clients: must not be empty (expected: the top-level fields or a list)"),
                argumentSet("tooManyEntriesIs107", "presence_disconnect",
                        "{\"clients\":[\"a\",\"b\",\"c\",\"d\"]}",
                        107, "bad request: clients: 4 entries (expected: at most 3 per call)"),
                argumentSet("infoOverTheSizeLimitIs107", "presence_join",
                        "{\"channel\":\"chat:1\",\"client\":\"a\",\"conn_info\":{\"k\":\"" + "v".repeat(40) + "\"}}",
                        107, "bad request: conn_info: 48 bytes (expected: at most 32)"),
                argumentSet("clientIdOverTheLengthLimitIs107", "presence_refresh",
                        "{\"clients\":[\"ok\",\"12345678901\"]}",
                        107, "bad request: clients[1]: 11 bytes (expected: at most 10)"),
                argumentSet("malformedPatternIs107", "channels",
                        "{\"pattern\":\"chat:[ab\"}",
                        107, "bad request: pattern: unclosed [ at 5"));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("refusedCalls")
    void refusedCallGetsItsCodeAndAMessageNamingTheField(String method, String body, int code, String message) {
        Response r = api.call(method, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/error/code").asInt()).as(r.body()).isEqualTo(code);
        assertThat(r.json().at("/error/message").asText()).isEqualTo(message);
    }
}
