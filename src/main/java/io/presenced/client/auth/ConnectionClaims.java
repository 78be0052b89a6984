package io.presenced.client.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What a valid connection token says.
 *
 * @param user the user id ({@code sub}, or the configured {@code user_id_claim}); empty for an anonymous user
 * @param expiresAt when the connection expires and must be refreshed: {@code expire_at} when the token has it
 *        ({@code 0} meaning never, given as {@code null}), otherwise {@code exp}; {@code null} for never
 * @param info the {@code info} claim as raw JSON bytes (or decoded {@code b64info}), {@code null} when absent
 * @param subscriptions server-side subscriptions: the {@code channels} claim followed by the keys of {@code subs}
 *        with their options, each channel once (a channel in both takes the options of {@code subs}), in token order
 * @param watch the users this connection may watch (presenced's {@code watch} claim, a list of user ids): the
 *        backend's decision, as the token is its word
 */
public record ConnectionClaims(String user, Instant expiresAt, byte[] info, List<ServerSubscription> subscriptions,
                               List<String> watch) {

    public ConnectionClaims {
        requireNonNull(user, "user");
        subscriptions = List.copyOf(subscriptions);
        watch = List.copyOf(watch);
    }

    /** Claims that allow watching nobody. */
    public ConnectionClaims(String user, Instant expiresAt, byte[] info, List<ServerSubscription> subscriptions) {
        this(user, expiresAt, info, subscriptions, List.of());
    }

    /** Returns the channels of the server-side subscriptions, in order. */
    public List<String> channels() {
        return subscriptions.stream().map(ServerSubscription::channel).toList();
    }
}
