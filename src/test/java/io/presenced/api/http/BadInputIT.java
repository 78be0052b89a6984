package io.presenced.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.presenced.testing.ApiClient;
import io.presenced.testing.ApiClient.Response;
import io.presenced.testing.TestServer;

/**
 * Every kind of bad input gets a clear error, and the server keeps serving afterwards.
 */
class BadInputIT {

    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.start("{\"limits\":{\"max_users_per_call\":5,\"max_user_id_length\":8},"
                + "\"http_api\":{\"max_body_size\":2048}}");
        api = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

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

    @Test
    void emptyBodyIs400() {
        assertError(api.call("get_user_status", ""), 400, 107,
                "bad request: body: empty (expected: a JSON object)");
    }

    @Test
    void bodyThatIsNotAnObjectIs400() {
        assertError(api.call("get_user_status", "[1,2]"), 400, 107, "bad request: body: expected a JSON object");
    }

    @Test
    void usersNotAListNamesTheField() {
        assertError(api.call("get_user_status", "{\"users\":\"42\"}"), 200, 107,
                "bad request: users: expected a list of strings");
    }

    @Test
    void userThatIsNotAStringNamesItsIndex() {
        assertError(api.call("update_user_status", "{\"users\":[\"a\",42]}"), 200, 107,
                "bad request: users[1]: expected a string");
    }

    @Test
    void missingUsersIsRejected() {
        assertError(api.call("delete_user_status", "{}"), 200, 107, "bad request: users: must not be empty");
    }

    @Test
    void emptyUsersIsRejected() {
        assertError(api.call("get_user_status", "{\"users\":[]}"), 200, 107, "bad request: users: must not be empty");
    }

    @Test
    void emptyUserIdIsRejected() {
        assertError(api.call("get_user_status", "{\"users\":[\"a\",\"\"]}"), 200, 107,
                "bad request: users[1]: must not be empty");
    }

    @Test
    void userIdOverTheLengthLimitIsRejected() {
        assertError(api.call("update_user_status", "{\"users\":[\"123456789\"]}"), 200, 107,
                "bad request: users[0]: 9 bytes (expected: at most 8)");
    }

    @Test
    void moreUsersThanTheLimitIsRejected() {
        assertError(api.call("get_user_status", "{\"users\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\"]}"), 200, 107,
                "bad request: users: 6 users (expected: at most 5 per call)");
    }

    @Test
    void stateOfWrongTypeIsRejected() {
        assertError(api.call("update_user_status", "{\"users\":[\"1\"],\"state\":5}"), 200, 107,
                "bad request: state: expected a string");
    }

    @Test
    void unknownMethodIs104() {
        assertError(api.call("no_such_method", "{}"), 404, 104, "not found: unknown method \"no_such_method\"");
    }

    @Test
    void unknownLegacyMethodIs104InTheReply() {
        Response r = api.legacy("{\"id\":3,\"method\":\"publish\",\"params\":{}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(
                "{\"id\":3,\"error\":{\"code\":104,\"message\":\"not found: unknown method \\\"publish\\\"\"}}");
    }

    @Test
    void unknownRpcMethodIs104() {
        assertError(api.call("rpc", "{\"method\":\"nope\",\"params\":{}}"), 200, 104,
                "not found: unknown rpc method \"nope\"");
    }

    @Test
    void rpcWithoutMethodIs107() {
        assertError(api.call("rpc", "{\"params\":{}}"), 200, 107, "bad request: method: must not be empty");
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
    void batchWithoutCommandsIs400() {
        assertError(api.call("batch", "{\"commands\":{}}"), 400, 107,
                "bad request: commands: expected a list of commands");
    }

    @Test
    void unknownPathIs404() {
        assertThat(api.request("GET", "/nothing", null, Map.of()).status()).isEqualTo(404);
    }
}
