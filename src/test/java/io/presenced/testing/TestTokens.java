package io.presenced.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.presenced.client.auth.ConnectionClaims;
import io.presenced.client.auth.ServerSubscription;
import io.presenced.client.auth.SubscriptionClaims;
import io.presenced.client.auth.TokenException;
import io.presenced.client.auth.TokenVerifier;

/**
 * A token verifier for tests of client connections, standing in for the JWT one: tokens are opaque strings that a
 * test registers with the claims they stand for; an unregistered token is invalid. Thread-safe.
 */
public final class TestTokens implements TokenVerifier {

    private final Map<String, Object> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger connectionChecks = new AtomicInteger();

    /** Registers a connection token for {@code user} with {@code info} (JSON, may be null), never expiring. */
    public TestTokens user(String token, String user, String info) {
        return connection(token, user, info, null);
    }

    /** Registers a connection token for {@code user} that expires at {@code expiresAt} (null: never). */
    public TestTokens connection(String token, String user, String info, Instant expiresAt) {
        tokens.put(token, new ConnectionClaims(user, expiresAt,
                info == null ? null : info.getBytes(StandardCharsets.UTF_8), List.of()));
        return this;
    }

    /** Registers a connection token for {@code user} with server-side subscriptions to {@code channels}. */
    public TestTokens withChannels(String token, String user, String... channels) {
        tokens.put(token, new ConnectionClaims(user, null, null,
                Arrays.stream(channels).map(ServerSubscription::of).toList()));
        return this;
    }

    /** Registers a connection token for {@code user} with server-side subscriptions and their options. */
    public TestTokens withSubscriptions(String token, String user, ServerSubscription... subscriptions) {
        tokens.put(token, new ConnectionClaims(user, null, null, List.of(subscriptions)));
        return this;
    }

    /** Registers a connection token for {@code user} whose {@code watch} claim lists {@code watched}. */
    public TestTokens watching(String token, String user, String... watched) {
        tokens.put(token, new ConnectionClaims(user, null, null, List.of(), List.of(watched)));
        return this;
    }

    /** Registers a token whose {@code exp} has passed. */
    public TestTokens expired(String token) {
        tokens.put(token, TokenException.Kind.EXPIRED);
        return this;
    }

    /** Registers a subscription token of {@code user} for {@code channel}. */
    public TestTokens subscription(String token, String user, String channel, String info) {
        tokens.put(token, new SubscriptionClaims(user, channel, null, null,
                info == null ? null : info.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** Returns how many connection tokens were checked. */
    public int connectionChecks() {
        return connectionChecks.get();
    }

    @Override
    public ConnectionClaims verifyConnection(String token) throws TokenException {
        connectionChecks.incrementAndGet();
        Object o = lookup(token);
        if (o instanceof ConnectionClaims c) {
            return c;
        }
        throw new TokenException(TokenException.Kind.INVALID, "not a connection token");
    }

    @Override
    public SubscriptionClaims verifySubscription(String token) throws TokenException {
        Object o = lookup(token);
        if (o instanceof SubscriptionClaims c) {
            return c;
        }
        throw new TokenException(TokenException.Kind.INVALID, "not a subscription token");
    }

    private Object lookup(String token) throws TokenException {
        Object o = tokens.get(token);
        if (o == null) {
            throw new TokenException(TokenException.Kind.INVALID, "unknown token");
        }
        if (o == TokenException.Kind.EXPIRED) {
            throw new TokenException(TokenException.Kind.EXPIRED, "expired");
        }
        return o;
    }
}
