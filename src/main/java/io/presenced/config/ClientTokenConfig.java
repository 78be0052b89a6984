package io.presenced.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How client JWTs are verified.
 *
 * @param connection   settings of {@code client.token}, for connection tokens
 * @param subscription settings of {@code client.subscription_token} when it is enabled; subscription tokens then use
 *                     them instead of the connection settings, as in Centrifugo v6
 */
public record ClientTokenConfig(TokenConfig connection, Optional<TokenConfig> subscription) {

    public ClientTokenConfig {
        requireNonNull(connection, "connection");
        requireNonNull(subscription, "subscription");
    }

    /** Returns the settings subscription tokens are verified with. */
    public TokenConfig forSubscriptions() {
        return subscription.orElse(connection);
    }
}
