package io.presenced.presence;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where channel presence lives: which clients are in which channels, until when.
 *
 * <p>Every entry has a deadline; an entry whose deadline passes is removed by {@link #sweep(long)} as if its
 * client had left. Each change is atomic per channel, and a channel's first join and last leave are reported so
 * that occupancy transitions can be decided where the change happens. Implementations never block the caller.
 */
public interface PresenceStore extends AutoCloseable {

    /**
     * Adds or replaces each entry with deadline {@code deadlineMillis} (idempotent: joining twice is one entry,
     * refreshed). Returns, per entry in order, whether the channel had no client before it and what became of
     * the {@code occupied} event that may have caused.
     *
     * <p>No client may end up in more than {@code channelLimit} channels: when the entries would put one over it,
     * the stage fails with a {@link ChannelLimitException} and no entry of the call is added. Joining a channel the
     * client is already in never counts against the limit.
     */
    CompletionStage<List<Change>> join(List<PresenceEntry> entries, long deadlineMillis, int channelLimit);

    /**
     * Removes each client from its channel. Returns, per entry in order, whether the channel is now empty; an
     * emptied channel that keeps state gets a pending vacate, due after the vacate delay.
     */
    CompletionStage<List<Change>> leave(List<ChannelClient> entries);

    /**
     * Moves the deadline of every entry each client holds to {@code deadlineMillis} (at most the channel limit
     * per client, which joins enforce). Returns the user of each client that still holds at least one entry.
     * Callers pass each client once.
     */
    CompletionStage<List<String>> refresh(List<String> clients, long deadlineMillis);

    /**
     * Moves the deadline of exactly the given entries to {@code deadlineMillis}, for a caller that knows which
     * entries its clients hold (a node refreshing its own connections): no client index is read, and the work is
     * a few calls for any number of clients. An entry that no longer exists is not brought back. This default
     * refreshes every entry of the listed clients.
     */
    default CompletionStage<Void> refreshEntries(List<ChannelClient> entries, long deadlineMillis) {
        List<String> clients = entries.stream().map(ChannelClient::client).distinct().toList();
        return refresh(clients, deadlineMillis).thenAccept(users -> { });
    }

    /**
     * Returns those of {@code clients} that hold no entry in any channel now, in request order, for a caller that
     * must know when a client left its last channel. One read per client index.
     */
    CompletionStage<List<String>> withoutEntries(List<String> clients);

    /**
     * Queues a {@code changed} event for each channel, with the channel's next version and whether it is occupied:
     * something about it changed without an occupancy transition. For stores whose channels are users.
     */
    CompletionStage<List<Change.EventOutcome>> changed(List<String> channels);

    /**
     * Notes activity in each channel: it turns quiet at {@code quietAtMillis} unless active again before, which
     * queues a {@code changed} event if it is occupied then; a channel that had turned quiet gets a {@code changed}
     * event now. For stores whose channels are users (quiet: idle).
     */
    CompletionStage<List<Change.EventOutcome>> active(List<String> channels, long quietAtMillis);

    /**
     * Returns each channel's occupancy state and event version, in request order ({@link Occupancy#NONE} for one
     * without state). One round trip per storage node.
     */
    CompletionStage<List<Occupancy>> occupancy(List<String> channels);

    /** Removes each client from every channel it is in. Callers pass each client once. */
    CompletionStage<Void> disconnect(List<String> clients);

    /** Returns the clients present in {@code channel}, by client id. */
    CompletionStage<Map<String, ClientInfo>> presence(String channel);

    /** Returns the counts of {@code channel}'s presence without reading its members. */
    CompletionStage<PresenceStats> stats(String channel);

    /** Returns every channel with at least one client, with its number of clients. */
    CompletionStage<Map<String, Integer>> channels();

    /** Returns how many entries and occupied channels there are, reading counters only (never the members). */
    CompletionStage<PresenceCounts> counts();

    /** Removes entries whose deadline is at or before {@code nowMillis}; returns how many were removed. */
    CompletionStage<Integer> sweep(long nowMillis);

    @Override
    void close();
}
