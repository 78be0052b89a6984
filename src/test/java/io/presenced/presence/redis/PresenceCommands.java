package io.presenced.presence.redis;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.presenced.presence.ClientInfo;
import io.presenced.presence.Partitioner;
import io.presenced.presence.StatePolicy;
import io.presenced.presence.redis.PresenceKeys;
import io.presenced.presence.redis.PresenceScripts;
import io.presenced.presence.redis.RedisPresenceStore;

/**
 * Sends the Redis commands of a one-entry {@code presence_join} or {@code presence_leave} exactly as
 * {@link RedisPresenceStore} does (client index writes, then the partition's script; the script, then the index
 * write), with nothing else around them. The benchmark's Redis-only limit for presence churn uses it; it lives in
 * this package to reach the scripts and the key layout without copying them.
 */
public final class PresenceCommands {

    private final RedisClusterAsyncCommands<String, String> redis;
    private final PresenceKeys keys;
    private final String maxQueue;
    private final String vacateDelayMillis;

    /**
     * Creates the commands over one standalone connection.
     *
     * @param prefix     the key prefix presenced uses ({@code engine.redis.prefix})
     * @param partitions the partition count presenced uses
     */
    public PresenceCommands(RedisClusterAsyncCommands<String, String> redis, String prefix, int partitions,
                            int maxQueue, long vacateDelayMillis) {
        this.redis = redis;
        this.keys = new PresenceKeys(prefix, new Partitioner(partitions));
        this.maxQueue = Integer.toString(maxQueue);
        this.vacateDelayMillis = Long.toString(vacateDelayMillis);
    }

    /** Joins {@code client} of {@code user} to {@code channel} until {@code deadlineMillis}; events as StatePolicy. */
    public CompletableFuture<Object> join(String channel, String client, String user, String events,
                                          long deadlineMillis) {
        String index = keys.client(client);
        CompletableFuture<Long> indexWrite = redis.hset(index, Map.of("", user, channel, "1")).toCompletableFuture();
        CompletableFuture<Boolean> indexExpiry = redis.pexpireat(index, deadlineMillis).toCompletableFuture();
        int p = keys.partition(channel);
        String[] k = {keys.expiry(p), keys.channels(p), keys.pending(p), keys.outbox(p),
            keys.channel(p, channel), keys.users(p, channel), keys.state(p, channel)};
        String value = PresenceKeys.encode(new ClientInfo(client, user, null, null));
        return CompletableFuture.allOf(indexWrite, indexExpiry).thenCompose(x -> PresenceScripts.JOIN.<Object>run(redis, k,
                Long.toString(deadlineMillis), maxQueue, channel, client, user, value, events).toCompletableFuture());
    }

    /** Removes {@code client} from {@code channel}. */
    public CompletableFuture<Object> leave(String channel, String client) {
        int p = keys.partition(channel);
        String[] k = {keys.expiry(p), keys.channels(p), keys.pending(p),
            keys.channel(p, channel), keys.users(p, channel), keys.state(p, channel)};
        String index = keys.client(client);
        return PresenceScripts.LEAVE.<Object>run(redis, k, "", vacateDelayMillis, channel, client).toCompletableFuture()
                .thenCompose(x -> redis.hdel(index, channel).toCompletableFuture().thenApply(n -> x));
    }
}
