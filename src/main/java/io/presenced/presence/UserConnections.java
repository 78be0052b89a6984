package io.presenced.presence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which users hold live connections, whatever the connections' source: a second presence model whose "channels"
 * are users and whose entries are the users' clients.
 *
 * <p>A client the backend reports is live while it holds an entry in some channel: it is added to its user when it
 * joins a channel, refreshed with its entries, and removed when it leaves its last channel, is disconnected, or
 * expires (both models give it the same deadline). A client connected to presenced itself is live while its
 * session is: it is added at connect and removed at close, and on a node's death by the node lease's reaping.
 *
 * <p>A user's first client and its last one are the occupancy transitions of its "channel", so the channel-state
 * machinery (outbox, partitions, leases, delayed vacate, delivery lanes) turns them into {@code user_online} and,
 * after the offline grace (the vacate delay) without a client, {@code user_offline}; a client that comes back
 * within the grace cancels it, as a join cancels a pending vacate. Thread-safe; never blocks.
 */
public final class UserConnections {

    /** No user tracking: every call completes at once and does nothing. */
    public static final UserConnections NONE = new UserConnections(null, StateListener.NONE);

    private final PresenceStore store;
    private final StateListener queued;

    /**
     * Creates the tracking over {@code store}, whose channels are user ids.
     *
     * @param queued told when a change queued an event, so delivery starts at once
     */
    public UserConnections(PresenceStore store, StateListener queued) {
        this.store = store;
        this.queued = queued;
    }

    /** Returns whether users are tracked. */
    public boolean enabled() {
        return store != null;
    }

    /** Adds each entry's client to its user (anonymous clients are not tracked), with {@code deadlineMillis}. */
    CompletionStage<Void> joined(List<PresenceEntry> entries, long deadlineMillis) {
        if (store == null) {
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
        if (store == null || user.isEmpty()) {
            return done();
        }
        return attach(List.of(new PresenceEntry(user, new ClientInfo(client, user, null, null))), deadlineMillis);
    }

    private CompletionStage<Void> attach(List<PresenceEntry> clients, long deadlineMillis) {
        if (clients.isEmpty()) {
            return done();
        }
        // A client belongs to one user, so no client ever needs more than one "channel" here.
        return store.join(clients, deadlineMillis, Integer.MAX_VALUE).thenAccept(changes -> {
            for (int i = 0; i < changes.size(); i++) {
                if (changes.get(i).event() == Change.EventOutcome.QUEUED) {
                    queued.queued(clients.get(i).channel());
                }
            }
        });
    }

    /** Moves the deadline of the listed clients' connections. */
    CompletionStage<Void> refresh(List<String> clients, long deadlineMillis) {
        return store == null || clients.isEmpty() ? done()
                : store.refresh(clients, deadlineMillis).thenAccept(users -> { });
    }

    /** Moves the deadline of exactly these connections, each named as (user, client). */
    CompletionStage<Void> refreshConnections(List<ChannelClient> userClients, long deadlineMillis) {
        return store == null || userClients.isEmpty() ? done()
                : store.refreshEntries(userClients, deadlineMillis);
    }

    /**
     * Removes the connection of each reported client that, after a leave, holds no entry in {@code channels} any
     * more.
     */
    CompletionStage<Void> left(List<ChannelClient> entries, PresenceStore channels) {
        if (store == null || entries.isEmpty()) {
            return done();
        }
        List<String> clients = entries.stream().map(ChannelClient::client).distinct().toList();
        return channels.withoutEntries(clients).thenCompose(gone -> gone.isEmpty() ? done() : disconnect(gone));
    }

    /** Removes the clients' connections, for a session that closed or a client the backend disconnected. */
    CompletionStage<Void> disconnect(List<String> clients) {
        // A removal queues no event itself: user_offline waits for the grace, and the poll finds it due.
        return store == null || clients.isEmpty() ? done() : store.disconnect(clients);
    }

    /** Removes expired connections; returns how many. */
    CompletionStage<Integer> sweep(long nowMillis) {
        return store == null ? CompletableFuture.completedFuture(0) : store.sweep(nowMillis);
    }

    /** Returns the users that hold at least one live connection, with their number of connections. */
    public CompletionStage<Map<String, Integer>> users() {
        return store == null ? CompletableFuture.completedFuture(Map.of()) : store.channels();
    }

    /** Returns the live connections of {@code user}, by client id. */
    public CompletionStage<List<String>> connections(String user) {
        if (store == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        return store.presence(user).thenApply(m -> new ArrayList<>(m.keySet()));
    }

    private static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
