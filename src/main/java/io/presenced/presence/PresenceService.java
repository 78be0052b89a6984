package io.presenced.presence;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Channel presence: clients joining, refreshing and leaving channels, and the read side (who is in a channel,
 * how many, which channels are occupied). Every connection feeds it the same way, whether a backend reports it
 * through the server API or presenced holds it itself.
 *
 * <p>Entries live for the presence TTL unless refreshed; {@link #sweep()} removes the expired ones, so a dead
 * connection owner leaves no ghost for longer than the TTL plus one sweep interval. Thread-safe; never blocks.
 */
public final class PresenceService {

    private final PresenceStore store;
    private final Clock clock;
    private final Duration ttl;
    private final OnlineTracker online;
    private final StateListener listener;
    private final UserConnections users;

    /**
     * Creates the service.
     *
     * @param store    where presence lives
     * @param clock    source of deadlines
     * @param ttl      life of an entry after its last join or refresh
     * @param online   keeps users' {@code online} time current
     * @param listener told when a change queued a channel-state event, so delivery starts at once
     * @param users    which users hold live connections; kept in step with every change here
     */
    public PresenceService(PresenceStore store, Clock clock, Duration ttl, OnlineTracker online,
                           StateListener listener, UserConnections users) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.ttl = requireNonNull(ttl, "ttl");
        this.online = requireNonNull(online, "online");
        this.listener = requireNonNull(listener, "listener");
        this.users = requireNonNull(users, "users");
    }

    /**
     * Adds or refreshes the entries, unless that would put a client in more than {@code channelLimit} channels:
     * then the stage fails with a {@link ChannelLimitException} and nothing is added.
     */
    public CompletionStage<Void> join(List<PresenceEntry> entries, int channelLimit) {
        long deadline = deadline();
        return store.join(entries, deadline, channelLimit).thenAccept(changes -> {
            List<String> users = new ArrayList<>(entries.size());
            entries.forEach(e -> users.add(e.info().user()));
            online.seen(users);
            for (int i = 0; i < changes.size(); i++) {
                Change c = changes.get(i);
                if (c.event() == Change.EventOutcome.QUEUED) {
                    listener.queued(entries.get(i).channel());
                }
            }
        }).thenCompose(x -> users.joined(entries, deadline));
    }

    /**
     * Removes the entries of clients whose connection presenced holds itself: the connection stays live until its
     * session closes, whatever channels it leaves.
     */
    public CompletionStage<Void> leave(List<ChannelClient> entries) {
        return store.leave(entries).thenAccept(changes -> { });
    }

    /**
     * Removes the entries of clients a backend reports: such a client's connection is live while it holds an
     * entry, so one that left its last channel no longer counts for its user.
     */
    public CompletionStage<Void> leaveReported(List<ChannelClient> entries) {
        return store.leave(entries).thenCompose(changes -> users.left(entries, store));
    }

    /** Extends every entry the clients hold; a client listed several times is read once. */
    public CompletionStage<Void> refresh(List<String> clients) {
        List<String> distinct = distinct(clients);
        long deadline = deadline();
        return store.refresh(distinct, deadline).thenAccept(online::seen)
                .thenCompose(x -> users.refresh(distinct, deadline));
    }

    /**
     * Extends exactly the given entries, which the caller's clients hold, and notes that {@code users} hold live
     * connections (their {@code online} time advances at most once per interval). For a node refreshing its own
     * connections in bulk: a few store calls for any number of entries.
     */
    public CompletionStage<Void> refreshEntries(List<ChannelClient> entries, List<String> users) {
        return store.refreshEntries(entries, deadline()).thenRun(() -> online.seen(users));
    }

    /**
     * Adds a connection presenced holds itself to its user's live connections (nothing for an anonymous one), so
     * that the user counts as connected whatever channels it joins.
     */
    public CompletionStage<Void> attach(String client, String user) {
        return users.connected(client, user, deadline());
    }

    /** Extends the live connections presenced holds itself, each named as (user, client). */
    public CompletionStage<Void> refreshAttached(List<ChannelClient> userClients) {
        return users.refreshConnections(userClients, deadline());
    }

    /**
     * Notes that the users hold live connections that are in no presence channel, so their {@code online} time
     * keeps advancing (at most one write per user per interval).
     */
    public void connected(List<String> users) {
        online.seen(users);
    }

    /** Removes the clients from every channel; a client listed several times is read once. */
    public CompletionStage<Void> disconnect(List<String> clients) {
        List<String> distinct = distinct(clients);
        return store.disconnect(distinct).thenCompose(x -> users.disconnect(distinct));
    }

    private static List<String> distinct(List<String> clients) {
        return List.copyOf(new LinkedHashSet<>(clients));
    }

    /** Returns the clients in {@code channel}. */
    public CompletionStage<Map<String, ClientInfo>> presence(String channel) {
        return store.presence(channel);
    }

    /** Returns the counts of {@code channel}. */
    public CompletionStage<PresenceStats> stats(String channel) {
        return store.stats(channel);
    }

    /** Returns the occupied channels with their client counts. */
    public CompletionStage<Map<String, Integer>> channels() {
        return store.channels();
    }

    /** Returns how many entries and occupied channels there are. */
    public CompletionStage<PresenceCounts> counts() {
        return store.counts();
    }

    /** Removes expired entries; returns how many. Called periodically by the owner of the service. */
    public CompletionStage<Integer> sweep() {
        online.prune();
        long now = clock.millis();
        return store.sweep(now).thenCombine(users.sweep(now), Integer::sum);
    }

    /** Returns which users hold live connections. */
    public UserConnections users() {
        return users;
    }

    private long deadline() {
        return clock.millis() + ttl.toMillis();
    }
}
