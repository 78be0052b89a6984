package io.presenced.presence.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.presenced.concurrent.Futures;
import io.presenced.config.ChannelStateConfig;
import io.presenced.presence.Change;
import io.presenced.presence.ChannelClient;
import io.presenced.presence.ClientInfo;
import io.presenced.presence.Partitioner;
import io.presenced.presence.PresenceCounts;
import io.presenced.presence.Occupancy;
import io.presenced.presence.PresenceEntry;
import io.presenced.presence.PresenceEvents;
import io.presenced.presence.PresenceStats;
import io.presenced.presence.PresenceStore;
import io.presenced.presence.StateListener;
import io.presenced.presence.StatePolicy;
import io.presenced.redis.RedisTopology.KeyGroup;
import io.presenced.redis.RedisTopology;
import io.presenced.redis.RedisUnavailableException;
import io.presenced.redis.ReplyExecutor;

/**
 * Keeps channel presence and channel state in Redis, in the layout {@link PresenceKeys} describes; the queued
 * events are read and removed through {@link #outbox()}, and each client's channels are indexed by
 * {@link RedisClientIndex}. Changes to one partition's channels go in one script call per partition, so each is
 * atomic and, on every topology, touches one slot: a presence change, the transition it causes and the event it
 * queues are one step.
 *
 * <p>A join is one round trip when the topology says one node serves its client indexes and its partitions and one
 * script may use them all ({@link RedisTopology#isOneGroup}: always on a single Redis, on client-side shards when
 * they land on one shard): one {@link PresenceScripts#ADMIT_JOIN} call. Otherwise it is two: the clients'
 * admissions, then one script call per partition.
 */
public final class RedisPresenceStore implements PresenceStore {

    private static final int SWEEP_BATCH = 500;

    private final RedisTopology redis;
    private final PresenceKeys keys;
    private final ChannelStateConfig state;
    private final StatePolicy policy;
    private final StateListener listener;
    private final RedisClientIndex index;
    private final PresenceEvents events;

    /**
     * Creates the store; the topology is shared and not closed by this store.
     *
     * @param state  channel-state settings (vacate delay, queue bound, retention)
     * @param policy   which channels keep occupancy state
     * @param listener told about events dropped because a queue was full
     * @param events   told about every entry added or removed, from Redis reply threads, in each partition's order
     */
    public RedisPresenceStore(RedisTopology redis, Partitioner partitioner, ChannelStateConfig state,
                              StatePolicy policy, StateListener listener, PresenceEvents events) {
        this(redis, redis.prefix(), partitioner, state, policy, listener, events);
    }

    /**
     * Creates a store whose keys start with {@code prefix} instead of the topology's own prefix: a second model on
     * the same Redis, such as the users' live connections (whose "channels" are users), with its own partitions,
     * queues and leases.
     */
    public RedisPresenceStore(RedisTopology redis, String prefix, Partitioner partitioner, ChannelStateConfig state,
                              StatePolicy policy, StateListener listener, PresenceEvents events) {
        this.listener = listener;
        this.events = events;
        this.redis = redis;
        this.keys = new PresenceKeys(prefix, partitioner);
        this.state = state;
        this.policy = policy;
        this.index = new RedisClientIndex(redis, keys);
    }

    /** Returns the key naming of this store, for the outbox and the partition leases. */
    PresenceKeys keys() {
        return keys;
    }

    /** Returns the state outbox over the same keys, so an event and the change that caused it share a slot. */
    public RedisStateOutbox outbox() {
        return new RedisStateOutbox(redis, keys, state, listener);
    }

    private RedisClusterAsyncCommands<String, String> node(int partition) {
        return redis.commandsFor(keys.tag(partition));
    }

