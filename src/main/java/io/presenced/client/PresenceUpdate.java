package io.presenced.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;

import io.presenced.api.ApiException;
import io.presenced.proto.client.RPCResult;
import io.presenced.proto.client.Reply;

/**
 * The client RPC {@code presence_update}: {@code {"channel": "...", "info": <JSON>}} replaces the client's
 * {@code chan_info} in a channel it is subscribed to, without leaving it ({@code null} or no {@code info} clears it).
 * Errors: data that is not a JSON object, no channel, or an info over {@code limits.max_info_size} is 107 naming the
 * field (the same checks as a backend's {@code chan_info}: well-formed, within the limit); a channel the client is not in is 103; a namespace without presence 108.
 */
final class PresenceUpdate {

    /** The RPC method name. */
    static final String METHOD = "presence_update";

    private static final RPCResult DONE = RPCResult.newBuilder().setData(ByteString.copyFromUtf8("{}")).build();

    private PresenceUpdate() {
    }

    static void run(ClientSession session, Subscriptions subscriptions, int id, ByteString data) {
        String channel;
        String info;
        try {
            ObjectNode p = StatusRpc.data(data);
            JsonNode c = p.get("channel");
            if (c == null || !c.isTextual() || c.textValue().isEmpty()) {
                throw ApiException.badField("channel", "expected a non-empty string");
            }
            channel = c.textValue();
            JsonNode i = p.get("info");
            info = i == null || i.isNull() ? null : i.toString();
            session.ctx.infos().info(info, "info");
        } catch (ApiException e) {
            session.reply(Reply.newBuilder().setId(id).setError(StatusRpc.error(e)));
            return;
        }
        subscriptions.updateInfo(id, channel, info, () -> session.reply(Reply.newBuilder().setId(id).setRpc(DONE)));
    }
}
