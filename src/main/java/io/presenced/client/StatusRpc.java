package io.presenced.client;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;

import io.presenced.api.ApiError;
import io.presenced.api.ApiException;
import io.presenced.api.ApiReply;
import io.presenced.api.JsonParams;
import io.presenced.api.RawJson;
import io.presenced.api.UserStatusMethods;
import io.presenced.proto.client.Error;
import io.presenced.proto.client.RPCResult;
import io.presenced.proto.client.Reply;

/**
 * The user-status RPC methods a connected client may call, run through the server API so that the same input gives
 * the same answer and the same error on every transport. The client acts as its own user: its user id is put in the
 * request ({@code users}, {@code user}, {@code viewer}), and naming anyone else is refused with 103. An update's
 * device defaults to the connection's client id and its platform to the one the SDK's {@code name} suggests; a read
 * sees others in the public view (an invisible user looks unknown) and the client's own user as it is.
 */
final class StatusRpc {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The answer of an update: the method's empty result, {@code {}}. */
    static final RPCResult UPDATED = RPCResult.newBuilder().setData(ByteString.copyFromUtf8("{}")).build();

    private StatusRpc() {
    }

    /** Returns the server-API method that client RPC method {@code method} stands for, or {@code null}. */
    static String target(String method) {
        return switch (method) {
            case "update_user_status", "updateActiveStatus" -> "update_user_status";
            case "set_user_status", "setUserStatus" -> "set_user_status";
            case "get_user_status", "getUserStatus" -> "get_user_status";
            default -> null;
        };
    }

    /**
     * Returns the RPC data as a JSON object; no data is an empty object.
     *
     * @throws ApiException 107 for data that is not a JSON object
     */
    static ObjectNode data(ByteString data) {
        JsonNode parsed = JsonParams.parse(data.toByteArray(), "data");
        if (parsed != null && !parsed.isObject()) {
            throw ApiException.badField("data", "expected a JSON object");
        }
        return parsed == null ? NODES.objectNode() : (ObjectNode) parsed;
    }

    /** Returns whether call {@code target} with {@code p} names a user other than the client's own. */
    static boolean namesAnother(String target, ObjectNode p, String user) {
        JsonNode v = p.get("update_user_status".equals(target) ? "users" : "set_user_status".equals(target)
                ? "user" : "viewer");
        if (v == null || v.isNull()) {
            return false;
        }
        return !(v.isTextual() ? v.textValue().equals(user)
                : v.isArray() && v.size() == 1 && v.get(0).isTextual() && v.get(0).textValue().equals(user));
    }

    /** Completes {@code p} as the server-API params of client call {@code target} by {@code user} on {@code client}. */
    static ObjectNode params(String target, ObjectNode p, String user, String client, String platform) {
        switch (target) {
            case "update_user_status" -> {
                p.set("users", NODES.arrayNode().add(user));
                if (!p.hasNonNull("device")) {
                    p.put("device", client);
                    if (!p.hasNonNull("platform")) {
                        p.put("platform", platform);
                    }
                }
            }
            case "set_user_status" -> p.put("user", user);
            default -> {
                // With a viewer every view the method knows is the public one, so a view the client names is left
                // for the method to judge: an unknown one is refused there, as on every other transport.
                if (!p.hasNonNull("view")) {
                    p.put("view", UserStatusMethods.PUBLIC_VIEW);
                }
                p.put("viewer", user);
            }
        }
        return p;
    }

    /** Returns the platform that an SDK's {@code name} suggests: centrifuge-js is the web, the mobile SDKs mobile. */
    static String platform(String sdkName) {
        String n = sdkName.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "web", "desktop", "mobile", "other" -> n;
            case "js", "browser" -> "web";
            case "dart", "flutter", "swift", "ios", "java", "android", "kotlin" -> "mobile";
            default -> "other";
        };
    }

    /** Returns the reply to command {@code id} carrying {@code reply}: its result as RPC data, or its error. */
    static Reply.Builder reply(int id, ApiReply reply) {
        if (reply.isError()) {
            ApiException e = reply.error();
            return Reply.newBuilder().setId(id).setError(error(e));
        }
        return Reply.newBuilder().setId(id).setRpc(RPCResult.newBuilder().setData(RawJson.of(reply.result())));
    }

    /** Returns the client error of {@code e}: its code and message, except that an internal failure says nothing. */
    static Error error(ApiException e) {
        if (e.error() == ApiError.INTERNAL) {
            return ClientError.INTERNAL.proto();
        }
        return Error.newBuilder().setCode(e.error().code()).setMessage(e.getMessage()).build();
    }
}
