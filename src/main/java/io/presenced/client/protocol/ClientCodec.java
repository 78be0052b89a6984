package io.presenced.client.protocol;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.presenced.proto.client.Command;
import io.presenced.proto.client.Reply;

/**
 * One encoding of the client protocol: how a WebSocket message carries commands and replies. The protobuf messages
 * of {@code client.proto} are the model for both encodings. Stateless and thread-safe.
 */
public interface ClientCodec {

    /** Returns whether messages travel in binary WebSocket frames (else text frames). */
    boolean isBinary();

    /**
     * Decodes every command of one WebSocket message, in order; does not release {@code message}.
     *
     * @param maxCommands the most commands one message may hold
     * @throws MalformedCommandException when the message is not a sequence of well-formed commands
     */
    List<Command> decode(ByteBuf message, int maxCommands) throws MalformedCommandException;

    /** Encodes the replies into one WebSocket message's payload, in order. */
    ByteBuf encode(List<Reply> replies, ByteBufAllocator alloc);

    /** Returns the codec named by a connection's request: {@code protobuf} or anything else for JSON. */
    static ClientCodec of(boolean protobuf) {
        return protobuf ? ProtobufClientCodec.INSTANCE : JsonClientCodec.INSTANCE;
    }
}
