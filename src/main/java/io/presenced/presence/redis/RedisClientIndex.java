package io.presenced.presence.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.presenced.concurrent.Futures;
import io.presenced.presence.ChannelClient;
import io.presenced.presence.ChannelLimitException;
import io.presenced.presence.PresenceEntry;
import io.presenced.redis.RedisTopology;
import io.presenced.redis.RedisUnavailableException;
import io.presenced.redis.ReplyExecutor;

/**
 * The per-client index of channel presence in Redis: {@code prefix.cl.<client>} holds the client's user (field
 * {@code ""}) and the channels it is in (see {@link PresenceKeys}). It lets a refresh or a disconnect find a
 * client's entries without a scan, and a join hold a client to its channel limit. The index is written beside the
 * partition scripts, not inside them: a client's channels span partitions, so its key has no partition tag. The
 * exception is a join whose index keys and partitions one node serves: there {@link AdmittedJoin} admits and
 * joins in one script, and this class is not involved.
 *
 * <p>One command (or script) per client, sent in parallel; stages complete on the {@link ReplyExecutor}.
 */
final class RedisClientIndex {

    private final RedisTopology redis;
    private final PresenceKeys keys;

    RedisClientIndex(RedisTopology redis, PresenceKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * One client's index as read.
     *
     * @param client   the client id
     * @param user     the user the client joined as, {@code ""} when not recorded
     * @param channels the channels the client is in
     */
    record Held(String client, String user, List<String> channels) {

        /** Returns the client's presence entries, one per channel. */
        List<ChannelClient> entries() {
            return channels.stream().map(ch -> new ChannelClient(ch, client)).toList();
        }
    }

    /**
     * Adds each client's new channels of {@code entries} to its index and moves the index's expiry to
     * {@code deadlineMillis}, when every client stays within {@code channelLimit}. Otherwise takes back what this
     * call added and fails with a {@link ChannelLimitException} for the first client over the limit; a Redis
     * failure fails with a {@link RedisUnavailableException}.
     */
    CompletableFuture<Void> admit(List<PresenceEntry> entries, long deadlineMillis, int channelLimit) {
        Map<String, List<PresenceEntry>> byClient = entries.stream()
                .collect(Collectors.groupingBy(e -> e.info().client(), LinkedHashMap::new, Collectors.toList()));
        Map<String, CompletableFuture<List<Object>>> admits = new LinkedHashMap<>();
        byClient.forEach((client, group) -> admits.put(client, admit(client, group, deadlineMillis, channelLimit)));
        return wrap(Futures.allOf(admits.values())).thenCompose(x -> {
            for (Map.Entry<String, CompletableFuture<List<Object>>> a : admits.entrySet()) {
                List<Object> reply = a.getValue().join();
                if ((Long) reply.get(0) == 0) {
                    // Outside wrap(): the refusal is the caller's, not a Redis failure.
                    return wrap(undoAdmits(admits)).<Void>thenApply(y -> {
                        throw new ChannelLimitException(a.getKey(), ((Long) reply.get(1)).intValue(), channelLimit);
                    });
                }
            }
            return CompletableFuture.completedFuture(null);
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
        return Futures.allOf(undo);
    }

    /** Removes each entry's channel from its client's index. */
    CompletableFuture<Void> remove(List<ChannelClient> entries) {
        List<CompletableFuture<?>> dels = new ArrayList<>(entries.size());
        for (ChannelClient e : entries) {
            String key = keys.client(e.client());
            dels.add(redis.commandsFor(key).hdel(key, e.channel()).toCompletableFuture());
        }
        return Futures.allOf(dels);
    }

    /**
     * Reads the indexes of {@code clients} (callers pass distinct clients: one {@code HGETALL} each) and completes
     * on the reply executor; a client without an index is left out.
     */
    CompletableFuture<List<Held>> read(List<String> clients) {
        Map<String, CompletableFuture<Map<String, String>>> reads = new LinkedHashMap<>();
        for (String client : clients) {
            if (!reads.containsKey(client)) {
                String key = keys.client(client);
                reads.put(client, redis.commandsFor(key).hgetall(key).toCompletableFuture());
            }
        }
        return ReplyExecutor.offLoop(Futures.allOf(reads.values())).thenApply(x -> {
            List<Held> out = new ArrayList<>(reads.size());
            reads.forEach((client, f) -> {
                Map<String, String> index = f.join();
                if (!index.isEmpty()) {
                    List<String> channels = index.keySet().stream().filter(ch -> !ch.isEmpty()).toList();
                    out.add(new Held(client, index.getOrDefault("", ""), channels));
                }
            });
            return out;
        });
    }

    /** Moves the expiry of each index in {@code held} to {@code deadlineMillis}. */
    CompletableFuture<Void> expireAt(List<Held> held, long deadlineMillis) {
        List<CompletableFuture<?>> writes = new ArrayList<>(held.size());
        for (Held h : held) {
            String key = keys.client(h.client());
            writes.add(redis.commandsFor(key).pexpireat(key, deadlineMillis).toCompletableFuture());
        }
        return Futures.allOf(writes);
    }

    /** Moves the expiry of the indexes of {@code clients} to {@code deadlineMillis}: one script call per key group. */
    CompletableFuture<Void> expireAll(List<String> clients, long deadlineMillis) {
        if (clients.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<String> indexKeys = clients.stream().map(keys::client).toList();
        String deadline = Long.toString(deadlineMillis);
        return redis.send(redis.group(indexKeys), (commands, group) -> PresenceScripts.EXPIRE_CLIENTS.<Long>run(
                commands, group.keys().toArray(new String[0]), deadline)).thenApply(x -> null);
    }

    /** Deletes the indexes of {@code clients}. */
    CompletableFuture<Void> delete(List<String> clients) {
        List<CompletableFuture<?>> dels = new ArrayList<>(clients.size());
        for (String client : clients) {
            String key = keys.client(client);
            dels.add(redis.commandsFor(key).del(key).toCompletableFuture());
        }
        return Futures.allOf(dels);
    }

    /** Names the Redis setup in a failure, and continues on the {@link ReplyExecutor}. */
    private <T> CompletableFuture<T> wrap(CompletableFuture<T> stage) {
        return ReplyExecutor.offLoop(RedisUnavailableException.wrap(stage, redis.describe()));
    }
}
