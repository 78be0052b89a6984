package io.presenced.presence.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.presenced.concurrent.Futures;
import io.presenced.config.ChannelStateConfig;
import io.presenced.presence.Change;
import io.presenced.presence.StateListener;
import io.presenced.redis.RedisScript;
import io.presenced.redis.RedisTopology;
import io.presenced.redis.RedisUnavailableException;
import io.presenced.state.ChannelEvent;
import io.presenced.state.StateOutbox;

/**
 * The per-partition event queues of channel state in Redis: streams next to the presence they describe (see
 * {@link PresenceKeys}). Polling first turns due pending vacates, and due quiet turns, into events, in one script
 * per partition each.
 */
public final class RedisStateOutbox implements StateOutbox {

    // SET NX GET in one step; the GET option of SET needs Redis 7.0 when combined with NX, and 6.2 is supported.
    private static final RedisScript RECORD_PARTITION_COUNT =
            RedisScript.load(ScriptOutputType.VALUE, "lua/presence/record-partitions.lua");

    private final RedisTopology redis;
    private final PresenceKeys keys;
    private final ChannelStateConfig state;
    private final StateListener listener;

    RedisStateOutbox(RedisTopology redis, PresenceKeys keys, ChannelStateConfig state, StateListener listener) {
        this.redis = redis;
        this.keys = keys;
        this.state = state;
        this.listener = listener;
    }

    private RedisClusterAsyncCommands<String, String> node(int partition) {
        return redis.commandsFor(keys.tag(partition));
    }

    @Override
    public CompletionStage<List<ChannelEvent>> poll(int partition, int max) {
        return wrap(readHead(partition, max).thenCompose(head -> {
            if (head.due().isEmpty() && head.quiet().isEmpty()) {
                return CompletableFuture.completedFuture(head.events());
            }
            CompletableFuture<?> vacated = head.due().isEmpty() ? CompletableFuture.completedFuture(null)
                    : vacate(partition, head.due());
            CompletableFuture<?> quieted = head.quiet().isEmpty() ? CompletableFuture.completedFuture(null)
                    : quiet(partition, head.quiet());
            return vacated.thenCombine(quieted, (a, b) -> null).thenCompose(x -> readHead(partition, max))
                    .thenApply(Head::events);
        }));
    }

    @Override
    public CompletionStage<Void> advance(int partition) {
        // The poll reads one event at most, and only its timers matter here.
        return poll(partition, 1).thenApply(events -> null);
    }

    private record Head(List<String> due, List<ChannelEvent> events, List<String> quiet) {
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Head> readHead(int p, int max) {
        return PresenceScripts.POLL.<List<Object>>run(node(p),
                new String[] {keys.pending(p), keys.outbox(p), keys.quiet(p)},
                Integer.toString(max)).toCompletableFuture().thenApply(reply -> {
                    List<String> due = (List<String>) reply.get(0);
                    List<Object> entries = (List<Object>) reply.get(1);
                    List<ChannelEvent> events = new ArrayList<>(entries.size());
                    for (Object o : entries) {
                        events.add(StreamEvents.decode(p, (List<Object>) o));
                    }
                    return new Head(due, events, (List<String>) reply.get(2));
                });
    }

    // Turns the due quiet channels quiet, with their events.
    private CompletableFuture<List<Object>> quiet(int p, List<String> channels) {
        return timers(PresenceScripts.QUIET, p, channels, new String[] {keys.quiet(p), keys.outbox(p)},
                Integer.toString(state.maxQueueSize()), Long.toString(state.stateRetention().toMillis()));
    }

    // Runs a timer script on the partition: KEYS are head then each channel's state; ARGV are args then the channels.
    private CompletableFuture<List<Object>> timers(RedisScript script, int p, List<String> channels, String[] head,
                                                   String... args) {
        String[] k = new String[head.length + channels.size()];
        System.arraycopy(head, 0, k, 0, head.length);
        String[] argv = new String[args.length + channels.size()];
        System.arraycopy(args, 0, argv, 0, args.length);
        for (int i = 0; i < channels.size(); i++) {
            k[head.length + i] = keys.state(p, channels.get(i));
            argv[args.length + i] = channels.get(i);
        }
        return script.<List<Object>>run(node(p), k, argv).toCompletableFuture().thenApply(codes -> {
            reportDrops(channels, codes);
            return codes;
        });
    }

    private void reportDrops(List<String> channels, List<Object> codes) {
        for (int i = 0; i < codes.size(); i++) {
            if (Change.of((Long) codes.get(i)).event() == Change.EventOutcome.DROPPED) {
                listener.dropped(channels.get(i));
            }
        }
    }

    private CompletableFuture<List<Object>> vacate(int p, List<String> channels) {
        return timers(PresenceScripts.VACATE, p, channels,
                new String[] {keys.pending(p), keys.channels(p), keys.outbox(p)},
                Long.toString(state.vacatedEventDelay().toMillis()), Integer.toString(state.maxQueueSize()),
                Long.toString(state.stateRetention().toMillis()));
    }

    @Override
    public CompletionStage<Void> ack(int partition, List<ChannelEvent> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String[] ids = events.stream().map(StreamEvents::streamId).toArray(String[]::new);
        return wrap(node(partition).xdel(keys.outbox(partition), ids).toCompletableFuture().thenApply(n -> null));
    }

    @Override
    public CompletionStage<Long> size(int partition) {
        return wrap(node(partition).xlen(keys.outbox(partition)).toCompletableFuture());
    }

    @Override
    public int partitions() {
        return keys.partitions();
    }

    /**
     * Records the partition count on every node of the topology the first time, and compares it afterwards.
     * Blocks: call at start-up only.
     *
     * @return the stored counts that differ from the configured one, empty when all agree
     */
    public List<String> checkPartitionCount() {
        List<String> mismatches = new ArrayList<>();
        String n = Integer.toString(keys.partitions());
        for (RedisClusterAsyncCommands<String, String> c : redis.allCommands()) {
            String stored;
            try {
                stored = RECORD_PARTITION_COUNT.<String>run(c, new String[] {keys.meta()}, n).toCompletableFuture()
                        .join();
            } catch (CompletionException e) {
                throw RedisUnavailableException.of(redis.describe(), Futures.unwrap(e));
            }
            if (stored != null && !stored.equals(n)) {
                mismatches.add(stored);
            }
        }
        return mismatches;
    }

    /** Overwrites the recorded partition count, after an operator allowed the change. */
    public void recordPartitionCount() {
        for (RedisClusterAsyncCommands<String, String> c : redis.allCommands()) {
            c.set(keys.meta(), Integer.toString(keys.partitions())).toCompletableFuture().join();
        }
    }

    private <T> CompletableFuture<T> wrap(CompletableFuture<T> stage) {
        return RedisUnavailableException.wrap(stage, redis.describe());
    }
}
