package io.presenced.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;

import io.presenced.api.ApiException;
import io.presenced.client.auth.ConnectionClaims;
import io.presenced.client.auth.TokenException;
import io.presenced.concurrent.Futures;
import io.presenced.proto.client.Command;
import io.presenced.proto.client.ConnectRequest;
import io.presenced.proto.client.ConnectResult;
import io.presenced.proto.client.PingResult;
import io.presenced.proto.client.RefreshResult;
import io.presenced.proto.client.Reply;

/**
 * One client connection's protocol state: connect first (anything else first is 3501), then the commands, the
 * server's pings (3012 without a pong), token expiry and refresh. Channel commands are in {@link Subscriptions}.
 *
 * <p>Confined to its transport's event loop: every method but the {@code *FromAnyThread} ones runs there.
 */
public final class ClientSession {

    private static final String VERSION = "presenced";

    private enum State { NEW, CONNECTED, CLOSED }

    final ClientContext ctx;
    final ClientTransport transport;
    private final Subscriptions subscriptions;
    private final Watches watches;
    private List<String> watchClaim = List.of();
    private State state = State.NEW;
    private volatile String clientId;
    private volatile String user;
    private String connInfo;
    private String platform = "other";
    private Instant expiresAt;
    private boolean admitted;
    private boolean awaitingPong;
    // Commands run one at a time, in order, as in Centrifugo: a read after a subscribe sees the subscription.
    private final ArrayDeque<Command> queue = new ArrayDeque<>();
    private boolean waiting;
    private ScheduledFuture<?> staleTimer;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> pongTimer;
    private ScheduledFuture<?> expiryTimer;

    ClientSession(ClientContext ctx, ClientTransport transport) {
        this.ctx = ctx;
        this.transport = transport;
        this.subscriptions = new Subscriptions(this);
        this.watches = new Watches(this, ctx.watch());
    }

    /** Starts the wait for {@code connect}: a connection that sends none in time is closed with 3502. */
    public void start() {
        staleTimer = schedule(ctx.config().staleCloseDelay(), () -> close(Disconnect.STALE));
    }

    /** Handles the commands of one message, in order, each after the previous one's answer. */
    public void onCommands(List<Command> commands) {
        queue.addAll(commands);
        drain();
    }

    private void drain() {
        while (!waiting && state != State.CLOSED && !queue.isEmpty()) {
            handle(queue.poll());
        }
        if (state == State.CLOSED) {
            queue.clear();
        }
    }

    /** Handles a message that was no sequence of commands: 3501. */
    public void onMalformed() {
        close(Disconnect.BAD_REQUEST);
    }

    /** Returns whether commands wait for an earlier one, so that no more should be read now. */
    public boolean isBusy() {
        return waiting || !queue.isEmpty();
    }

    /** Cleans up after the connection closed: presence entries leave, the hub forgets the session. */
    public void onClosed() {
        if (state == State.CLOSED && !admitted) {
            return;
        }
        state = State.CLOSED;
        cancel(staleTimer);
        cancel(pingTimer);
        cancel(pongTimer);
        cancel(expiryTimer);
        if (admitted) {
            admitted = false;
            // Leaving presence first: a shutdown waiting for the hub to drain must not see this session gone
            // before its disconnect is under way.
            subscriptions.closeAll();
            watches.unsubscribe();
            ctx.hub().release(this);
        }
    }

    private void handle(Command c) {
        int id = c.getId();
        CommandKind kind = CommandKind.of(c);
        if (id == 0) {
            if (kind == CommandKind.SEND && state == State.CONNECTED) {
                // An asynchronous message: it has no reply, and presenced has nobody to hand it to.
                return;
            }
            if (kind == CommandKind.NONE && state == State.CONNECTED && awaitingPong) {
                awaitingPong = false;
                cancel(pongTimer);
                return;
            }
            close(Disconnect.BAD_REQUEST);
            return;
        }
        if (state == State.NEW) {
            if (kind == CommandKind.CONNECT) {
                connect(id, c.getConnect());
            } else {
                close(Disconnect.BAD_REQUEST);
            }
            return;
        }
        switch (kind) {
            case SUBSCRIBE -> subscriptions.subscribe(id, c.getSubscribe());
            case UNSUBSCRIBE -> subscriptions.unsubscribe(id, c.getUnsubscribe().getChannel());
            case PRESENCE -> subscriptions.presence(id, c.getPresence().getChannel());
            case PRESENCE_STATS -> subscriptions.presenceStats(id, c.getPresenceStats().getChannel());
            case SUB_REFRESH -> subscriptions.subRefresh(id, c.getSubRefresh());
            case RPC -> rpc(id, c.getRpc().getMethod(), c.getRpc().getData());
            case REFRESH -> refresh(id, c.getRefresh().getToken());
            case PING -> reply(Reply.newBuilder().setId(id).setPing(PingResult.getDefaultInstance()));
            // presenced carries no messages: Centrifugo's answer for a feature that is off.
            case PUBLISH, HISTORY, SEND -> error(id, ClientError.NOT_AVAILABLE);
            case CONNECT, NONE -> close(Disconnect.BAD_REQUEST);
            default -> close(Disconnect.BAD_REQUEST);
        }
    }

