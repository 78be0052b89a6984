package io.presenced.presence.memory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.presenced.presence.StateListener;
import io.presenced.state.ChannelEvent;
import io.presenced.state.StateOutbox;

/**
 * The channel-state queues of the memory engine, as the delivery engine sees them: each partition's events are
 * read and removed under the same lock that changes the partition's presence, as the Redis outbox reads the stream
 * its scripts append to. Obtained from {@link InMemoryPresenceStore#outbox()}.
 */
public final class InMemoryStateOutbox implements StateOutbox {

    private final MemoryPartition[] partitions;
    private final Clock clock;
    private final StateListener listener;

    InMemoryStateOutbox(MemoryPartition[] partitions, Clock clock, StateListener listener) {
        this.partitions = partitions;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public CompletionStage<List<ChannelEvent>> poll(int partition, int max) {
        MemoryPartition p = partitions[partition];
        List<String> dropped = new ArrayList<>();
        List<ChannelEvent> events;
        synchronized (p) {
            events = p.poll(max, clock.millis(), dropped);
        }
        dropped.forEach(listener::dropped);
        return CompletableFuture.completedFuture(events);
    }

    @Override
    public CompletionStage<Void> advance(int partition) {
        return poll(partition, 0).thenApply(events -> null);
    }

    @Override
    public CompletionStage<Void> ack(int partition, List<ChannelEvent> events) {
        MemoryPartition p = partitions[partition];
        synchronized (p) {
            p.ack(events);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Long> size(int partition) {
        MemoryPartition p = partitions[partition];
        synchronized (p) {
            return CompletableFuture.completedFuture((long) p.queued());
        }
    }

    @Override
    public int partitions() {
        return partitions.length;
    }
}
