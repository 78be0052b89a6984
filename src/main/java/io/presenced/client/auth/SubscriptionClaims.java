package io.presenced.client.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What a valid subscription token says.
 *
 * @param user the {@code sub} claim, which must equal the connection's user
 * @param channel the {@code channel} claim, which must equal the requested channel
 * @param client the {@code client} claim, {@code null} when the token is not bound to one client id
 * @param expiresAt when the subscription expires ({@code expire_at} or {@code exp}); {@code null} for never
 * @param info the channel {@code info} claim as raw JSON bytes, {@code null} when absent
 */
public record SubscriptionClaims(String user, String channel, String client, Instant expiresAt, byte[] info) {

    public SubscriptionClaims {
        requireNonNull(user, "user");
        requireNonNull(channel, "channel");
    }
}
