package io.presenced.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.protobuf.ByteString;

import io.grpc.Channel;
import io.presenced.proto.api.Error;
import io.presenced.proto.api.PresenceJoinRequest;
import io.presenced.proto.api.RPCRequest;
import io.presenced.testing.ApiClient;
import io.presenced.testing.ApiClient.Response;
import io.presenced.testing.GrpcClients;
import io.presenced.testing.ServerExtension;

/**
 * A request holds one JSON value and nothing after it but whitespace, on every HTTP route and in the JSON fields
 * of gRPC requests; the legacy route's several objects in one body stay valid, garbage after the last does not.
 */
class TrailingContentIT {

    private static final String TRAILING = "bad request: body: not valid JSON (trailing content after the JSON value";

    @RegisterExtension
    static final ServerExtension NODE = ServerExtension.of("{\"channel\":{\"namespaces\":[{\"name\":\"chat\","
            + "\"presence\":true}]},\"grpc_api\":{\"enabled\":true,\"key\":\"k\"}}");

    private final ApiClient api = NODE.client();

    private static void assertTrailingRefused(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().at("/error/code").asInt()).as(r.body()).isEqualTo(107);
        assertThat(r.json().at("/error/message").asText()).startsWith(TRAILING);
    }

    @Test
    void refusesTrailingContentAfterTheJsonValue() {
        assertTrailingRefused(api.call("get_user_status", "{\"users\":[\"a\"]} xyz"));
        assertTrailingRefused(api.call("get_user_status", "{\"users\":[\"a\"]}{\"users\":[\"b\"]}"));
        assertTrailingRefused(api.call("presence_join", "{\"channel\":\"chat:1\",\"client\":\"c\"} 1"));
        assertTrailingRefused(api.call("batch", "{\"commands\":[]}]"));
        assertTrailingRefused(api.call("rpc", "{\"method\":\"getUserStatus\",\"params\":{\"users\":[\"a\"]}} {"));
    }

    @Test
    void acceptsWhitespaceAfterTheJsonValue() {
        assertThat(api.callJson("get_user_status", "{\"users\":[\"a\"]} \r\n\t").at("/result/statuses/0/user")
                .asText()).isEqualTo("a");
    }

    @Test
    void legacyBodyWithSeveralObjectsStaysValid() {
        Response r = api.legacy("{\"id\":1,\"method\":\"get_user_status\",\"params\":{\"users\":[\"a\"]}}\n"
                + "{\"id\":2,\"method\":\"get_user_status\",\"params\":{\"users\":[\"b\"]}}\n");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body().split("\n")).hasSize(2);
    }

    @Test
    void legacyBodyWithGarbageAfterTheLastObjectIsRefused() {
        String command = "{\"id\":1,\"method\":\"get_user_status\",\"params\":{\"users\":[\"a\"]}}";
        for (String trailing : new String[] {"\nxyz", "\n]", "]", "\n}", " 1"}) {
            Response r = api.legacy(command + "\n" + command + trailing);
            assertThat(r.status()).as("%s: %s", trailing, r.body()).isEqualTo(400);
            assertThat(r.json().at("/error/code").asInt()).as(r.body()).isEqualTo(107);
        }
    }

    @Test
    void refusesTrailingContentInTheJsonFieldsOfGrpcRequests() {
        Channel grpc = NODE.server().grpcChannel();
        Error join = GrpcClients.presenceApi(grpc, "k").presenceJoin(PresenceJoinRequest.newBuilder()
                .setChannel("chat:1").setClient("c").setConnInfo(ByteString.copyFromUtf8("{\"a\":1} x")).build())
                .getError();
        assertThat(join.getCode()).isEqualTo(107);
        assertThat(join.getMessage())
                .startsWith("bad request: conn_info: not valid JSON (trailing content after the JSON value");

        Error rpc = GrpcClients.api(grpc, "k").rPC(RPCRequest.newBuilder().setMethod("getUserStatus")
                .setParams(ByteString.copyFromUtf8("{\"users\":[\"a\"]}{}")).build()).getError();
        assertThat(rpc.getCode()).isEqualTo(107);
        assertThat(rpc.getMessage())
                .startsWith("bad request: params: not valid JSON (trailing content after the JSON value");
    }
}
