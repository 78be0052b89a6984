package io.presenced.status;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.presenced.state.ChannelEvent;
import io.presenced.state.EventSink;

/**
 * The sink of the watch stream: adds the public view of each user's status to its events and hands them, as one
 * batch, to this node's hub and (on Redis) to the other nodes with a single publish. The batch counts as delivered
 * once published; pushes to clients are at most once, and carry the user's version so that a client can drop an
 * update it already has.
 */
public final class WatchSink implements EventSink {

    private final StatusEvents status;
    private final WatchUpdates local;
    private final RedisWatchFanout fanout;

    /**
     * Creates the sink.
     *
     * @param local  this node's hub
     * @param fanout the other nodes' hubs, or {@code null} on the memory engine
     */
    public WatchSink(StatusEvents status, WatchUpdates local, RedisWatchFanout fanout) {
        this.status = status;
        this.local = local;
        this.fanout = fanout;
    }

    @Override
    public CompletionStage<Void> send(List<ChannelEvent> events) {
        return status.forWatchers(events).thenCompose(enriched -> {
            List<WatchUpdate> updates = new ArrayList<>(enriched.size());
            for (ChannelEvent e : enriched) {
                updates.add(new WatchUpdate(e.channel(), e.version(), e.data()));
            }
            local.deliver(updates);
            return fanout == null ? CompletableFuture.completedFuture(null) : fanout.publish(updates);
        });
    }

    @Override
    public String describe() {
        return fanout == null ? "this node's watchers" : "the watchers of every node";
    }

    @Override
    public void close() {
    }
}
