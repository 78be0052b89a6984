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
 * @param version   the channel's transition count; increases by one with each transition. On the memory engine it
 *                  starts again at 1 after a restart (with a new node epoch in the id)
 */
public record ChannelEvent(String id, int partition, String channel, String type, long timeMs, long version) {

    public static final String OCCUPIED = "occupied";
    public static final String VACATED = "vacated";

    public ChannelEvent {
        requireNonNull(id, "id");
        requireNonNull(channel, "channel");
        requireNonNull(type, "type");
    }
}
