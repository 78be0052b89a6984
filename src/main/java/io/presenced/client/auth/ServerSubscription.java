package io.presenced.client.auth;

import static java.util.Objects.requireNonNull;

/**
 * One server-side subscription a connection token asks for: a channel of the {@code channels} claim (no options),
 * or a key of the {@code subs} claim with the options given there.
 *
 * @param channel            the channel
 * @param info               {@code info} (or decoded {@code b64info}) as JSON bytes: the subscription's
 *                           {@code chan_info} in presence; {@code null} when absent
 * @param data               {@code data} as JSON bytes (or decoded {@code b64data}): sent in the connect answer's
 *                           result for the channel; {@code null} when absent
 * @param presence           {@code override.presence.value}, {@code null} when not overridden
 * @param forcePushJoinLeave {@code override.force_push_join_leave.value}, {@code null} when not overridden
 */
public record ServerSubscription(String channel, byte[] info, byte[] data, Boolean presence,
                                 Boolean forcePushJoinLeave) {

    public ServerSubscription {
        requireNonNull(channel, "channel");
    }

    /** A subscription to {@code channel} with no options, as the {@code channels} claim gives. */
    public static ServerSubscription of(String channel) {
        return new ServerSubscription(channel, null, null, null, null);
    }
}