    @Override
    public CompletionStage<List<Change>> join(List<PresenceEntry> entries, long deadlineMillis, int channelLimit) {
        CompletableFuture<List<Change>> joined;
        if (!entries.isEmpty() && redis.isOneGroup(AdmittedJoin.routingKeys(keys, entries))) {
            joined = joinInOneTrip(entries, deadlineMillis, channelLimit);
        } else {
            // Two round trips: first each client's index admits the new channels (or refuses, over the limit),
            // then the presence scripts run, only when every client was admitted.
            joined = index.admit(entries, deadlineMillis, channelLimit)
                    .thenCompose(x -> wrap(joinEntries(entries, deadlineMillis)));
        }
        return joined.thenApply(result -> {
            for (int i = 0; i < result.size(); i++) {
                if (result.get(i).event() == Change.EventOutcome.DROPPED) {
                    listener.dropped(entries.get(i).channel());
                }
            }
            return result;
        });
    }

    // One round trip: one node serves the client indexes and the partitions, so one script admits and joins.
    private CompletableFuture<List<Change>> joinInOneTrip(List<PresenceEntry> entries, long deadlineMillis,
                                                          int channelLimit) {
        AdmittedJoin call = AdmittedJoin.of(keys, policy, entries, deadlineMillis, state.maxQueueSize(),
                channelLimit);
        CompletableFuture<List<Object>> reply = admitJoin(call);
        // Decoded on the reply's thread, like the partition scripts' replies, so the join reports keep its order;
        // a refusal is thrown only after wrap(), as it is the caller's, not a Redis failure.
        CompletableFuture<List<Change>> decoded = reply.thenApply(r -> {
            if (call.refusal(r, channelLimit) != null) {
                return null;
            }
            long[] codes = call.codes(r);
            List<Change> changes = new ArrayList<>(codes.length);
            for (int i = 0; i < codes.length; i++) {
                changes.add(joined(entries.get(i), codes[i]));
            }
            return changes;
        });
        return wrap(decoded).thenApply(changes -> {
            if (changes == null) {
                throw call.refusal(reply.join(), channelLimit);
            }
            return changes;
        });
    }

    private CompletableFuture<List<Object>> admitJoin(AdmittedJoin call) {
        return Futures.call(() -> PresenceScripts.ADMIT_JOIN.<List<Object>>run(redis.commandsFor(call.keys()[0]),
                call.keys(), call.args())).toCompletableFuture();
    }

    private CompletableFuture<List<Change>> joinEntries(List<PresenceEntry> entries, long deadlineMillis) {
        return perPartition(entries, PresenceEntry::channel, (p, group) -> {
            List<String> argv = new ArrayList<>(2 + group.size() * 5);
            argv.add(Long.toString(deadlineMillis));
            argv.add(Integer.toString(state.maxQueueSize()));
            for (PresenceEntry e : group) {
                PresenceScripts.addJoinArgs(argv, e, policy);
            }
            return PresenceScripts.JOIN.run(node(p), scriptKeys(p, group, PresenceEntry::channel, true),
                    argv.toArray(new String[0]));
        }, (reply, j, n, e) -> joined(e, (Long) reply.get(j)));
    }

    // Reports a new entry to the listeners; called where the reply is decoded.
    private Change joined(PresenceEntry entry, long code) {
        Change c = Change.of(code);
        if (c.announced()) {
            events.joined(entry.channel(), entry.info());
        }
        return c;
    }

    @Override
    public CompletionStage<List<Change>> leave(List<ChannelClient> entries) {
        CompletableFuture<Void> unindexed = index.remove(entries);
        return wrap(removeEntries(entries, "").thenCombine(unindexed, (changes, x) -> changes));
    }

    private CompletableFuture<List<Change>> removeEntries(List<ChannelClient> entries, String bound) {
        return perPartition(entries, ChannelClient::channel, (p, group) -> {
            List<String> argv = new ArrayList<>(2 + group.size() * 2);
            argv.add(bound);
            argv.add(Long.toString(state.vacatedEventDelay().toMillis()));
            for (ChannelClient e : group) {
                argv.add(e.channel());
                argv.add(e.client());
            }
            return PresenceScripts.LEAVE.run(node(p), scriptKeys(p, group, ChannelClient::channel, false),
                    argv.toArray(new String[0]));
        }, (reply, j, n, e) -> {
            // The reply lists each entry's edge, then each removed entry's stored value (nil when none).
            Change c = Change.of((Long) reply.get(j));
            Object old = reply.get(n + j);
            ClientInfo removed = old == null ? null : ClientInfoCodec.decode(e.client(), (String) old);
            if (removed != null) {
                events.left(e.channel(), removed);
            }
            return c.withRemoved(removed);
        });
    }

