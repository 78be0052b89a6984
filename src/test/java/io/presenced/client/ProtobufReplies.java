package io.presenced.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.presenced.proto.client.Reply;

/** Splits a binary WebSocket message into its length-delimited replies. */
final class ProtobufReplies {

    private ProtobufReplies() {
    }

    static List<Reply> parse(byte[] message) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(message);
        List<Reply> out = new ArrayList<>();
        Reply r;
        while ((r = Reply.parseDelimitedFrom(in)) != null) {
            out.add(r);
        }
        return out;
    }
}
