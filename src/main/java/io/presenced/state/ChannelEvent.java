package io.presenced.state;

import static java.util.Objects.requireNonNull;

/**
 * One occupancy transition of a channel, as delivered to the backend.
 *
 * @param id        unique, stable id: the same event always carries the same id, also when delivered again, and no
 *                  other event ever carries it, also after a restart ({@code <partition>-<stream id>} on Redis,
 *                  {@code <partition>-<node epoch>-<seq>} on the memory engine)
 * @param partition the channel's partition
 * @param channel   the channel
 * @param type      {@link #OCCUPIED} or {@link #VACATED}
 * @param timeMs    Unix milliseconds of the transition: the first join, or the last leave
 * @param version   the channel's event count; increases by one with each event. On the memory engine it starts again
 *                  at 1 after a restart (with a new node epoch in the id)
 * @param occupied  whether the channel was occupied once the event happened (a user: held a live connection, or did
 *                  within the offline grace); what {@link #OCCUPIED} and {@link #VACATED} say, and recorded for
 *                  {@link #CHANGED}
 * @param data      what the stream adds at delivery (a user's status as a JSON object), or {@code null}
 */
public record ChannelEvent(String id, int partition, String channel, String type, long timeMs, long version,
                           boolean occupied, String data) {

    public static final String OCCUPIED = "occupied";
    public static final String VACATED = "vacated";
    /**
     * Something about the channel's subject changed without an occupancy transition: for a user, what it set by hand,
     * or the clock turning it idle, or activity after that. Only the user stream has these.
     */
    public static final String CHANGED = "changed";

    public ChannelEvent {
        requireNonNull(id, "id");
        requireNonNull(channel, "channel");
        requireNonNull(type, "type");
    }

    /** An event as queued, before delivery adds anything. */
    public ChannelEvent(String id, int partition, String channel, String type, long timeMs, long version,
                        boolean occupied) {
        this(id, partition, channel, type, timeMs, version, occupied, null);
    }

    /** An occupancy transition: occupied for {@link #OCCUPIED}, not for {@link #VACATED}. */
    public ChannelEvent(String id, int partition, String channel, String type, long timeMs, long version) {
        this(id, partition, channel, type, timeMs, version, !VACATED.equals(type));
    }

    /** Returns this event with {@code data} added for delivery; same id, same everything else. */
    public ChannelEvent withData(String data) {
        return new ChannelEvent(id, partition, channel, type, timeMs, version, occupied, data);
    }
}
