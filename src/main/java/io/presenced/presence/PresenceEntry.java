package io.presenced.presence;

import static java.util.Objects.requireNonNull;

/**
 * A client present in a channel, as reported by whoever holds its connection.
 *
 * @param channel the channel
 * @param info    the client, its user and infos
 */
public record PresenceEntry(String channel, ClientInfo info) {

    public PresenceEntry {
        requireNonNull(channel, "channel");
        requireNonNull(info, "info");
    }
}
