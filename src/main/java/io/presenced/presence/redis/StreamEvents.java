package io.presenced.presence.redis;

import java.util.List;

import io.presenced.state.ChannelEvent;

/**
 * Reads outbox stream entries ({@code c}, {@code y}, {@code t}, {@code v}, and {@code o} for changed events) as
 * events whose id is
 * {@code <partition>-<stream id>}.
 */
final class StreamEvents {

    private StreamEvents() {
    }

    @SuppressWarnings("unchecked")
    static ChannelEvent decode(int partition, List<Object> entry) {
        String id = (String) entry.get(0);
        List<Object> fields = (List<Object>) entry.get(1);
        String channel = "";
        String type = "";
        long time = 0;
        long version = 0;
        String occupied = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String value = (String) fields.get(i + 1);
            switch ((String) fields.get(i)) {
                case "c":
                    channel = value;
                    break;
                case "y":
                    type = value;
                    break;
                case "t":
                    time = Long.parseLong(value);
                    break;
                case "v":
                    version = Long.parseLong(value);
                    break;
                case "o":
                    occupied = value;
                    break;
                default:
                    break;
            }
        }
        boolean live = occupied == null ? !ChannelEvent.VACATED.equals(type) : occupied.equals("1");
        return new ChannelEvent(partition + "-" + id, partition, channel, type, time, version, live);
    }

    /** Returns the stream id inside an event id. */
    static String streamId(ChannelEvent e) {
        return e.id().substring(e.id().indexOf('-') + 1);
    }
}
