package io.presenced.presence;

/**
 * Which channel-state events a channel sends, decided by its namespace.
 */
@FunctionalInterface
public interface StatePolicy {

    /** A policy under which no channel keeps state. */
    StatePolicy NONE = channel -> "";

    /**
     * Returns {@code ""} when the channel keeps no occupancy state, else the events it sends: a string holding
     * {@code o} for occupied and/or {@code v} for vacated.
     */
    String eventsOf(String channel);
}
