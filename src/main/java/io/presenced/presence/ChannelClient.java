package io.presenced.presence;

/**
 * A client in a channel, as named by a leave.
 *
 * @param channel the channel
 * @param client  the client id
 */
public record ChannelClient(String channel, String client) {
}
