package io.presenced.api;

import static io.presenced.testing.Engines.Set.CORE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.presenced.proto.api.Error;
import io.presenced.proto.api.GetUserStatusRequest;
import io.presenced.proto.api.PresenceJoinRequest;
import io.presenced.proto.api.RPCRequest;
import io.presenced.proto.api.UpdateUserStatusRequest;
import io.presenced.testing.ApiClient;
import io.presenced.testing.ApiClient.Response;
import io.presenced.testing.EachEngine;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.GrpcClients;
import io.presenced.testing.TestServer;

/**
 * Every id (user, client, channel) is well-formed Unicode without control characters, on every transport, so
 * that the engines cannot disagree: on Redis an unpaired surrogate used to be written as {@code ?}, and the id
 * {@code "\udc00"} then named another caller's client {@code "?"}.
 */
@Timeout(120)
class IdsIT {

    private static final String NAMESPACES = "\"channel\":{\"namespaces\":[{\"name\":\"chat\",\"presence\":true}]}";

    private static void assert107(Response r, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/error/code").asInt()).as(r.body()).isEqualTo(107);
        assertThat(r.json().at("/error/message").asText()).isEqualTo(message);
    }

    @EachEngine(CORE)
    void unpairedSurrogateClientCannotTouchAnotherClient(Engine engine) {
        try (TestServer server = TestServer.start(engine.configWith(NAMESPACES))) {
            ApiClient api = server.client();
            api.callJson("presence_join", "{\"channel\":\"chat:1\",\"client\":\"?\",\"user\":\"u\"}");

            assert107(api.call("presence_disconnect", "{\"client\":\"\\udc00\"}"),
                    "bad request: client: character 0 is an unpaired surrogate (expected: well-formed Unicode)");
            assert107(api.call("presence_join", "{\"channel\":\"chat:1\",\"client\":\"\\ud800\",\"user\":\"v\"}"),
                    "bad request: client: character 0 is an unpaired surrogate (expected: well-formed Unicode)");

            assertThat(api.callJson("presence", "{\"channel\":\"chat:1\"}").at("/result/presence/?/user").asText())
                    .isEqualTo("u");
        }
    }

    @EachEngine(CORE)
    void userIdsAreCheckedLikeClientIds(Engine engine) {
        try (TestServer server = TestServer.start(engine.configWith(NAMESPACES))) {
            ApiClient api = server.client();
            assert107(api.call("update_user_status", "{\"users\":[\"ok\",\"a\\u0000b\"]}"),
                    "bad request: users[1]: character 1 is a control character");
            assert107(api.call("get_user_status", "{\"users\":[\"x\\udfff\"]}"),
                    "bad request: users[0]: character 1 is an unpaired surrogate (expected: well-formed Unicode)");
            assert107(api.call("presence_join", "{\"channel\":\"chat:1\",\"client\":\"c\",\"user\":\"\\u0085\"}"),
                    "bad request: user: character 0 is a control character");
            assert107(api.call("update_user_status", "{\"users\":[\"a\"],\"state\":\"\\ud800\"}"),
                    "bad request: state: character 0 is an unpaired surrogate (expected: well-formed Unicode)");

            Response legacy = api.legacy("{\"method\":\"update_user_status\",\"params\":{\"users\":[\"\\ud800\"]}}");
            assertThat(legacy.json().at("/error/message").asText())
                    .isEqualTo("bad request: users[0]: character 0 is an unpaired surrogate (expected: well-formed"
                            + " Unicode)");

            // Well-formed supplementary characters are fine.
            api.callJson("update_user_status", "{\"users\":[\"\\ud83d\\ude00\"]}");
            assertThat(api.callJson("get_user_status", "{\"users\":[\"\\ud83d\\ude00\"]}")
                    .at("/result/statuses/0/active").asLong()).isPositive();
        }
    }

    @Test
    void grpcRefusesTheSameIdsWithTheSameErrors() {
        try (TestServer server = TestServer.start("{" + NAMESPACES + ",\"grpc_api\":{\"enabled\":true,\"key\":\"k\"}}")) {
            var api = GrpcClients.api(server.grpcChannel(), "k");
            var presence = GrpcClients.presenceApi(server.grpcChannel(), "k");

            Error update = api.updateUserStatus(UpdateUserStatusRequest.newBuilder().addUsers("a\u0000b").build())
                    .getError();
            assertThat(update.getCode()).isEqualTo(107);
            assertThat(update.getMessage()).isEqualTo("bad request: users[0]: character 1 is a control character");

            Error get = api.getUserStatus(GetUserStatusRequest.newBuilder().addUsers("\u007f").build()).getError();
            assertThat(get.getMessage()).isEqualTo("bad request: users[0]: character 0 is a control character");

            Error join = presence.presenceJoin(PresenceJoinRequest.newBuilder().setChannel("chat:1").setClient("c")
                    .setUser("\u0001").build()).getError();
            assertThat(join.getMessage()).isEqualTo("bad request: user: character 0 is a control character");

            // Protobuf strings are UTF-8 and cannot carry a lone surrogate; RPC's JSON params can.
            Error rpc = api.rPC(RPCRequest.newBuilder().setMethod("getUserStatus")
                    .setParams(ByteString.copyFromUtf8("{\"users\":[\"\\ud800\"]}")).build()).getError();
            assertThat(rpc.getMessage()).isEqualTo(
                    "bad request: users[0]: character 0 is an unpaired surrogate (expected: well-formed Unicode)");
        }
    }
}
