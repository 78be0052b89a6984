package io.presenced.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.google.protobuf.ByteString;

import io.presenced.client.auth.ServerSubscription;
import io.presenced.client.auth.SubscriptionClaims;
import io.presenced.client.auth.TokenException;
import io.presenced.concurrent.Futures;
import io.presenced.config.NamespaceOptions;
import io.presenced.presence.ChannelClient;
import io.presenced.presence.ChannelException;
import io.presenced.presence.ChannelLimitException;
import io.presenced.presence.ClientInfo;
import io.presenced.presence.PresenceEntry;
import io.presenced.proto.client.Join;
import io.presenced.proto.client.Leave;
import io.presenced.proto.client.PresenceResult;
import io.presenced.proto.client.PresenceStatsResult;
import io.presenced.proto.client.Push;
import io.presenced.proto.client.Reply;
import io.presenced.proto.client.SubRefreshRequest;
import io.presenced.proto.client.SubRefreshResult;
import io.presenced.proto.client.SubscribeRequest;
import io.presenced.proto.client.SubscribeResult;
import io.presenced.proto.client.UnsubscribeResult;

/**
 * One session's channels: subscribe (a presence entry through {@code PresenceService} in a presence namespace),
 * unsubscribe, presence reads with Centrifugo v6's permissions, and join/leave pushes. Runs on the session's loop.
 */
final class Subscriptions {

    private static final String PRIVATE_PREFIX = "$";

    private final ClientSession session;
    private final Map<String, Subscription> channels = new LinkedHashMap<>();
    // The channels whose presence entry this session holds, as an immutable list the hub's refresh may read.
    private volatile List<String> present = List.of();
    // Whether the connection is among its user's live connections; touched on the session's event loop only.
    private boolean attached;

    Subscriptions(ClientSession session) {
        this.session = session;
    }

    private static final int MAX_EARLY_PUSHES = 64;

    private static final class Subscription {
        final NamespaceOptions ns;
        final boolean pushJoinLeave;
        String chanInfo;
        boolean joined;
        // presence_update: when chan_info was last written, and the write waiting for the interval to pass.
        long infoWrittenAt;
        boolean infoWritten;
        boolean infoPending;
        Instant expiresAt;
        // Joins and leaves that arrived before the subscribe answer (the own join among them): sent right after it.
        List<Push.Builder> early;

        Subscription(NamespaceOptions ns, boolean pushJoinLeave, String chanInfo) {
            this.ns = ns;
            this.pushJoinLeave = pushJoinLeave;
            this.chanInfo = chanInfo;
        }
    }

    void subscribe(int id, SubscribeRequest r) {
        String channel = r.getChannel();
        if (session.watches().handles(channel)) {
            session.watches().subscribe(id, r);
            return;
        }
        NamespaceOptions ns = resolve(id, channel);
        if (ns == null) {
            return;
        }
        if (channels.containsKey(channel)) {
            session.error(id, ClientError.ALREADY_SUBSCRIBED);
            return;
        }
        if (channels.size() >= session.ctx.channelLimit()) {
            session.error(id, ClientError.LIMIT_EXCEEDED);
            return;
        }
        SubscriptionClaims claims = null;
        if (!r.getToken().isEmpty()) {
            claims = verify(id, channel, r.getToken());
            if (claims == null) {
                return;
            }
        } else if (channel.startsWith(PRIVATE_PREFIX)
                || !session.ctx.config().insecure() && !mayAccess(ns.client().allowSubscribeForClient(),
                        ns.client().allowSubscribeForAnonymous())) {
            session.error(id, ClientError.PERMISSION_DENIED);
            return;
        }
        boolean pushes = ns.client().forcePushJoinLeave()
                || r.getJoinLeave() && ns.joinLeave() && mayReadPresence(ns, true);
        String chanInfo = claims == null || claims.info() == null ? null
                : new String(claims.info(), StandardCharsets.UTF_8);
        Subscription s = new Subscription(ns, pushes, chanInfo);
        s.expiresAt = claims == null ? null : claims.expiresAt();
        channels.put(channel, s);
        session.ctx.hub().subscribed(channel, session);
        SubscribeResult.Builder result = SubscribeResult.newBuilder();
        if (s.expiresAt != null) {
            result.setExpires(true).setTtl(ttl(s.expiresAt));
        }
        if (!ns.presence()) {
            session.reply(Reply.newBuilder().setId(id).setSubscribe(result));
            return;
        }
        ClientInfo info = info(s);
        session.track(() -> session.ctx.presence().join(List.of(new PresenceEntry(channel, info)),
                session.ctx.channelLimit()), (v, e) -> joined(id, channel, s, info, result, e));
    }

