package io.presenced.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.google.protobuf.Message;
import org.junit.jupiter.api.Test;

import io.presenced.api.ApiReply;
import io.presenced.api.NodeInfo;
import io.presenced.api.NodeStats;
import io.presenced.proto.api.Command;
import io.presenced.proto.api.Error;
import io.presenced.proto.api.GetUserStatusResponse;
import io.presenced.proto.api.InfoResponse;
import io.presenced.proto.api.PresenceJoinResponse;
import io.presenced.testing.MutableClock;
import io.presenced.testing.Wire;

class ProtoMethodsTest {

    @Test
    void infoPutsTheCountsInNodeResultFields4To6AndUptimeIn7() {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_000));
        NodeInfo info = NodeInfo.create("n1", clock, () -> new NodeStats.Counts(3, 2, 1));
        clock.advance(Duration.ofSeconds(42));
        NodeInfo.Result result = new NodeInfo.Result(List.of(info.current()));

        InfoResponse response = ProtoMethods.INFO.response(ApiReply.ok(result, out -> { }));
        Wire.In node = Wire.decode(response.toByteArray()).message(2).messages(1).get(0);
        assertThat(node.string(1)).isEqualTo(info.uid());
        assertThat(node.string(2)).isEqualTo("n1");
        assertThat(node.string(3)).isNotEmpty();
        assertThat(node.varint(4)).isEqualTo(3);
        assertThat(node.varint(5)).isEqualTo(2);
        assertThat(node.varint(6)).isEqualTo(1);
        assertThat(node.varint(7)).isEqualTo(42);
    }

    @Test
    void countsBeyondUint32AreCappedNotWrapped() {
        NodeInfo info = NodeInfo.create("n", java.time.Clock.systemUTC(),
                () -> new NodeStats.Counts(5_000_000_000L, 0, 0));
        InfoResponse r = ProtoMethods.INFO.response(ApiReply.ok(new NodeInfo.Result(List.of(info.current())),
                out -> { }));
        assertThat(Integer.toUnsignedLong(r.getResult().getNodes(0).getNumClients())).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void batchCarriesEveryMethodInItsCommandField() {
        assertThat(ProtoMethods.BY_BATCH_FIELD).containsOnlyKeys(9, 10, 13, 14, 16, 18, 19, 20,
                1001, 1002, 1003, 1004);
        assertThat(ProtoMethods.BY_BATCH_FIELD.get(Command.GET_USER_STATUS_FIELD_NUMBER).name())
                .isEqualTo("get_user_status");
    }

    @Test
    void aMethodWithAnEmptyResultAnswersTheEmptyResultOfItsResponseAndItsBatchField() {
        ApiReply done = ApiReply.ok(null, out -> { });
        PresenceJoinResponse response = ProtoMethods.PRESENCE_JOIN.response(done);
        assertThat(response.hasResult()).isTrue();
        assertThat(response.hasError()).isFalse();
        assertThat(ProtoMethods.PRESENCE_JOIN.reply(done).hasPresenceJoin()).isTrue();
        assertThat(ProtoMethods.SET_USER_STATUS.response(done).hasResult()).isTrue();
    }

    @Test
    void aResponseWithoutErrorAndResultIsRefusedWhenTheMappingIsMade() {
        assertThatThrownBy(() -> mapping(0, Error.getDefaultInstance()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected Error error = 1 and a result message = 2");
    }

    @Test
    void aBatchFieldOfAnotherResultTypeIsRefusedWhenTheMappingIsMade() {
        assertThatThrownBy(() -> mapping(Command.INFO_FIELD_NUMBER, GetUserStatusResponse.getDefaultInstance()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x: expected Command and Reply field 13");
    }

    @Test
    void aMappingThatFailsOnTheResultAnswersInternalError() {
        InfoResponse r = ProtoMethods.INFO.response(ApiReply.ok("not a NodeInfo.Result", out -> { }));
        assertThat(r.hasResult()).isFalse();
        assertThat(r.getError().getCode()).isEqualTo(100);
    }

    // A mapping of method "x" that is never called: only its layout checks run.
    private static <S extends Message> ProtoMethod<Message, S> mapping(int batchField, S response) {
        return ProtoMethod.custom("x", batchField, response, (api, request) -> null, reply -> null);
    }
}
