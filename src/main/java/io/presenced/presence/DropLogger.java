package io.presenced.presence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.presenced.state.StateMetrics;

/**
 * Counts and logs channel-state events dropped because their partition's queue was full.
 */
public final class DropLogger implements StateListener {

    private static final Logger log = LoggerFactory.getLogger(DropLogger.class);

    private final Partitioner partitioner;
    private final StateMetrics metrics;

    /** Creates the logger that counts into {@code metrics}. */
    public DropLogger(Partitioner partitioner, StateMetrics metrics) {
        this.partitioner = partitioner;
        this.metrics = metrics;
    }

    @Override
    public void queued(String channel) {
    }

    @Override
    public void dropped(String channel) {
        metrics.dropped();
        log.warn("[partition {}] channel {}: event queue full, state event dropped (state still changed)",
                partitioner.partition(channel), channel);
    }
}
