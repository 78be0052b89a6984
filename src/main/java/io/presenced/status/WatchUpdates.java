package io.presenced.status;

import java.util.List;

/** Where watch updates go on a node: its client hub, which pushes each to the sessions watching its user. */
@FunctionalInterface
public interface WatchUpdates {

    /** Delivers updates; never blocks, callable from any thread. */
    void deliver(List<WatchUpdate> updates);
}
