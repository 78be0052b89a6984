package io.presenced.presence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import io.presenced.config.ChannelStateConfig;
import io.presenced.redis.RedisTopology;
import io.presenced.redis.ReplyExecutor;
import io.presenced.redis.RedisUnavailableException;

/**
 * Keeps channel presence and channel state in Redis, in the layout {@link PresenceKeys} describes; the queued
 * events are read and removed through {@link #outbox()}. Changes to
 * one partition's channels go in one script call per partition, so each is atomic and, on every topology,
 * touches one slot: a presence change, the transition it causes and the event it queues are one step.
 */
public final class RedisPresenceStore implements PresenceStore {

    private static final int SWEEP_BATCH = 500;

    private final RedisTopology redis;
    private final PresenceKeys keys;
    private final ChannelStateConfig state;
    private final StatePolicy policy;
    private final StateListener listener;

    /**
     * Creates the store; the topology is shared and not closed by this store.
     *
     * @param state  channel-state settings (vacate delay, queue bound, retention)
     * @param policy   which channels keep occupancy state
     * @param listener told about events dropped because a queue was full
     */
    public RedisPresenceStore(RedisTopology redis, Partitioner partitioner, ChannelStateConfig state,
                              StatePolicy policy, StateListener listener) {
        this.listener = listener;
        this.redis = redis;
        this.keys = new PresenceKeys(redis.prefix(), partitioner);
        this.state = state;
        this.policy = policy;
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
        // Two round trips: first each client's index admits the new channels (or refuses, over the limit), then
        // the presence scripts run, only when every client was admitted.
        Map<String, List<PresenceEntry>> byClient = new LinkedHashMap<>();
        entries.forEach(e -> byClient.computeIfAbsent(e.info().client(), k -> new ArrayList<>()).add(e));
        Map<String, CompletableFuture<List<Object>>> admits = new LinkedHashMap<>();
        byClient.forEach((client, group) -> admits.put(client, admit(client, group, deadlineMillis, channelLimit)));
        CompletableFuture<Void> all = CompletableFuture.allOf(admits.values().toArray(new CompletableFuture<?>[0]));
        return wrap(all).thenCompose(x -> {
            for (Map.Entry<String, CompletableFuture<List<Object>>> a : admits.entrySet()) {
                List<Object> reply = a.getValue().join();
                if ((Long) reply.get(0) == 0) {
                    // Outside wrap(): the refusal is the caller's, not a Redis failure.
                    return wrap(undoAdmits(admits)).<List<Change>>thenApply(y -> {
                        throw new ChannelLimitException(a.getKey(), ((Long) reply.get(1)).intValue(), channelLimit);
                    });
                }
            }
            return wrap(joinEntries(entries, deadlineMillis));
        }).thenApply(result -> {
            for (int i = 0; i < result.size(); i++) {
                if (result.get(i).event() == Change.EventOutcome.DROPPED) {
                    listener.dropped(entries.get(i).channel());
                }
            }
            return result;
        });
    }

    private CompletableFuture<List<Object>> admit(String client, List<PresenceEntry> group, long deadlineMillis,
                                                  int channelLimit) {
        Set<String> channels = new LinkedHashSet<>();
        group.forEach(e -> channels.add(e.channel()));
        List<String> argv = new ArrayList<>(3 + channels.size());
        argv.add(Integer.toString(channelLimit));
        argv.add(Long.toString(deadlineMillis));
        argv.add(group.get(group.size() - 1).info().user());
        argv.addAll(channels);
        String key = keys.client(client);
        return PresenceScripts.ADMIT.<List<Object>>run(redis.commandsFor(key), new String[] {key},
                argv.toArray(new String[0])).toCompletableFuture();
    }

