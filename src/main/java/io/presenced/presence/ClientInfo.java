package io.presenced.presence;

import static java.util.Objects.requireNonNull;

/**
 * One client's presence in one channel.
 *
 * @param client   the client (connection) id
 * @param user     the user id, {@code ""} for an anonymous client
 * @param connInfo the connection's info as JSON text, or {@code null}
 * @param chanInfo the channel-specific info as JSON text, or {@code null}
 */
public record ClientInfo(String client, String user, String connInfo, String chanInfo) {

    public ClientInfo {
        requireNonNull(client, "client");
        requireNonNull(user, "user");
    }
}
