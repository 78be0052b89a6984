package io.presenced.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.presenced.testing.ApiClient;
import io.presenced.testing.ApiClient.Response;
import io.presenced.testing.ServerExtension;
import io.presenced.testing.TestServer;

/**
 * Every kind of bad input gets a clear error, and the server keeps serving afterwards.
 */
class BadInputIT {

    @RegisterExtension
    static final ServerExtension NODE = ServerExtension.of("{\"limits\":{\"max_users_per_call\":5,"
            + "\"max_user_id_length\":8},\"http_api\":{\"max_body_size\":2048}}");

    private final ApiClient api = NODE.client();

    @AfterEach
    void serverStillServes() {
        JsonNode ok = api.callJson("get_user_status", "{\"users\":[\"1\"]}");
        assertThat(ok.at("/result/statuses/0/user").asText()).isEqualTo("1");
    }

    private static void assertError(Response r, int status, int code, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().at("/error/code").asInt()).as(r.body()).isEqualTo(code);
        assertThat(r.json().at("/error/message").asText()).isEqualTo(message);
    }

    @Test
    void unparsableJsonIs400WithBadRequest() {
        Response r = api.call("get_user_status", "{\"users\": [");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/code").asInt()).isEqualTo(107);
        assertThat(r.json().at("/error/message").asText()).startsWith("bad request: body: not valid JSON");
    }

    /** Each case is named for the claim it checks: one call, and the exact status, code and message it gets. */
    static Stream<Arguments> refusedCalls() {
        return Stream.of(
                argumentSet("emptyBodyIs400", "get_user_status",
                        "",
                        400, 107, "bad request: body: empty (expected: a JSON object)"),
                argumentSet("bodyThatIsNotAnObjectIs400", "get_user_status",
                        "[1,2]",
                        400, 107, "bad request: body: expected a JSON object"),
                argumentSet("usersNotAListNamesTheField", "get_user_status",
                        "{\"users\":\"42\"}",
                        200, 107, "bad request: users: expected a list of strings"),
                argumentSet("userThatIsNotAStringNamesItsIndex", "update_user_status",
                        "{\"users\":[\"a\",42]}",
                        200, 107, "bad request: users[1]: expected a string"),
                argumentSet("missingUsersIsRejected", "delete_user_status",
                        "{}",
                        200, 107, "bad request: users: must not be empty"),
                argumentSet("emptyUsersIsRejected", "get_user_status",
                        "{\"users\":[]}",
                        200, 107, "bad request: users: must not be empty"),
                argumentSet("emptyUserIdIsRejected", "get_user_status",
                        "{\"users\":[\"a\",\"\"]}",
                        200, 107, "bad request: users[1]: must not be empty"),
                argumentSet("userIdOverTheLengthLimitIsRejected", "update_user_status",
                        "{\"users\":[\"123456789\"]}",
                        200, 107, "bad request: users[0]: 9 bytes (expected: at most 8)"),
                argumentSet("moreUsersThanTheLimitIsRejected", "get_user_status",
                        "{\"users\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\"]}",
                        200, 107, "bad request: users: 6 users (expected: at most 5 per call)"),
                argumentSet("stateOfWrongTypeIsRejected", "update_user_status",
                        "{\"users\":[\"1\"],\"state\":5}",
                        200, 107, "bad request: state: expected a string"),
                argumentSet("unknownMethodIs104", "no_such_method",
                        "{}",
                        404, 104, "not found: unknown method \"no_such_method\""),
                argumentSet("unknownRpcMethodIs104", "rpc",
                        "{\"method\":\"nope\",\"params\":{}}",
                        200, 104, "not found: unknown rpc method \"nope\""),
                argumentSet("rpcWithoutMethodIs107", "rpc",
                        "{\"params\":{}}",
                        200, 107, "bad request: method: must not be empty"),
                argumentSet("batchWithoutCommandsIs400", "batch",
                        "{\"commands\":{}}",
                        400, 107, "bad request: commands: expected a list of commands"));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("refusedCalls")
    void refusedCallGetsItsStatusCodeAndMessage(String method, String body, int status, int code, String message) {
        assertError(api.call(method, body), status, code, message);
    }

    @Test
    void unknownLegacyMethodIs104InTheReply() {
        Response r = api.legacy("{\"id\":3,\"method\":\"publish\",\"params\":{}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(
                "{\"id\":3,\"error\":{\"code\":104,\"message\":\"not found: unknown method \\\"publish\\\"\"}}");
    }

    @Test
    void malformedLegacyParamsAre107InTheReply() {
        Response r = api.legacy("{\"method\":\"get_user_status\",\"params\":[1]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/error/code").asInt()).isEqualTo(107);
        assertThat(r.json().at("/error/message").asText()).isEqualTo("bad request: params: expected a JSON object");
    }

    @Test
    void malformedLegacyBodyIs400() {
        Response r = api.legacy("{\"method\":\"get_user_status\"} {oops");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/code").asInt()).isEqualTo(107);
    }

    @Test
    void bodyOverTheSizeLimitIs413() {
        String big = "{\"users\":[\"" + "x".repeat(4096) + "\"]}";
        Response r = api.call("get_user_status", big);
        assertThat(r.status()).isEqualTo(413);
    }

    @Test
    void nonPostIs405WithEmptyBody() {
        Response r = api.request("GET", "/api/get_user_status", null, Map.of("X-API-Key", TestServer.API_KEY));
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void wrongKeyIs401WithEmptyBody() {
        Response r = api.post("/api/get_user_status", "{\"users\":[\"1\"]}", Map.of("X-API-Key", "wrong"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void missingKeyIs401() {
        assertThat(api.post("/api/get_user_status", "{\"users\":[\"1\"]}", Map.of()).status()).isEqualTo(401);
    }

    @Test
    void authorizationHeaderSchemeIsCaseInsensitive() {
        Response r = api.post("/api/get_user_status", "{\"users\":[\"1\"]}",
                Map.of("Authorization", "ApiKey " + TestServer.API_KEY));
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void apiKeyQueryParameterIsAccepted() {
        Response r = api.post("/api/get_user_status?api_key=" + TestServer.API_KEY, "{\"users\":[\"1\"]}", Map.of());
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void transportErrorModeMapsCodesToHttpStatus() {
        Response r = api.post("/api/get_user_status", "{\"users\":[]}",
                Map.of("X-API-Key", TestServer.API_KEY, "X-Centrifugo-Error-Mode", "transport"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"code\":107,\"message\":\"bad request: users: must not be empty\"}");
    }

    @Test
    void nestedBatchIsRefused() {
        JsonNode r = api.callJson("batch", "{\"commands\":[{\"batch\":{\"commands\":[]}}]}");
        assertThat(r.at("/replies/0/error/code").asInt()).isEqualTo(104);
    }

    @Test
    void unknownPathIs404() {
        assertThat(api.request("GET", "/nothing", null, Map.of()).status()).isEqualTo(404);
    }
}
