package io.presenced.client.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.presenced.proto.client.Command;
import io.presenced.proto.client.Reply;

/**
 * The JSON encoding: text frames holding one or more JSON objects separated by exactly one {@code \n}; a single
 * trailing {@code \n} is allowed, blank lines are not. {@code bytes} fields carry raw embedded JSON. Unknown fields
 * are ignored.
 */
final class JsonClientCodec implements ClientCodec {

    static final JsonClientCodec INSTANCE = new JsonClientCodec();
    // A shallow nesting limit keeps a hostile deep value cheap to refuse.
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build());

    private JsonClientCodec() {
    }

    @Override
    public boolean isBinary() {
        return false;
    }

    @Override
    public List<Command> decode(ByteBuf message, int maxCommands) throws MalformedCommandException {
        int start = message.readerIndex();
        int end = message.writerIndex();
        if (end > start && message.getByte(end - 1) == '\n') {
            end--;
        }
        if (end <= start) {
            throw new MalformedCommandException("empty message (expected: at least one command)");
        }
        List<Command> out = new ArrayList<>();
        while (true) {
            int nl = message.indexOf(start, end, (byte) '\n');
            int lineEnd = nl < 0 ? end : nl;
            if (lineEnd == start) {
                throw new MalformedCommandException("blank line at command " + (out.size() + 1));
            }
            if (out.size() == maxCommands) {
                throw new MalformedCommandException("more than " + maxCommands + " commands in one message");
            }
            out.add(JsonCommands.command(parse(message, start, lineEnd, out.size() + 1)));
            if (nl < 0) {
                return out;
            }
            start = nl + 1;
        }
    }

    private static JsonNode parse(ByteBuf message, int from, int to, int index) throws MalformedCommandException {
        byte[] bytes = new byte[to - from];
        message.getBytes(from, bytes);
        try (JsonParser p = JSON.createParser(bytes)) {
            JsonNode node = JSON.readTree(p);
            if (node == null || !node.isObject()) {
                throw new MalformedCommandException("command " + index + " is not a JSON object");
            }
            if (p.nextToken() != null) {
                throw new MalformedCommandException("command " + index + " has content after its JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedCommandException("command " + index + " is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ByteBuf encode(List<Reply> replies, ByteBufAllocator alloc) {
        ByteBuf buf = alloc.buffer();
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf);
             JsonGenerator g = JSON.getFactory().createGenerator((OutputStream) out)) {
            g.setRootValueSeparator(null);
            for (int i = 0; i < replies.size(); i++) {
                if (i > 0) {
                    g.flush();
                    out.write('\n');
                }
                JsonReplies.write(g, replies.get(i));
            }
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        }
        return buf;
    }
}
