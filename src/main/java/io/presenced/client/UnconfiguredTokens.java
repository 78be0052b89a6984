package io.presenced.client;

import io.presenced.client.auth.ConnectionClaims;
import io.presenced.client.auth.SubscriptionClaims;
import io.presenced.client.auth.TokenException;
import io.presenced.client.auth.TokenVerifier;

/**
 * The verifier of a node that has no token keys configured: every token is invalid, so only
 * {@code client.insecure} or {@code client.allow_anonymous_connect_without_token} let clients in.
 */
public final class UnconfiguredTokens implements TokenVerifier {

    @Override
    public ConnectionClaims verifyConnection(String token) throws TokenException {
        throw new TokenException(TokenException.Kind.INVALID, "no client.token keys are configured");
    }

    @Override
    public SubscriptionClaims verifySubscription(String token) throws TokenException {
        throw new TokenException(TokenException.Kind.INVALID, "no client.token keys are configured");
    }
}
