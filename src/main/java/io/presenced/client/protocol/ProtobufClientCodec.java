package io.presenced.client.protocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.presenced.proto.client.Command;
import io.presenced.proto.client.Reply;

/**
 * The protobuf encoding: binary frames holding varint-length-delimited messages, one after another. Unknown fields
 * are skipped, as protobuf does, so newer SDKs' fields do no harm.
 */
final class ProtobufClientCodec implements ClientCodec {

    static final ProtobufClientCodec INSTANCE = new ProtobufClientCodec();

    private ProtobufClientCodec() {
    }

    @Override
    public boolean isBinary() {
        return true;
    }

    @Override
    public List<Command> decode(ByteBuf message, int maxCommands) throws MalformedCommandException {
        List<Command> out = new ArrayList<>();
        try {
            CodedInputStream in = CodedInputStream.newInstance(new ByteBufInputStream(message.duplicate()));
            while (!in.isAtEnd()) {
                if (out.size() == maxCommands) {
                    throw new MalformedCommandException("more than " + maxCommands + " commands in one message");
                }
                int length = in.readRawVarint32();
                if (length < 0 || length > message.readableBytes()) {
                    throw new MalformedCommandException("command length " + length + " (expected: at most the "
                            + "message's " + message.readableBytes() + " bytes)");
                }
                int limit = in.pushLimit(length);
                Command c = Command.parseFrom(in);
                in.popLimit(limit);
                out.add(c);
            }
        } catch (IOException e) {
            throw new MalformedCommandException("not a protobuf Command (" + e.getClass().getSimpleName() + ")");
        }
        if (out.isEmpty()) {
            throw new MalformedCommandException("empty message (expected: at least one command)");
        }
        return out;
    }

    @Override
    public ByteBuf encode(List<Reply> replies, ByteBufAllocator alloc) {
        int size = 0;
        for (Reply r : replies) {
            int n = r.getSerializedSize();
            size += CodedOutputStream.computeUInt32SizeNoTag(n) + n;
        }
        ByteBuf buf = alloc.buffer(size);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            for (Reply r : replies) {
                r.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            buf.release();
            throw new IllegalStateException("encoding into a buffer cannot fail", e);
        }
        return buf;
    }
}
