package io.presenced.client.auth;

/**
 * Checks the JWTs that clients present: connection tokens on {@code connect} and {@code refresh}, subscription
 * tokens on {@code subscribe} and {@code sub_refresh} to private channels.
 *
 * <p>Implementations are thread-safe and never block the calling thread on the network: keys fetched from a JWKS
 * endpoint are cached and refreshed in the background.
 */
public interface TokenVerifier {

    /**
     * Verifies a connection token.
     *
     * @throws TokenException {@link TokenException.Kind#EXPIRED} when {@code exp} has passed or {@code nbf} lies in
     *         the future, {@link TokenException.Kind#INVALID} for anything else that is wrong with it
     */
    ConnectionClaims verifyConnection(String token) throws TokenException;

    /**
     * Verifies a subscription token. The caller compares the claimed channel, user and client with the request.
     *
     * @throws TokenException as for {@link #verifyConnection(String)}
     */
    SubscriptionClaims verifySubscription(String token) throws TokenException;
}
