package io.presenced.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.Channel;
import io.presenced.testing.GrpcClients;
import io.presenced.testing.MutableClock;
import io.presenced.testing.TestServer;
import io.presenced.testing.Wire;
import io.presenced.testing.Wire.In;

/**
 * The gRPC API with requests and responses encoded by hand from Centrifugo's published field numbers, without
 * the generated classes: renumbering a field in {@code proto/} fails these tests.
 */
class GrpcWireIT {

    private static final String SERVICE = "centrifugal.centrifugo.api.CentrifugoApi/";
    private static final long NOW = 1_700_000_000L;

    // Response: error = 1, result = 2. Error: code = 1, message = 2.
    private static final int ERROR = 1;
    private static final int RESULT = 2;

    private MutableClock clock;
    private TestServer server;
    private Channel channel;

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.ofEpochSecond(NOW));
        server = TestServer.start("{\"grpc_api\":{\"enabled\":true,\"key\":\"k\"}}", clock);
        channel = GrpcClients.withHeaders(server.grpcChannel(), GrpcClients.metadata("authorization", "apikey k"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private In call(String method, Wire.Out request) {
        return Wire.decode(GrpcClients.callRaw(channel, SERVICE + method, request.toBytes()));
    }

    private static Wire.Out users(String... users) {
        Wire.Out m = Wire.message();
        for (String u : users) {
            m.string(1, u);
        }
        return m;
    }

    @Test
    void updateUserStatusTakesUsersAt1AndStateAt2AndAnswersAnEmptyResultAt2() {
        In r = call("UpdateUserStatus", users("42", "43").string(2, "away"));
        assertThat(r.fields()).containsExactly(RESULT);
        assertThat(r.bytes(RESULT)).isEmpty();
    }

    @Test
    void getUserStatusAnswersStatusesAt1WithUserActiveOnlineStateAt1To4() {
        call("UpdateUserStatus", users("42").string(2, "away"));
        server.server().userStatus().markOnline(List.of("42")).toCompletableFuture().join();

        In r = call("GetUserStatus", users("42", "nobody"));
        assertThat(r.fields()).containsExactly(RESULT);
        List<In> statuses = r.message(RESULT).messages(1);
        assertThat(statuses).hasSize(2);
        In known = statuses.get(0);
        assertThat(known.string(1)).isEqualTo("42");
        assertThat(known.varint(2)).isEqualTo(NOW);
        assertThat(known.varint(3)).isEqualTo(NOW);
        assertThat(known.string(4)).isEqualTo("away");
        // proto3 leaves zero values off the wire: an unknown user is its id alone.
        assertThat(statuses.get(1).fields()).containsExactly(1);
        assertThat(statuses.get(1).string(1)).isEqualTo("nobody");
    }

    @Test
    void deleteUserStatusTakesUsersAt1() {
        call("UpdateUserStatus", users("d"));
        In r = call("DeleteUserStatus", users("d"));
        assertThat(r.fields()).containsExactly(RESULT);
        assertThat(r.bytes(RESULT)).isEmpty();
        assertThat(call("GetUserStatus", users("d")).message(RESULT).messages(1).get(0).fields()).containsExactly(1);
    }

    @Test
    void errorIsField1WithCodeAt1AndMessageAt2() {
        In r = call("GetUserStatus", Wire.message());
        assertThat(r.fields()).containsExactly(ERROR);
        In error = r.message(ERROR);
        assertThat(error.varint(1)).isEqualTo(107);
        assertThat(error.string(2)).isEqualTo("bad request: users: must not be empty");
    }

    @Test
    void rpcTakesMethodAt1AndJsonParamsAt2AndAnswersJsonDataAt1() {
        call("UpdateUserStatus", users("42").string(2, "away"));
        In r = call("RPC", Wire.message().string(1, "getUserStatus")
                .bytes(2, "{\"users\":[\"42\"]}".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.fields()).containsExactly(RESULT);
        assertThat(r.message(RESULT).string(1))
                .isEqualTo("{\"statuses\":[{\"user\":\"42\",\"active\":" + NOW + ",\"state\":\"away\"}]}");
    }

    @Test
    void batchTakesCommandsAt1WithUserStatusAt18To20AndAnswersRepliesAt1InTheSameFields() {
        In r = call("Batch", Wire.message()
                .message(1, Wire.message().message(18, users("b").string(2, "s")))
                .message(1, Wire.message().message(19, users("b")))
                .message(1, Wire.message().message(20, users("b")))
                .message(1, Wire.message().message(19, users("b"))));
        List<In> replies = r.messages(1);
        assertThat(replies).hasSize(4);
        assertThat(replies.get(0).fields()).containsExactly(18);
        assertThat(replies.get(1).fields()).containsExactly(19);
        In status = replies.get(1).message(19).messages(1).get(0);
        assertThat(status.string(1)).isEqualTo("b");
        assertThat(status.varint(2)).isEqualTo(NOW);
        assertThat(status.string(4)).isEqualTo("s");
        assertThat(replies.get(2).fields()).containsExactly(20);
        assertThat(replies.get(3).message(19).messages(1).get(0).fields()).containsExactly(1);
    }

    @Test
    void batchAnswersCommandErrorsInReplyField2() {
        In r = call("Batch", Wire.message()
                .message(1, Wire.message().message(4, Wire.message()))
                .message(1, Wire.message())
                .message(1, Wire.message().message(19, users("x")).message(20, users("x")))
                .message(1, Wire.message().message(25, Wire.message()))
                .message(1, Wire.message().message(19, Wire.message())));
        List<In> replies = r.messages(1);
        assertThat(replies).hasSize(5);
        assertThat(replies).allSatisfy(reply -> assertThat(reply.fields()).containsExactly(2));
        assertError(replies.get(0).message(2), 104, "not found: unknown method \"publish\"");
        assertError(replies.get(1).message(2), 107,
                "bad request: commands[1]: empty command (expected one method name as its key)");
        assertError(replies.get(2).message(2), 107, "bad request: commands[2]: more than one method in one command");
        assertError(replies.get(3).message(2), 104, "not found: unknown command field 25");
        assertError(replies.get(4).message(2), 107, "bad request: users: must not be empty");
    }

    @Test
    void parallelIsField2OfBatchRequest() {
        In r = call("Batch", Wire.message()
                .message(1, Wire.message().message(19, users("p1")))
                .message(1, Wire.message().message(19, users("p2")))
                .varint(2, 1));
        assertThat(r.messages(1)).extracting(reply -> reply.message(19).messages(1).get(0).string(1))
                .containsExactly("p1", "p2");
    }

    @Test
    void infoAnswersNodesAt1WithUidNameVersionAt1To3AndUptimeAt7() {
        clock.advance(Duration.ofSeconds(42));
        In r = call("Info", Wire.message());
        assertThat(r.fields()).containsExactly(RESULT);
        List<In> nodes = r.message(RESULT).messages(1);
        assertThat(nodes).hasSize(1);
        In node = nodes.get(0);
        assertThat(node.string(1)).isEqualTo(server.server().nodeInfo().uid());
        assertThat(node.string(2)).isEqualTo(server.server().nodeInfo().name());
        assertThat(node.string(3)).isNotEmpty();
        assertThat(node.varint(7)).isEqualTo(42);
        // num_clients/num_users/num_channels (4-6) are zero until channel presence exists, so they are off the
        // wire here; NodeInfoWireTest pins their numbers with non-zero counts.
        assertThat(node.fields()).containsExactly(1, 2, 3, 7);
    }

    private static void assertError(In error, int code, String message) {
        assertThat(error.varint(1)).isEqualTo(code);
        assertThat(error.string(2)).isEqualTo(message);
    }
}
