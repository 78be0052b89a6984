package io.presenced.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.presenced.config.UserStatusConfig;
import io.presenced.proto.client.Publication;
import io.presenced.proto.client.Push;
import io.presenced.proto.client.Reply;
import io.presenced.proto.client.SubscribeRequest;
import io.presenced.proto.client.SubscribeResult;

/**
 * One session's watch list: the users whose status it receives, through an ordinary subscription to the watch
 * channel ({@code user_status.watch.channel}), so that the stock SDK sees a subscription and publications.
 *
 * <p>The users come from the subscribe request's {@code data}, {@code {"users": [...]}}, or, without it, from the
 * connection token's {@code watch} claim; every user must be in that claim (103 otherwise): who may watch whom is
 * the backend's decision. The subscribe answer's {@code data} is the snapshot, {@code {"users": {"<id>": {"version",
 * "online", "status", ...}}}}, read in bulk; each change afterwards is a publication whose data is
 * {@code {"user", "version", "online", "status", ...}}. A client keeps, per user, the highest version it has seen and
 * drops anything not newer. Touched on the session's event loop only.
 */
final class Watches {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClientSession session;
    private final UserStatusConfig.Watch config;
    // The watched users while subscribed, else null.
    private Set<String> users;
    private boolean answered;
    // Updates that arrived before the subscribe answer: sent right after it, where the client orders them.
    private List<String> early;

    Watches(ClientSession session, UserStatusConfig.Watch config) {
        this.session = session;
        this.config = config;
    }

    /** Returns whether {@code channel} is the watch channel of this node. */
    boolean handles(String channel) {
        return config != null && config.channel().equals(channel);
    }

    void subscribe(int id, SubscribeRequest r) {
        if (users != null) {
            session.error(id, ClientError.ALREADY_SUBSCRIBED);
            return;
        }
        List<String> allowed = session.watchClaim();
        List<String> requested;
        try {
            requested = r.getData().isEmpty() ? allowed : requested(r.getData());
        } catch (IOException | IllegalArgumentException e) {
            session.error(id, ClientError.BAD_REQUEST);
            return;
        }
        if (requested.size() > config.maxUsers()) {
            session.error(id, ClientError.LIMIT_EXCEEDED);
            return;
        }
        Set<String> permitted = Set.copyOf(allowed);
        for (String user : requested) {
            if (!permitted.contains(user)) {
                session.error(id, ClientError.PERMISSION_DENIED);
                return;
            }
        }
        Set<String> watched = new LinkedHashSet<>(requested);
        users = watched;
        answered = false;
        // Watching before the snapshot is read: a change in between arrives as an early update, never lost.
        session.ctx.hub().watch(watched, session);
        session.track(() -> session.ctx.userStatus().watchSnapshot(List.copyOf(watched)), (snapshot, e) -> {
            if (users != watched) {
                return;
            }
            if (e != null) {
                forget();
                session.error(id, ClientError.INTERNAL);
                return;
            }
            answered = true;
            session.reply(Reply.newBuilder().setId(id).setSubscribe(SubscribeResult.newBuilder()
                    .setData(ByteString.copyFromUtf8(snapshot))));
            if (early != null) {
                early.forEach(this::send);
                early = null;
            }
        });
    }

    // {"users": ["a", "b"]}: a list of strings, nothing else.
    private static List<String> requested(ByteString data) throws IOException {
        JsonNode root = JSON.readTree(data.toStringUtf8());
        JsonNode list = root == null ? null : root.get("users");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("users");
        }
        List<String> out = new ArrayList<>(list.size());
        for (JsonNode n : list) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException("users");
            }
            out.add(n.textValue());
        }
        return out;
    }

    /** Stops watching; returns whether the session was watching. */
    boolean unsubscribe() {
        if (users == null) {
            return false;
        }
        forget();
        return true;
    }

    private void forget() {
        session.ctx.hub().unwatch(users, session);
        users = null;
        early = null;
    }

    /** Sends an update of a watched user, or keeps it until the subscribe answer is out. */
    void push(String data) {
        if (users == null) {
            return;
        }
        if (!answered) {
            if (early == null) {
                early = new ArrayList<>();
            }
            // Bounded: updates are at most once, and the snapshot answers within the store's timeout.
            if (early.size() < config.maxUsers()) {
                early.add(data);
            }
            return;
        }
        send(data);
    }

    private void send(String data) {
        session.reply(Reply.newBuilder().setPush(Push.newBuilder().setChannel(config.channel())
                .setPub(Publication.newBuilder().setData(ByteString.copyFromUtf8(data)))));
    }
}
