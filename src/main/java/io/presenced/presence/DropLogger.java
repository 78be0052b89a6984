package io.presenced.presence;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.presenced.logging.RateLimitedLog;
import io.presenced.state.StateMetrics;

/**
 * Counts every channel-state event dropped because its partition's queue was full, and logs them at most once per
 * {@link #LOG_INTERVAL}: a backend that is down while clients keep joining must not write one line per event.
 */
public final class DropLogger implements StateListener {

    /** The shortest time between two logged drops. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(DropLogger.class);

    private final RateLimitedLog dropLog = new RateLimitedLog(log, LOG_INTERVAL);

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
        dropLog.warn("partition " + partitioner.partition(channel), "channel " + channel + ": event queue full,"
                + " state event dropped (state still changed; every drop is counted in"
                + " presenced_channel_state_events_total{result=\"dropped\"})");
    }
}
