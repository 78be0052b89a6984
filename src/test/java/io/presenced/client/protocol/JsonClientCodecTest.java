package io.presenced.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.presenced.proto.client.ClientInfo;
import io.presenced.proto.client.Command;
import io.presenced.proto.client.Error;
import io.presenced.proto.client.Join;
import io.presenced.proto.client.PresenceResult;
import io.presenced.proto.client.Push;
import io.presenced.proto.client.Reply;
import io.presenced.proto.client.SubscribeResult;

class JsonClientCodecTest {

    private static final ClientCodec JSON = ClientCodec.of(false);

    private static List<Command> decode(String text) throws MalformedCommandException {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        try {
            return JSON.decode(buf, 10);
        } finally {
            buf.release();
        }
    }

    private static String encode(Reply... replies) {
        ByteBuf buf = JSON.encode(List.of(replies), ByteBufAllocator.DEFAULT);
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    @Test
    void readsCommandsSeparatedByOneNewlineWithOneTrailingNewlineAllowed() throws Exception {
        List<Command> commands = decode("{\"id\":1,\"connect\":{\"token\":\"t\"}}\n{\"id\":2,\"ping\":{}}\n");
        assertThat(commands).hasSize(2);
        assertThat(commands.get(0).getConnect().getToken()).isEqualTo("t");
        assertThat(commands.get(1).hasPing()).isTrue();
    }

    @Test
    void refusesBlankLinesAnEmptyMessageAndTooManyCommands() {
        assertThatThrownBy(() -> decode("{\"id\":1}\n\n{\"id\":2}")).hasMessageContaining("blank line at command 2");
        assertThatThrownBy(() -> decode("\n")).hasMessageContaining("empty message");
        assertThatThrownBy(() -> decode("{}\n".repeat(11))).hasMessageContaining("more than 10 commands");
    }

    @Test
    void namesTheFieldOfTheWrongType() {
        assertThatThrownBy(() -> decode("{\"id\":1,\"subscribe\":{\"channel\":1}}"))
                .hasMessage("subscribe.channel: expected a string");
        assertThatThrownBy(() -> decode("{\"id\":-1}")).hasMessageContaining("id: expected an integer");
        assertThatThrownBy(() -> decode("{\"id\":1,\"subscribe\":{\"join_leave\":\"yes\"}}"))
                .hasMessage("subscribe.join_leave: expected true or false");
    }

    @Test
    void keepsRawJsonDataAndIgnoresUnknownFields() throws Exception {
        Command c = decode("{\"id\":3,\"rpc\":{\"method\":\"m\",\"data\":{\"a\":[1,2]},\"x\":1},\"y\":{}}").get(0);
        assertThat(c.getRpc().getData().toStringUtf8()).isEqualTo("{\"a\":[1,2]}");
        assertThat(c.getRpc().getMethod()).isEqualTo("m");
    }

    @Test
    void writesRepliesAsCentrifugoDoesJoinedByNewlines() {
        ClientInfo info = ClientInfo.newBuilder().setUser("42").setClient("c1")
                .setConnInfo(ByteString.copyFromUtf8("{\"n\":1}")).build();
        assertThat(encode(
                Reply.newBuilder().setId(1).setSubscribe(SubscribeResult.getDefaultInstance()).build(),
                Reply.newBuilder().setId(2).setError(Error.newBuilder().setCode(103).setMessage("permission denied"))
                        .build(),
                Reply.newBuilder().setId(3).setPresence(PresenceResult.newBuilder().putPresence("c1", info)).build(),
                Reply.newBuilder().setPush(Push.newBuilder().setChannel("chat:1").setJoin(Join.newBuilder()
                        .setInfo(info))).build(),
                Reply.getDefaultInstance()))
                .isEqualTo("{\"id\":1,\"subscribe\":{}}\n"
                        + "{\"id\":2,\"error\":{\"code\":103,\"message\":\"permission denied\"}}\n"
                        + "{\"id\":3,\"presence\":{\"presence\":{\"c1\":{\"user\":\"42\",\"client\":\"c1\","
                        + "\"conn_info\":{\"n\":1}}}}}\n"
                        + "{\"push\":{\"channel\":\"chat:1\",\"join\":{\"info\":{\"user\":\"42\",\"client\":\"c1\","
                        + "\"conn_info\":{\"n\":1}}}}}\n"
                        + "{}");
    }

    @Test
    void protobufReadsDelimitedCommandsAndRefusesATruncatedOne() throws Exception {
        ClientCodec proto = ClientCodec.of(true);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Command.newBuilder().setId(1).build().writeDelimitedTo(out);
        Command.newBuilder().setId(2).build().writeDelimitedTo(out);
        byte[] bytes = out.toByteArray();
        assertThat(proto.decode(Unpooled.wrappedBuffer(bytes), 10)).extracting(Command::getId).containsExactly(1, 2);
        assertThatThrownBy(() -> proto.decode(Unpooled.wrappedBuffer(bytes, 0, bytes.length - 1), 10))
                .isInstanceOf(MalformedCommandException.class);
    }
}
