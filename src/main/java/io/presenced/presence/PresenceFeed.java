package io.presenced.presence;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.presenced.logging.RateLimitedLog;
import io.presenced.tasks.BackgroundTasks;

/**
 * The stores' one {@link PresenceEvents}, handing each report to every listener added later (the node's client
 * hub, the fan-out to other nodes). It exists before the listeners do, since the stores are built first. A listener
 * that throws is logged, rate-limited, and the others still hear the report.
 */
public final class PresenceFeed implements PresenceEvents {

    private static final Logger log = LoggerFactory.getLogger(PresenceFeed.class);

    private final List<PresenceEvents> listeners = new CopyOnWriteArrayList<>();
    private final RateLimitedLog failures = new RateLimitedLog(log, BackgroundTasks.LOG_INTERVAL);

    /** Adds a listener; it hears reports from now on. */
    public void add(PresenceEvents listener) {
        listeners.add(listener);
    }

    @Override
    public void joined(String channel, ClientInfo info) {
        tell(l -> l.joined(channel, info), "join");
    }

    @Override
    public void left(String channel, ClientInfo info) {
        tell(l -> l.left(channel, info), "leave");
    }

    private void tell(Consumer<PresenceEvents> report, String kind) {
        for (PresenceEvents l : listeners) {
            try {
                report.accept(l);
            } catch (RuntimeException e) {
                failures.warn("presence events", "a " + kind + " report was not handled: " + e);
            }
        }
    }
}
