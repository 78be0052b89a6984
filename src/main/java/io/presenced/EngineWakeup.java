package io.presenced;

import io.presenced.presence.Partitioner;
import io.presenced.presence.StateListener;
import io.presenced.state.ChannelStateEngine;

/**
 * What wakes the channel-state engine: the presence store calls it when a join or leave on this node queued an
 * event, so the event's partition is delivered at once instead of at the next poll; a dropped event (queue full)
 * goes on to the drop counter.
 */
final class EngineWakeup implements StateListener {

    private final ChannelStateEngine engine;
    private final Partitioner partitioner;
    private final StateListener drops;

    EngineWakeup(ChannelStateEngine engine, Partitioner partitioner, StateListener drops) {
        this.engine = engine;
        this.partitioner = partitioner;
        this.drops = drops;
    }

    @Override
    public void queued(String channel) {
        engine.queued(partitioner.partition(channel));
    }

    @Override
    public void dropped(String channel) {
        drops.dropped(channel);
    }
}
