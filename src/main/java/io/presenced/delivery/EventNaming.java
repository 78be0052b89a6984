package io.presenced.delivery;

import io.presenced.state.ChannelEvent;

/**
 * How the events of one stream are named on the wire. Both streams queue the same transitions of a presence model
 * (its first join and its last leave); channel state names them after the channel, user events after the user.
 */
public enum EventNaming {

    /** {@code {"channel", "type": "occupied" | "vacated"}}, Centrifugo's channel-state events. */
    CHANNELS("channel", "occupied", "vacated", "changed"),
    /** {@code {"user", "type": "user_online" | "user_offline" | "user_status"}}, presenced's user events. */
    USERS("user", "user_online", "user_offline", "user_status");

    private final String subject;
    private final String occupied;
    private final String vacated;
    private final String changed;

    EventNaming(String subject, String occupied, String vacated, String changed) {
        this.subject = subject;
        this.occupied = occupied;
        this.vacated = vacated;
        this.changed = changed;
    }

    /** Returns the name of the field that holds the event's channel or user. */
    String subject() {
        return subject;
    }

    /** Returns the wire type of {@code event}. */
    String type(ChannelEvent event) {
        return switch (event.type()) {
            case ChannelEvent.OCCUPIED -> occupied;
            case ChannelEvent.VACATED -> vacated;
            case ChannelEvent.CHANGED -> changed;
            default -> event.type();
        };
    }
}
