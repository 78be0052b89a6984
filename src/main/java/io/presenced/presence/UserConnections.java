package io.presenced.presence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Which users hold live connections, whatever the connections' source: presence models whose "channels" are users
 * and whose entries are the users' clients, one per consumer of user events (the backend, the watchers), so that a
 * consumer that falls behind never holds the other back.
 *
 * <p>A client the backend reports is live while it holds an entry in some channel: it is added to its user when it
 * joins a channel, refreshed with its entries, and removed when it leaves its last channel, is disconnected, or
 * expires (both models give it the same deadline). A client connected to presenced itself is live while its
 * session is: it is added at connect and removed at close, and on a node's death by the node lease's reaping.
 *
 * <p>A user's first client and its last one are the occupancy transitions of its "channel", so the channel-state
 * machinery (outbox, partitions, leases, delayed vacate, delivery lanes) turns them into {@code user_online} and,
 * after the offline grace (the vacate delay) without a client, {@code user_offline}; a client that comes back
 * within the grace cancels it, as a join cancels a pending vacate. What a user sets by hand, and its idle timer, add
 * {@code changed} events to the same per-user order. Thread-safe; never blocks.
 */
public final class UserConnections {

    /** No user tracking: every call completes at once and does nothing. */
    public static final UserConnections NONE = new UserConnections(null, null);

    private final Stream backend;
    private final Stream watch;
    private final List<Stream> streams = new ArrayList<>(2);

    /** One model with what wakes its delivery. */
    public record Stream(PresenceStore store, StateListener queued) {
    }

    /**
     * Creates the tracking.
     *
     * @param backend the model whose events go to the backend, or {@code null}
     * @param watch   the model whose events go to watchers, or {@code null}
     */
    public UserConnections(Stream backend, Stream watch) {
        this.backend = backend;
        this.watch = watch;
        if (backend != null) {
            streams.add(backend);
        }
        if (watch != null) {
            streams.add(watch);
        }
    }

    /** Returns whether users are tracked. */
    public boolean enabled() {
        return !streams.isEmpty();
    }

    /** Returns whether user events go to a backend. */
    public boolean delivered() {
        return backend != null;
    }

    /** Returns whether watchers are fed. */
    public boolean watched() {
        return watch != null;
    }

    /** Adds each entry's client to its user (anonymous clients are not tracked), with {@code deadlineMillis}. */
    CompletionStage<Void> joined(List<PresenceEntry> entries, long deadlineMillis) {
        if (streams.isEmpty()) {
            return done();
        }
        Map<String, PresenceEntry> byClient = new LinkedHashMap<>();
        for (PresenceEntry e : entries) {
            String user = e.info().user();
            if (!user.isEmpty()) {
                byClient.putIfAbsent(e.info().client(),
                        new PresenceEntry(user, new ClientInfo(e.info().client(), user, null, null)));
            }
        }
        return attach(List.copyOf(byClient.values()), deadlineMillis);
    }

    /** Adds a connection presenced holds itself to its user, with {@code deadlineMillis}. */
    public CompletionStage<Void> connected(String client, String user, long deadlineMillis) {
        if (streams.isEmpty() || user.isEmpty()) {
            return done();
        }
        return attach(List.of(new PresenceEntry(user, new ClientInfo(client, user, null, null))), deadlineMillis);
    }

    private CompletionStage<Void> attach(List<PresenceEntry> clients, long deadlineMillis) {
        if (clients.isEmpty()) {
            return done();
        }
        List<String> users = clients.stream().map(PresenceEntry::channel).toList();
        // A client belongs to one user, so no client ever needs more than one "channel" here.
        return each(s -> s.store().join(clients, deadlineMillis, Integer.MAX_VALUE)
                .thenAccept(changes -> wake(s, users, changes.stream().map(Change::event).toList())));
    }

    /** Moves the deadline of the listed clients' connections. */
    CompletionStage<Void> refresh(List<String> clients, long deadlineMillis) {
        return clients.isEmpty() ? done()
                : each(s -> s.store().refresh(clients, deadlineMillis).thenAccept(users -> { }));
    }

    /** Moves the deadline of exactly these connections, each named as (user, client). */
    CompletionStage<Void> refreshConnections(List<ChannelClient> userClients, long deadlineMillis) {
        return userClients.isEmpty() ? done() : each(s -> s.store().refreshEntries(userClients, deadlineMillis));
    }

    /**
     * Removes the connection of each reported client that, after a leave, holds no entry in {@code channels} any
     * more.
     */
    CompletionStage<Void> left(List<ChannelClient> entries, PresenceStore channels) {
        if (streams.isEmpty() || entries.isEmpty()) {
            return done();
        }
        List<String> clients = entries.stream().map(ChannelClient::client).distinct().toList();
        return channels.withoutEntries(clients).thenCompose(gone -> gone.isEmpty() ? done() : disconnect(gone));
    }

    /** Removes the clients' connections, for a session that closed or a client the backend disconnected. */
    CompletionStage<Void> disconnect(List<String> clients) {
        // A removal queues no event itself: user_offline waits for the grace, and the poll finds it due.
        return clients.isEmpty() ? done() : each(s -> s.store().disconnect(clients));
    }

    /**
     * Queues a {@code user_status} event for each user: something it set by hand changed. Each event carries the
     * user's next version and whether it holds a live connection.
     */
    public CompletionStage<Void> changed(List<String> users) {
        return users.isEmpty() ? done() : each(s -> s.store().changed(users).thenAccept(o -> wake(s, users, o)));
    }

    /**
     * Notes the users' activity: each turns idle at {@code idleAtMillis} unless active again, which queues a
     * {@code user_status} event; a user that had turned idle gets one now.
     */
    public CompletionStage<Void> active(List<String> users, long idleAtMillis) {
        return users.isEmpty() ? done()
                : each(s -> s.store().active(users, idleAtMillis).thenAccept(o -> wake(s, users, o)));
    }

    private static void wake(Stream s, List<String> users, List<Change.EventOutcome> outcomes) {
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == Change.EventOutcome.QUEUED) {
                s.queued().queued(users.get(i));
            }
        }
    }

    /** Removes expired connections; returns how many (of the first model). */
    CompletionStage<Integer> sweep(long nowMillis) {
        CompletionStage<Integer> first = CompletableFuture.completedFuture(0);
        for (int i = 0; i < streams.size(); i++) {
            CompletionStage<Integer> swept = streams.get(i).store().sweep(nowMillis);
            first = i == 0 ? swept : first.thenCombine(swept, (a, b) -> a);
        }
        return first;
    }

    /** Returns the live connections of {@code user}, by client id. */
    public CompletionStage<List<String>> connections(String user) {
        if (streams.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return streams.get(0).store().presence(user).thenApply(m -> new ArrayList<>(m.keySet()));
    }

    /**
     * Returns each user's occupancy and version in the watchers' model (for a snapshot), or in the backend's (for
     * reconciliation), in request order; all {@link Occupancy#NONE} when that model is off.
     */
    public CompletionStage<List<Occupancy>> occupancy(List<String> users, boolean forWatchers) {
        Stream s = forWatchers ? watch : backend;
        if (s == null) {
            return CompletableFuture.completedFuture(users.stream().map(u -> Occupancy.NONE).toList());
        }
        return s.store().occupancy(users);
    }

    // Runs op on every model, one after the other so that a failure stops the rest, as one store would.
    private CompletionStage<Void> each(Function<Stream, CompletionStage<Void>> op) {
        CompletionStage<Void> all = done();
        for (Stream s : streams) {
            all = all.thenCompose(x -> op.apply(s));
        }
        return all;
    }

    private static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
