package io.presenced.presence;

/**
 * A channel's occupancy state as its events describe it.
 *
 * @param version  the number of the channel's last event, 0 when it never had one
 * @param occupied whether the channel is occupied (for a user: holds a live connection, or did within the grace)
 */
public record Occupancy(long version, boolean occupied) {

    /** A channel that never had an event. */
    public static final Occupancy NONE = new Occupancy(0, false);
}