    // Takes back the channels the admitted clients gained in this call. A concurrent call that joined one of
    // them meanwhile found it present, so its entry loses its index field: it is then neither refreshed nor
    // disconnected by client id and expires with its TTL. That needs two racing joins of the same client and
    // channel, one of them refused; the alternative, keeping fields of entries that never existed, would count
    // against the limit for a whole TTL.
    private CompletableFuture<Void> undoAdmits(Map<String, CompletableFuture<List<Object>>> admits) {
        List<CompletableFuture<?>> undo = new ArrayList<>();
        admits.forEach((client, f) -> {
            List<Object> reply = f.join();
            if ((Long) reply.get(0) == 1 && reply.size() > 2) {
                String key = keys.client(client);
                String[] fresh = reply.subList(2, reply.size()).toArray(new String[0]);
                undo.add(redis.commandsFor(key).hdel(key, fresh).toCompletableFuture());
            }
        });
        return CompletableFuture.allOf(undo.toArray(new CompletableFuture<?>[0]));
    }

    private CompletableFuture<List<Change>> joinEntries(List<PresenceEntry> entries, long deadlineMillis) {
        return perPartition(entries, PresenceEntry::channel, (p, group) -> {
            List<String> argv = new ArrayList<>(2 + group.size() * 5);
            argv.add(Long.toString(deadlineMillis));
            argv.add(Integer.toString(state.maxQueueSize()));
            for (PresenceEntry e : group) {
                argv.add(e.channel());
                argv.add(e.info().client());
                argv.add(e.info().user());
                argv.add(PresenceKeys.encode(e.info()));
                argv.add(policy.eventsOf(e.channel()));
            }
            return PresenceScripts.JOIN.run(node(p), scriptKeys(p, group, PresenceEntry::channel, true),
                    argv.toArray(new String[0]));
        });
    }