    private void connect(int id, ConnectRequest request) {
        ConnectionClaims claims;
        if (request.getToken().isEmpty()) {
            if (!ctx.config().insecure() && !ctx.config().allowAnonymous()) {
                close(Disconnect.BAD_REQUEST);
                return;
            }
            claims = new ConnectionClaims("", null, null, List.of());
        } else {
            claims = verified(id, request.getToken());
            if (claims == null) {
                return;
            }
        }
        ClientError refused = subscriptions.checkServerSide(claims.subscriptions());
        if (refused != null) {
            error(id, refused);
            return;
        }
        if (!ctx.hub().admit(this)) {
            close(Disconnect.CONNECTION_LIMIT);
            return;
        }
        admitted = true;
        cancel(staleTimer);
        clientId = UUID.randomUUID().toString();
        // Registered before any of its presence exists, so that the node's death never leaves it unreaped.
        ctx.hub().nodeClients().connected(clientId);
        user = claims.user();
        watchClaim = claims.watch();
        connInfo = claims.info() == null ? null : new String(claims.info(), StandardCharsets.UTF_8);
        platform = StatusRpc.platform(request.getName());
        state = State.CONNECTED;
        ConnectResult.Builder result = ConnectResult.newBuilder().setClient(clientId).setVersion(VERSION)
                .setPing((int) ctx.config().pingInterval().toSeconds())
                .setPong(!ctx.config().pongTimeout().isZero());
        setExpiry(claims.expiresAt());
        if (expiresAt != null) {
            result.setExpires(true).setTtl(ttlSeconds(expiresAt));
        }
        if (!user.isEmpty()) {
            ctx.presence().connected(List.of(user));
        }
        pingTimer = scheduleAtFixedRate(ctx.config().pingInterval(), this::ping);
        // Server-side subscriptions (the token's channels) are in place, presence included, before the answer.
        Runnable subscribe = () -> subscriptions.subscribeServerSide(claims.subscriptions(), subs -> {
            result.putAllSubs(subs);
            reply(Reply.newBuilder().setId(id).setConnect(result));
        });
        if (user.isEmpty() || !ctx.presence().users().enabled()) {
            subscribe.run();
            return;
        }
        // The user's live connections include this one before the answer; closing removes it again.
        subscriptions.attached();
        track(() -> ctx.presence().attach(clientId, user), (v, e) -> {
            if (e != null) {
                close(Disconnect.INTERNAL);
            } else if (state != State.CLOSED) {
                subscribe.run();
            }
        });
    }

    // Returns the claims of a valid connection token; otherwise answers 109 (expired: the client refreshes it) or
    // closes with 3500, and returns null.
    private ConnectionClaims verified(int id, String token) {
        try {
            return ctx.verifier().verifyConnection(token);
        } catch (TokenException e) {
            if (e.kind() == TokenException.Kind.EXPIRED) {
                error(id, ClientError.TOKEN_EXPIRED);
            } else {
                close(Disconnect.INVALID_TOKEN);
            }
            return null;
        }
    }

    private void refresh(int id, String token) {
        ConnectionClaims claims = verified(id, token);
        if (claims == null) {
            return;
        }
        if (!claims.user().equals(user)) {
            close(Disconnect.INVALID_TOKEN);
            return;
        }
        setExpiry(claims.expiresAt());
        RefreshResult.Builder result = RefreshResult.newBuilder().setClient(clientId).setVersion(VERSION);
        if (expiresAt != null) {
            result.setExpires(true).setTtl(ttlSeconds(expiresAt));
        }
        reply(Reply.newBuilder().setId(id).setRefresh(result));
    }

    private void setExpiry(Instant at) {
        expiresAt = at;
        cancel(expiryTimer);
        expiryTimer = null;
        if (at != null) {
            Duration left = Duration.between(ctx.clock().instant(), at).plus(ctx.config().expiredCloseDelay());
            expiryTimer = schedule(left, () -> close(Disconnect.CONNECTION_EXPIRED));
        }
    }