    @Override
    public CompletionStage<List<String>> refresh(List<String> clients, long deadlineMillis) {
        return wrap(index.read(clients).thenCompose(indexes -> {
            List<ChannelClient> held = new ArrayList<>();
            List<String> users = new ArrayList<>();
            for (RedisClientIndex.Held h : indexes) {
                if (!h.channels().isEmpty()) {
                    users.add(h.user());
                }
                held.addAll(h.entries());
            }
            List<CompletableFuture<?>> writes = new ArrayList<>();
            writes.add(index.expireAt(indexes, deadlineMillis));
            moveDeadlines(held, deadlineMillis, writes);
            return Futures.allOf(writes).thenApply(x -> users);
        }));
    }

    @Override
    public CompletionStage<Void> refreshEntries(List<ChannelClient> entries, long deadlineMillis) {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        writes.add(index.expireAll(entries.stream().map(ChannelClient::client).distinct().toList(), deadlineMillis));
        moveDeadlines(entries, deadlineMillis, writes);
        return wrap(Futures.allOf(writes));
    }

    // One ZADD XX per partition: only entries that still exist move; a channel left meanwhile is not brought back.
    private void moveDeadlines(List<ChannelClient> entries, long deadlineMillis, List<CompletableFuture<?>> writes) {
        for (KeyGroup g : byPartition(entries, ChannelClient::channel)) {
            List<ChannelClient> group = g.select(entries);
            Object[] scoresAndMembers = new Object[group.size() * 2];
            for (int i = 0; i < group.size(); i++) {
                scoresAndMembers[2 * i] = (double) deadlineMillis;
                scoresAndMembers[2 * i + 1] = PresenceKeys.member(group.get(i).channel(), group.get(i).client());
            }
            writes.add(node(g.route()).zadd(keys.expiry(g.route()), ZAddArgs.Builder.xx(), scoresAndMembers)
                    .toCompletableFuture());
        }
    }

    @Override
    public CompletionStage<List<Change.EventOutcome>> changed(List<String> channels) {
        return wrap(perPartition(channels, ch -> ch, (p, group) -> {
            List<String> k = new ArrayList<>(1 + group.size());
            k.add(keys.outbox(p));
            group.forEach(ch -> k.add(keys.state(p, ch)));
            List<String> argv = new ArrayList<>(2 + group.size());
            argv.add(Integer.toString(state.maxQueueSize()));
            argv.add(Long.toString(state.stateRetention().toMillis()));
            argv.addAll(group);
            return PresenceScripts.CHANGED.run(node(p), k.toArray(new String[0]), argv.toArray(new String[0]));
        }, (reply, j, n, ch) -> outcome(ch, (Long) reply.get(j)))).thenApply(RedisPresenceStore::events);
    }

    @Override
    public CompletionStage<List<Change.EventOutcome>> active(List<String> channels, long quietAtMillis) {
        return wrap(perPartition(channels, ch -> ch, (p, group) -> {
            List<String> k = new ArrayList<>(2 + group.size());
            k.add(keys.quiet(p));
            k.add(keys.outbox(p));
            group.forEach(ch -> k.add(keys.state(p, ch)));
            List<String> argv = new ArrayList<>(3 + group.size());
            argv.add(Long.toString(quietAtMillis));
            argv.add(Integer.toString(state.maxQueueSize()));
            argv.add(Long.toString(state.stateRetention().toMillis()));
            argv.addAll(group);
            return PresenceScripts.ACTIVE.run(node(p), k.toArray(new String[0]), argv.toArray(new String[0]));
        }, (reply, j, n, ch) -> outcome(ch, (Long) reply.get(j)))).thenApply(RedisPresenceStore::events);
    }