    private void joined(int id, String channel, Subscription s, ClientInfo info, SubscribeResult.Builder result,
                        Throwable e) {
        if (e == null) {
            leaveIfGone(channel, s);
        }
        if (e != null) {
            if (channels.get(channel) == s) {
                channels.remove(channel);
                session.ctx.hub().unsubscribed(channel, session);
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            session.error(id, cause instanceof ChannelLimitException ? ClientError.LIMIT_EXCEEDED
                    : ClientError.INTERNAL);
            return;
        }
        if (session.isClosed() || channels.get(channel) != s) {
            return;
        }
        s.joined = true;
        present = joinedChannels();
        session.reply(Reply.newBuilder().setId(id).setSubscribe(result));
        sendEarly(s);
    }

    /** Returns why the token's server-side channels cannot be subscribed, or {@code null} when they can. */
    ClientError checkServerSide(List<ServerSubscription> serverSide) {
        if (serverSide.size() > session.ctx.channelLimit()) {
            return ClientError.LIMIT_EXCEEDED;
        }
        for (ServerSubscription sub : serverSide) {
            try {
                session.ctx.namespaces().resolve(sub.channel(), "channels");
            } catch (ChannelException e) {
                return e.kind() == ChannelException.Kind.UNKNOWN_NAMESPACE ? ClientError.UNKNOWN_CHANNEL
                        : ClientError.BAD_REQUEST;
            }
        }
        return null;
    }

    /**
     * Subscribes the connection to the token's server-side channels (checked with {@link #checkServerSide}): their
     * presence entries are joined in one call, then {@code then} gets the results for the connect answer. Join
     * and leave pushes reach them only with {@code force_push_join_leave} (the namespace's, or the token's
     * override). The token's {@code info} is the entry's {@code chan_info}, its {@code data} goes into the result,
     * and an override of {@code presence} to false keeps the subscription out of presence. A failed join
     * disconnects with 3004.
     */
    void subscribeServerSide(List<ServerSubscription> serverSide, Consumer<Map<String, SubscribeResult>> then) {
        Map<String, SubscribeResult> results = new LinkedHashMap<>();
        List<PresenceEntry> entries = new ArrayList<>();
        Map<String, Subscription> joining = new LinkedHashMap<>();
        for (ServerSubscription sub : serverSide) {
            String channel = sub.channel();
            NamespaceOptions ns = session.ctx.namespaces().resolve(channel, "channels");
            boolean pushes = sub.forcePushJoinLeave() != null ? sub.forcePushJoinLeave()
                    : ns.client().forcePushJoinLeave();
            Subscription s = new Subscription(ns, pushes,
                    sub.info() == null ? null : new String(sub.info(), StandardCharsets.UTF_8));
            channels.put(channel, s);
            session.ctx.hub().subscribed(channel, session);
            results.put(channel, sub.data() == null ? SubscribeResult.getDefaultInstance()
                    : SubscribeResult.newBuilder().setData(ByteString.copyFrom(sub.data())).build());
            // Presence is the namespace's: an override can keep this subscription out, not add a namespace in.
            if (ns.presence() && !Boolean.FALSE.equals(sub.presence())) {
                entries.add(new PresenceEntry(channel, info(s)));
                joining.put(channel, s);
            }
        }
        if (entries.isEmpty()) {
            then.accept(results);
            return;
        }
        session.track(() -> session.ctx.presence().join(entries, session.ctx.channelLimit()), (v, e) -> {
            if (e != null || session.isClosed()) {
                if (e == null) {
                    session.ctx.presence().disconnect(List.of(session.clientId()));
                }
                session.close(Disconnect.INTERNAL);
                return;
            }
            joining.forEach((channel, s) -> s.joined = true);
            present = joinedChannels();
            then.accept(results);
            joining.values().forEach(this::sendEarly);
        });
    }

    void unsubscribe(int id, String channel) {
        if (session.watches().handles(channel)) {
            session.watches().unsubscribe();
            session.reply(Reply.newBuilder().setId(id).setUnsubscribe(UnsubscribeResult.getDefaultInstance()));
            return;
        }
        Subscription s = channels.remove(channel);
        if (s != null) {
            session.ctx.hub().unsubscribed(channel, session);
            if (s.joined) {
                present = joinedChannels();
                session.ctx.presence().leave(List.of(new ChannelClient(channel, session.clientId())));
            }
        }
        session.reply(Reply.newBuilder().setId(id).setUnsubscribe(UnsubscribeResult.getDefaultInstance()));
    }

    /**
     * Replaces the client's {@code chan_info} in {@code channel} with {@code info} and answers at once. The entry is
     * written at most once per {@code client.presence_info_min_interval}: an update within it is written when the
     * interval has passed, with the last value given by then. Subscribers with join/leave pushes see the new info
     * as a join of the same client.
     */
    void updateInfo(int id, String channel, String info, Runnable answer) {
        Subscription s = channels.get(channel);
        if (s != null && !s.ns.presence()) {
            session.error(id, ClientError.NOT_AVAILABLE);
            return;
        }
        if (s == null || !s.joined) {
            session.error(id, ClientError.PERMISSION_DENIED);
            return;
        }
        s.chanInfo = info;
        answer.run();
        if (s.infoPending) {
            return;
        }
        long wait = session.ctx.config().presenceInfoMinInterval().toNanos() - (System.nanoTime() - s.infoWrittenAt);
        if (!s.infoWritten || wait <= 0) {
            writeInfo(channel, s);
        } else {
            s.infoPending = true;
            session.schedule(Duration.ofNanos(wait), () -> {
                s.infoPending = false;
                if (!session.isClosed() && channels.get(channel) == s) {
                    writeInfo(channel, s);
                }
            });
        }
    }

    private void writeInfo(String channel, Subscription s) {
        s.infoWritten = true;
        s.infoWrittenAt = System.nanoTime();
        ClientInfo info = info(s);
        Futures.call(() -> session.ctx.presence().join(List.of(new PresenceEntry(channel, info)),
                session.ctx.channelLimit())).whenComplete((v, e) -> session.transport.loop().execute(() -> {
                    if (e == null) {
                        leaveIfGone(channel, s);
                    }
                }));
    }

    // After a join of s's entry: when the session closed or s was unsubscribed meanwhile, the entry must not outlive
    // the subscription.
    private void leaveIfGone(String channel, Subscription s) {
        if (session.isClosed() || channels.get(channel) != s) {
            session.ctx.presence().leave(List.of(new ChannelClient(channel, session.clientId())));
        }
    }

    void presence(int id, String channel) {
        if (presenceAllowed(id, channel)) {
            session.answer(id, () -> session.ctx.presence().presence(channel), clients -> {
                PresenceResult.Builder result = PresenceResult.newBuilder();
                clients.forEach((client, info) -> result.putPresence(client, proto(info)));
                session.reply(Reply.newBuilder().setId(id).setPresence(result));
            });
        }
    }

    void presenceStats(int id, String channel) {
        if (presenceAllowed(id, channel)) {
            session.answer(id, () -> session.ctx.presence().stats(channel), stats -> {
                session.reply(Reply.newBuilder().setId(id).setPresenceStats(PresenceStatsResult.newBuilder()
                        .setNumClients(stats.numClients()).setNumUsers(stats.numUsers())));
            });
        }
    }

    void subRefresh(int id, SubRefreshRequest r) {
        Subscription s = channels.get(r.getChannel());
        if (s == null) {
            session.error(id, ClientError.PERMISSION_DENIED);
            return;
        }
        SubscriptionClaims claims = verify(id, r.getChannel(), r.getToken());
        if (claims == null) {
            return;
        }
        s.expiresAt = claims.expiresAt();
        SubRefreshResult.Builder result = SubRefreshResult.newBuilder();
        if (s.expiresAt != null) {
            result.setExpires(true).setTtl(ttl(s.expiresAt));
        }
        session.reply(Reply.newBuilder().setId(id).setSubRefresh(result));
    }

    /** Queues a join or leave push when this session wants it; returns whether it did. */
    boolean push(String channel, ClientInfo info, boolean join) {
        Subscription s = channels.get(channel);
        if (s == null || !s.pushJoinLeave) {
            return false;
        }
        Push.Builder p = Push.newBuilder().setChannel(channel);
        if (join) {
            p.setJoin(Join.newBuilder().setInfo(proto(info)));
        } else {
            p.setLeave(Leave.newBuilder().setInfo(proto(info)));
        }
        if (!s.joined) {
            if (s.early == null) {
                s.early = new ArrayList<>();
            }
            // Bounded: pushes are at most once, and a subscription answers within the store's timeout.
            if (s.early.size() < MAX_EARLY_PUSHES) {
                s.early.add(p);
            }
            return false;
        }
        session.reply(Reply.newBuilder().setPush(p));
        return true;
    }

    private void sendEarly(Subscription s) {
        if (s.early != null) {
            s.early.forEach(p -> session.reply(Reply.newBuilder().setPush(p)));
            s.early = null;
        }
    }

    /** Notes that the connection was added to its user's live connections, which closing must remove. */
    void attached() {
        attached = true;
    }

    /** Leaves every channel after the connection closed: one disconnect call, then the leave pushes. */
    void closeAll() {
        boolean anyJoined = attached;
        for (Map.Entry<String, Subscription> c : channels.entrySet()) {
            session.ctx.hub().unsubscribed(c.getKey(), session);
            anyJoined |= c.getValue().joined;
        }
        channels.clear();
        present = List.of();
        String client = session.clientId();
        if (client == null) {
            return;
        }
        if (!anyJoined) {
            session.ctx.hub().nodeClients().disconnected(client);
            return;
        }
        // The presence model reports the leaves (and pushes them); the client leaves the node lease once its
        // presence is gone, so that a node dying now still has it reaped.
        ClientHub hub = session.ctx.hub();
        hub.leaving();
        // Through Futures.call: a store that throws before returning must still count the removal as ended.
        Futures.call(() -> session.ctx.presence().disconnect(List.of(client))).whenComplete((v, e) -> {
            hub.left();
            if (e == null) {
                hub.nodeClients().disconnected(client);
            }
        });
    }

    /** Returns the channels whose presence entry the session holds; callable from any thread. */
    List<String> presentChannels() {
        return present;
    }

    private List<String> joinedChannels() {
        List<String> out = new ArrayList<>();
        channels.forEach((channel, s) -> {
            if (s.joined) {
                out.add(channel);
            }
        });
        return List.copyOf(out);
    }

    private boolean presenceAllowed(int id, String channel) {
        NamespaceOptions ns = resolve(id, channel);
        if (ns == null) {
            return false;
        }
        if (!ns.presence()) {
            session.error(id, ClientError.NOT_AVAILABLE);
            return false;
        }
        if (!mayReadPresence(ns, channels.containsKey(channel))) {
            session.error(id, ClientError.PERMISSION_DENIED);
            return false;
        }
        return true;
    }

    private boolean mayReadPresence(NamespaceOptions ns, boolean subscribed) {
        return session.ctx.config().insecure() || subscribed && ns.client().allowPresenceForSubscriber()
                || mayAccess(ns.client().allowPresenceForClient(), ns.client().allowPresenceForAnonymous());
    }

    private boolean mayAccess(boolean forClient, boolean forAnonymous) {
        return forClient && (!session.user().isEmpty() || forAnonymous);
    }

    private NamespaceOptions resolve(int id, String channel) {
        try {
            return session.ctx.namespaces().resolve(channel, "channel");
        } catch (ChannelException e) {
            session.error(id, e.kind() == ChannelException.Kind.UNKNOWN_NAMESPACE ? ClientError.UNKNOWN_CHANNEL
                    : ClientError.BAD_REQUEST);
            return null;
        }
    }

    // Returns the claims of a valid token for this channel, user and client; otherwise answers and returns null.
    private SubscriptionClaims verify(int id, String channel, String token) {
        SubscriptionClaims claims;
        try {
            claims = session.ctx.verifier().verifySubscription(token);
        } catch (TokenException e) {
            session.error(id, e.kind() == TokenException.Kind.EXPIRED ? ClientError.TOKEN_EXPIRED
                    : ClientError.PERMISSION_DENIED);
            return null;
        }
        if (!claims.channel().equals(channel) || !claims.user().equals(session.user())
                || claims.client() != null && !claims.client().equals(session.clientId())) {
            session.close(Disconnect.INVALID_TOKEN);
            return null;
        }
        return claims;
    }

    private ClientInfo info(Subscription s) {
        return new ClientInfo(session.clientId(), session.user(), session.connInfo(), s.chanInfo);
    }

    private int ttl(Instant at) {
        long secs = Duration.between(session.ctx.clock().instant(), at).toSeconds();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, secs));
    }

    private static io.presenced.proto.client.ClientInfo proto(ClientInfo info) {
        return io.presenced.proto.client.ClientInfo.newBuilder().setUser(info.user()).setClient(info.client())
                .setConnInfo(ClientSession.bytes(info.connInfo())).setChanInfo(ClientSession.bytes(info.chanInfo()))
                .build();
    }
}