    private int ttlSeconds(Instant at) {
        long s = Duration.between(ctx.clock().instant(), at).toSeconds();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, s));
    }

    private void rpc(int id, String method, ByteString data) {
        if (PresenceUpdate.METHOD.equals(method)) {
            PresenceUpdate.run(this, subscriptions, id, data);
            return;
        }
        String target = StatusRpc.target(method);
        if (target == null) {
            error(id, ClientError.METHOD_NOT_FOUND);
            return;
        }
        if (user.isEmpty()) {
            error(id, ClientError.PERMISSION_DENIED);
            return;
        }
        if (ctx.userStatus() == null) {
            error(id, ClientError.NOT_AVAILABLE);
            return;
        }
        ObjectNode params;
        try {
            params = StatusRpc.data(data);
        } catch (ApiException e) {
            reply(Reply.newBuilder().setId(id).setError(StatusRpc.error(e)));
            return;
        }
        // A client acts as its own user: naming someone else is refused rather than silently replaced.
        if (StatusRpc.namesAnother(target, params, user)) {
            error(id, ClientError.PERMISSION_DENIED);
            return;
        }
        StatusRpc.params(target, params, user, clientId, platform);
        if ("update_user_status".equals(target)) {
            // Repeats of one report within the interval succeed without a write, answered as a written one is; a
            // changed report is written.
            String key = user + '\u001f' + params.path("device").asText() + '\u001f' + params.path("status").asText();
            if (!ctx.hub().statusThrottle().tryAcquire(key)) {
                reply(Reply.newBuilder().setId(id).setRpc(StatusRpc.UPDATED));
                return;
            }
        }
        track(() -> ctx.api().call(target, params), (r, e) -> reply(e != null
                ? Reply.newBuilder().setId(id).setError(ClientError.INTERNAL.proto())
                : StatusRpc.reply(id, r)));
    }

    private void ping() {
        if (state != State.CONNECTED) {
            return;
        }
        transport.send(Reply.getDefaultInstance());
        transport.flush();
        if (!ctx.config().pongTimeout().isZero() && !awaitingPong) {
            awaitingPong = true;
            pongTimer = schedule(ctx.config().pongTimeout(), () -> {
                if (awaitingPong) {
                    close(Disconnect.NO_PONG);
                }
            });
        }
    }

    /**
     * Starts {@code call} and runs {@code then} on the event loop when its stage completes; later commands wait
     * until then. A call that throws before returning a stage (a store not connected yet) counts as a failed
     * stage. After the session closed, {@code then} still runs so that it can undo what the stage did.
     */
    <T> void track(Supplier<? extends CompletionStage<T>> call, BiConsumer<T, Throwable> then) {
        CompletionStage<T> stage = Futures.call(call);
        waiting = true;
        stage.whenComplete((v, e) -> transport.loop().execute(() -> {
            waiting = false;
            then.accept(v, e);
            drain();
            if (state != State.CLOSED) {
                transport.flush();
            }
        }));
    }

    /** Like {@link #track}, for a read whose failure answers command {@code id} with 100. */
    <T> void answer(int id, Supplier<? extends CompletionStage<T>> call, Consumer<T> then) {
        track(call, (v, e) -> {
            if (e != null) {
                error(id, ClientError.INTERNAL);
            } else {
                then.accept(v);
            }
        });
    }

    /** Delivers a join or leave push to this session when it wants it; callable from any thread. */
    /** Delivers an update of a watched user; callable from any thread. */
    void watchPushFromAnyThread(String data) {
        transport.loop().execute(() -> {
            if (state == State.CONNECTED) {
                watches.push(data);
                transport.flush();
            }
        });
    }

    /** Returns the users the connection token allows watching. */
    List<String> watchClaim() {
        return watchClaim;
    }

    /** Returns the session's watch list. */
    Watches watches() {
        return watches;
    }

    void pushFromAnyThread(String channel, io.presenced.presence.ClientInfo info, boolean join) {
        transport.loop().execute(() -> {
            if (state == State.CONNECTED && subscriptions.push(channel, info, join)) {
                transport.flush();
            }
        });
    }

    /** Closes the session with {@code reason}; callable from any thread. */
    void closeFromAnyThread(Disconnect reason) {
        transport.loop().execute(() -> close(reason));
    }

    void reply(Reply.Builder reply) {
        if (state != State.CLOSED) {
            transport.send(reply.build());
        }
    }

    void error(int id, ClientError error) {
        reply(Reply.newBuilder().setId(id).setError(error.proto()));
    }

    void close(Disconnect reason) {
        if (state == State.CLOSED) {
            return;
        }
        transport.close(reason);
        onClosed();
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    String clientId() {
        return clientId;
    }

    String user() {
        return user;
    }

    String connInfo() {
        return connInfo;
    }

    /** Returns the channels whose presence entry the session holds; callable from any thread. */
    List<String> presentChannels() {
        return subscriptions.presentChannels();
    }

    /** Returns the user of a connected session with a user id, else {@code null}. */
    String connectedUser() {
        String u = user;
        return u == null || u.isEmpty() ? null : u;
    }

    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return transport.loop().schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    private ScheduledFuture<?> scheduleAtFixedRate(Duration period, Runnable task) {
        return transport.loop().scheduleAtFixedRate(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    static ByteString bytes(String json) {
        return json == null ? ByteString.EMPTY : ByteString.copyFromUtf8(json);
    }
}