    private Change outcome(String channel, long code) {
        Change c = Change.of(code);
        if (c.event() == Change.EventOutcome.DROPPED) {
            listener.dropped(channel);
        }
        return c;
    }

    private static List<Change.EventOutcome> events(List<Change> changes) {
        return changes.stream().map(Change::event).toList();
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<List<Occupancy>> occupancy(List<String> channels) {
        // One script per key group (per node, or per slot on a Cluster), sent together: one round trip per node.
        List<String> stateKeys = new ArrayList<>(channels.size());
        for (String channel : channels) {
            stateKeys.add(keys.state(keys.partition(channel), channel));
        }
        List<KeyGroup> groups = redis.group(stateKeys);
        return wrap(redis.send(groups, (c, g) -> PresenceScripts.OCCUPANCY.<List<Object>>run(c,
                g.keys().toArray(new String[0])))).thenApply(replies -> {
                    Occupancy[] out = new Occupancy[channels.size()];
                    for (int gi = 0; gi < groups.size(); gi++) {
                        int[] at = groups.get(gi).indices();
                        List<Object> reply = replies.get(gi);
                        for (int j = 0; j < at.length; j++) {
                            List<Object> st = (List<Object>) reply.get(j);
                            long version = Long.parseLong((String) st.get(1));
                            out[at[j]] = version == 0 ? Occupancy.NONE
                                    : new Occupancy(version, "1".equals(st.get(0)));
                        }
                    }
                    return List.of(out);
                });
    }

    @Override
    public CompletionStage<List<String>> withoutEntries(List<String> clients) {
        return wrap(index.read(clients).thenApply(indexes -> {
            Set<String> holding = new HashSet<>();
            indexes.forEach(h -> {
                if (!h.channels().isEmpty()) {
                    holding.add(h.client());
                }
            });
            return clients.stream().filter(c -> !holding.contains(c)).toList();
        }));
    }

    @Override
    public CompletionStage<Void> disconnect(List<String> clients) {
        return wrap(index.read(clients).thenCompose(indexes -> {
            List<ChannelClient> held = new ArrayList<>();
            indexes.forEach(h -> held.addAll(h.entries()));
            return removeEntries(held, "");
        }).thenCompose(x -> index.delete(clients)));
    }

    @Override
    public CompletionStage<Map<String, ClientInfo>> presence(String channel) {
        int p = keys.partition(channel);
        return wrap(node(p).hgetall(keys.channel(p, channel)).toCompletableFuture()).thenApply(raw -> {
            Map<String, ClientInfo> out = new LinkedHashMap<>();
            raw.forEach((client, value) -> {
                ClientInfo info = ClientInfoCodec.decode(client, value);
                if (info != null) {
                    out.put(client, info);
                }
            });
            return out;
        });
    }

    @Override
    public CompletionStage<PresenceStats> stats(String channel) {
        int p = keys.partition(channel);
        CompletableFuture<Long> clients = node(p).hlen(keys.channel(p, channel)).toCompletableFuture();
        CompletableFuture<Long> users = node(p).hlen(keys.users(p, channel)).toCompletableFuture();
        return wrap(clients.thenCombine(users, (c, u) -> new PresenceStats(c.intValue(), u.intValue())));
    }

    @Override
    public CompletionStage<Map<String, Integer>> channels() {
        List<CompletableFuture<Map<String, String>>> reads = new ArrayList<>(keys.partitions());
        for (int p = 0; p < keys.partitions(); p++) {
            reads.add(node(p).hgetall(keys.channels(p)).toCompletableFuture());
        }
        return wrap(Futures.all(reads)).thenApply(partitions -> {
            Map<String, Integer> out = new HashMap<>();
            partitions.forEach(p -> p.forEach((ch, n) -> out.put(ch, Integer.parseInt(n))));
            return out;
        });
    }

    @Override
    public CompletionStage<PresenceCounts> counts() {
        List<CompletableFuture<Long>> entries = new ArrayList<>(keys.partitions());
        List<CompletableFuture<Long>> channels = new ArrayList<>(keys.partitions());
        for (int p = 0; p < keys.partitions(); p++) {
            entries.add(node(p).zcard(keys.expiry(p)).toCompletableFuture());
            channels.add(node(p).hlen(keys.channels(p)).toCompletableFuture());
        }
        return wrap(Futures.all(entries).thenCombine(Futures.all(channels), (e, c) ->
                new PresenceCounts(e.stream().mapToLong(Long::longValue).sum(),
                        c.stream().mapToLong(Long::longValue).sum())));
    }

    @Override
    public CompletionStage<Integer> sweep(long nowMillis) {
        List<CompletableFuture<Integer>> parts = new ArrayList<>(keys.partitions());
        for (int p = 0; p < keys.partitions(); p++) {
            parts.add(sweepPartition(p, nowMillis));
        }
        return wrap(Futures.all(parts).thenApply(swept -> swept.stream().mapToInt(Integer::intValue).sum()));
    }

    private CompletableFuture<Integer> sweepPartition(int p, long nowMillis) {
        return ReplyExecutor.offLoop(node(p).zrangebyscore(keys.expiry(p),
                Range.create(Double.NEGATIVE_INFINITY, (double) nowMillis), Limit.create(0, SWEEP_BATCH)))
                .thenCompose(members -> {
                    if (members.isEmpty()) {
                        return CompletableFuture.completedFuture(0);
                    }
                    List<ChannelClient> expired = new ArrayList<>(members.size());
                    for (String m : members) {
                        int nl = m.indexOf('\n');
                        expired.add(new ChannelClient(m.substring(0, nl), m.substring(nl + 1)));
                    }
                    return removeEntries(expired, Long.toString(nowMillis)).thenApply(x -> expired.size());
                });
    }

    /** Returns expiry, channels, pending[, outbox], then (presence, users, state) per entry. */
    private <E> String[] scriptKeys(int p, List<E> group, Function<E, String> channelOf, boolean withOutbox) {
        return keys.scriptKeys(p, group.stream().map(channelOf).toList(), withOutbox).toArray(new String[0]);
    }

    /** Groups {@code entries} by the partition of their channel; each group's route is the partition. */
    private <E> List<KeyGroup> byPartition(List<E> entries, Function<E, String> channelOf) {
        return KeyGroup.byRoute(entries.stream().map(channelOf).toList(), keys::partition);
    }

    /**
     * Runs {@code call} once per partition with that partition's entries, and returns the per-entry flags of
     * the script replies (1 → true) in the order of {@code entries}.
     */
    /** Reads the change of the {@code j}-th of the {@code n} entries of one script's reply. */
    private interface ChangeDecoder<E> {
        Change decode(List<Object> reply, int j, int n, E entry);
    }

    // Runs one script per partition; decoding (and so the events it reports) happens on the reply's own thread, in
    // the order of the partition's replies.
    private <E> CompletableFuture<List<Change>> perPartition(List<E> entries, Function<E, String> channelOf,
            BiFunction<Integer, List<E>, CompletionStage<List<Object>>> call, ChangeDecoder<E> decoder) {
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(Collections.emptyList());
        }
        Change[] flags = new Change[entries.size()];
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (KeyGroup g : byPartition(entries, channelOf)) {
            int[] at = g.indices();
            List<E> group = g.select(entries);
            calls.add(call.apply(g.route(), group).toCompletableFuture().thenAccept(reply -> {
                for (int j = 0; j < at.length; j++) {
                    flags[at[j]] = decoder.decode(reply, j, at.length, group.get(j));
                }
            }));
        }
        return Futures.allOf(calls).thenApply(x -> List.of(flags));
    }

    /**
     * Names the Redis setup in a failure, and moves a success off Lettuce's I/O thread onto the
     * {@link ReplyExecutor}: whatever is chained on the returned stage (decoding here, pattern matching and
     * response building in the API) runs there.
     */
    private <T> CompletableFuture<T> wrap(CompletableFuture<T> stage) {
        return ReplyExecutor.offLoop(RedisUnavailableException.wrap(stage, redis.describe()));
    }

    @Override
    public void close() {
        // The topology belongs to RedisConnections.
    }
}