    @Override
    public CompletionStage<List<Change>> leave(List<ChannelClient> entries) {
        List<CompletableFuture<?>> index = new ArrayList<>(entries.size());
        for (ChannelClient e : entries) {
            String key = keys.client(e.client());
            index.add(redis.commandsFor(key).hdel(key, e.channel()).toCompletableFuture());
        }
        return wrap(removeEntries(entries, "").thenCombine(
                CompletableFuture.allOf(index.toArray(new CompletableFuture<?>[0])), (nowEmpty, x) -> nowEmpty));
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
        });
    }

    @Override
    public CompletionStage<List<String>> refresh(List<String> clients, long deadlineMillis) {
        return wrap(readIndexes(clients).thenCompose(indexes -> {
            List<ChannelClient> held = new ArrayList<>();
            List<String> users = new ArrayList<>();
            List<CompletableFuture<?>> writes = new ArrayList<>();
            indexes.forEach((client, index) -> {
                List<String> channels = index.keySet().stream().filter(ch -> !ch.isEmpty()).toList();
                if (!channels.isEmpty()) {
                    users.add(index.getOrDefault("", ""));
                }
                channels.forEach(ch -> held.add(new ChannelClient(ch, client)));
                String key = keys.client(client);
                writes.add(redis.commandsFor(key).pexpireat(key, deadlineMillis).toCompletableFuture());
            });
            Map<Integer, List<ChannelClient>> byPartition = byPartition(held, ChannelClient::channel);
            byPartition.forEach((p, group) -> {
                // XX: only entries that still exist move; a channel left meanwhile is not brought back.
                Object[] scoresAndMembers = new Object[group.size() * 2];
                for (int i = 0; i < group.size(); i++) {
                    scoresAndMembers[2 * i] = (double) deadlineMillis;
                    scoresAndMembers[2 * i + 1] = PresenceKeys.member(group.get(i).channel(), group.get(i).client());
                }
                writes.add(node(p).zadd(keys.expiry(p), ZAddArgs.Builder.xx(), scoresAndMembers)
                        .toCompletableFuture());
            });
            return CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0])).thenApply(x -> users);
        }));
    }

    @Override
    public CompletionStage<Void> disconnect(List<String> clients) {
        return wrap(readIndexes(clients).thenCompose(indexes -> {
            List<ChannelClient> held = new ArrayList<>();
            indexes.forEach((client, index) -> index.keySet().stream().filter(ch -> !ch.isEmpty())
                    .forEach(ch -> held.add(new ChannelClient(ch, client))));
            return removeEntries(held, "");
        }).thenCompose(x -> {
            List<CompletableFuture<?>> dels = new ArrayList<>();
            for (String client : clients) {
                String key = keys.client(client);
                dels.add(redis.commandsFor(key).del(key).toCompletableFuture());
            }
            return CompletableFuture.allOf(dels.toArray(new CompletableFuture<?>[0]));
        }));
    }

    // Callers pass distinct clients (PresenceService de-duplicates): one HGETALL each.
    private CompletableFuture<Map<String, Map<String, String>>> readIndexes(List<String> clients) {
        Map<String, CompletableFuture<Map<String, String>>> reads = new LinkedHashMap<>();
        for (String client : clients) {
            if (!reads.containsKey(client)) {
                String key = keys.client(client);
                reads.put(client, redis.commandsFor(key).hgetall(key).toCompletableFuture());
            }
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(reads.values().toArray(new CompletableFuture<?>[0]));
        return ReplyExecutor.offLoop(all).thenApply(x -> {
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            reads.forEach((client, f) -> {
                Map<String, String> index = f.join();
                if (!index.isEmpty()) {
                    out.put(client, index);
                }
            });
            return out;
        });
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
        return wrap(CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))).thenApply(x -> {
            Map<String, Integer> out = new HashMap<>();
            for (CompletableFuture<Map<String, String>> r : reads) {
                r.join().forEach((ch, n) -> out.put(ch, Integer.parseInt(n)));
            }
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
        List<CompletableFuture<Long>> all = new ArrayList<>(entries);
        all.addAll(channels);
        return wrap(CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenApply(x ->
                new PresenceCounts(entries.stream().mapToLong(CompletableFuture::join).sum(),
                        channels.stream().mapToLong(CompletableFuture::join).sum())));
    }

    @Override
    public CompletionStage<Integer> sweep(long nowMillis) {
        List<CompletableFuture<Integer>> parts = new ArrayList<>(keys.partitions());
        for (int p = 0; p < keys.partitions(); p++) {
            parts.add(sweepPartition(p, nowMillis));
        }
        return wrap(CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
                .thenApply(x -> parts.stream().mapToInt(CompletableFuture::join).sum()));
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
        int head = withOutbox ? 4 : 3;
        String[] k = new String[head + group.size() * 3];
        k[0] = keys.expiry(p);
        k[1] = keys.channels(p);
        k[2] = keys.pending(p);
        if (withOutbox) {
            k[3] = keys.outbox(p);
        }
        for (int i = 0; i < group.size(); i++) {
            String ch = channelOf.apply(group.get(i));
            k[head + 3 * i] = keys.channel(p, ch);
            k[head + 1 + 3 * i] = keys.users(p, ch);
            k[head + 2 + 3 * i] = keys.state(p, ch);
        }
        return k;
    }

    private <E> Map<Integer, List<E>> byPartition(List<E> entries, Function<E, String> channelOf) {
        Map<Integer, List<E>> out = new LinkedHashMap<>();
        for (E e : entries) {
            out.computeIfAbsent(keys.partition(channelOf.apply(e)), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    /**
     * Runs {@code call} once per partition with that partition's entries, and returns the per-entry flags of
     * the script replies (1 → true) in the order of {@code entries}.
     */
    private <E> CompletableFuture<List<Change>> perPartition(List<E> entries, Function<E, String> channelOf,
            BiFunction<Integer, List<E>, CompletionStage<List<Object>>> call) {
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(Collections.emptyList());
        }
        Map<Integer, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            positions.computeIfAbsent(keys.partition(channelOf.apply(entries.get(i))), k -> new ArrayList<>()).add(i);
        }
        Change[] flags = new Change[entries.size()];
        List<CompletableFuture<?>> calls = new ArrayList<>();
        positions.forEach((p, idx) -> {
            List<E> group = new ArrayList<>(idx.size());
            idx.forEach(i -> group.add(entries.get(i)));
            calls.add(call.apply(p, group).toCompletableFuture().thenAccept(reply -> {
                for (int j = 0; j < idx.size(); j++) {
                    flags[idx.get(j)] = Change.of((Long) reply.get(j));
                }
            }));
        });
        return CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]))
                .thenApply(x -> List.of(flags));
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
