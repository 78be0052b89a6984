package io.presenced.client.protocol;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.presenced.proto.client.Command;
import io.presenced.proto.client.ConnectRequest;
import io.presenced.proto.client.HistoryRequest;
import io.presenced.proto.client.PingRequest;
import io.presenced.proto.client.PresenceRequest;
import io.presenced.proto.client.PresenceStatsRequest;
import io.presenced.proto.client.PublishRequest;
import io.presenced.proto.client.RPCRequest;
import io.presenced.proto.client.RefreshRequest;
import io.presenced.proto.client.SendRequest;
import io.presenced.proto.client.SubRefreshRequest;
import io.presenced.proto.client.SubscribeRequest;
import io.presenced.proto.client.UnsubscribeRequest;

/**
 * Reads one JSON command object into its protobuf form. Fields are read by their proto names; unknown fields are
 * ignored, {@code null} counts as absent, and a field of the wrong type is malformed (named in the message).
 */
final class JsonCommands {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    private JsonCommands() {
    }

    static Command command(JsonNode n) throws MalformedCommandException {
        Command.Builder c = Command.newBuilder();
        JsonNode id = n.get("id");
        if (isPresent(id)) {
            if (!id.canConvertToLong() || !id.isIntegralNumber() || id.asLong() < 0 || id.asLong() > MAX_UINT32) {
                throw new MalformedCommandException("id: expected an integer from 0 to 4294967295");
            }
            c.setId((int) id.asLong());
        }
        JsonNode v;
        if ((v = object(n, "connect")) != null) {
            c.setConnect(connect(v));
        }
        if ((v = object(n, "subscribe")) != null) {
            c.setSubscribe(subscribe(v, "subscribe."));
        }
        if ((v = object(n, "unsubscribe")) != null) {
            c.setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel(string(v, "channel", "unsubscribe.")));
        }
        if ((v = object(n, "publish")) != null) {
            c.setPublish(PublishRequest.newBuilder().setChannel(string(v, "channel", "publish.")));
        }
        if ((v = object(n, "presence")) != null) {
            c.setPresence(PresenceRequest.newBuilder().setChannel(string(v, "channel", "presence.")));
        }
        if ((v = object(n, "presence_stats")) != null) {
            c.setPresenceStats(PresenceStatsRequest.newBuilder().setChannel(string(v, "channel", "presence_stats.")));
        }
        if ((v = object(n, "history")) != null) {
            c.setHistory(HistoryRequest.newBuilder().setChannel(string(v, "channel", "history.")));
        }
        if (object(n, "ping") != null) {
            c.setPing(PingRequest.getDefaultInstance());
        }
        if ((v = object(n, "send")) != null) {
            c.setSend(SendRequest.newBuilder().setData(raw(v, "data")));
        }
        if ((v = object(n, "rpc")) != null) {
            c.setRpc(RPCRequest.newBuilder().setMethod(string(v, "method", "rpc.")).setData(raw(v, "data")));
        }
        if ((v = object(n, "refresh")) != null) {
            c.setRefresh(RefreshRequest.newBuilder().setToken(string(v, "token", "refresh.")));
        }
        if ((v = object(n, "sub_refresh")) != null) {
            c.setSubRefresh(SubRefreshRequest.newBuilder().setChannel(string(v, "channel", "sub_refresh."))
                    .setToken(string(v, "token", "sub_refresh.")));
        }
        return c.build();
    }

    private static ConnectRequest connect(JsonNode v) throws MalformedCommandException {
        ConnectRequest.Builder b = ConnectRequest.newBuilder()
                .setToken(string(v, "token", "connect."))
                .setName(string(v, "name", "connect."))
                .setVersion(string(v, "version", "connect."))
                .setData(raw(v, "data"));
        JsonNode subs = object(v, "subs");
        if (subs != null) {
            for (Map.Entry<String, JsonNode> e : subs.properties()) {
                if (!e.getValue().isObject()) {
                    throw new MalformedCommandException("connect.subs." + e.getKey() + ": expected an object");
                }
                b.putSubs(e.getKey(), subscribe(e.getValue(), "connect.subs." + e.getKey() + "."));
            }
        }
        return b.build();
    }

    private static SubscribeRequest subscribe(JsonNode v, String at) throws MalformedCommandException {
        return SubscribeRequest.newBuilder()
                .setChannel(string(v, "channel", at))
                .setToken(string(v, "token", at))
                .setJoinLeave(bool(v, "join_leave", at))
                .setRecover(bool(v, "recover", at))
                .setData(raw(v, "data"))
                .build();
    }

    private static boolean isPresent(JsonNode n) {
        return n != null && !n.isNull();
    }

    private static JsonNode object(JsonNode n, String field) throws MalformedCommandException {
        JsonNode v = n.get(field);
        if (!isPresent(v)) {
            return null;
        }
        if (!v.isObject()) {
            throw new MalformedCommandException(field + ": expected an object");
        }
        return v;
    }

    private static String string(JsonNode n, String field, String at) throws MalformedCommandException {
        JsonNode v = n.get(field);
        if (!isPresent(v)) {
            return "";
        }
        if (!v.isTextual()) {
            throw new MalformedCommandException(at + field + ": expected a string");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode n, String field, String at) throws MalformedCommandException {
        JsonNode v = n.get(field);
        if (!isPresent(v)) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new MalformedCommandException(at + field + ": expected true or false");
        }
        return v.asBoolean();
    }

    // bytes fields carry raw embedded JSON: the value is kept as its JSON text.
    private static ByteString raw(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!isPresent(v)) {
            return ByteString.EMPTY;
        }
        try {
            return ByteString.copyFrom(JSON.writeValueAsBytes(v));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serializes", e);
        }
    }
}
