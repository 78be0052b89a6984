package io.presenced.config;

import static java.util.Objects.requireNonNull;

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How one kind of client JWT (connection or subscription tokens) is verified: its keys and the claims it must carry.
 * When {@code jwksPublicEndpoint} is set, signatures are checked against that key set only, as Centrifugo does.
 *
 * @param hmacSecretKey        HS256/384/512 secret; empty when HMAC tokens are not accepted
 * @param hmacPreviousSecretKey the secret before a rotation, still accepted until {@code hmacPreviousValidUntil}
 * @param hmacPreviousValidUntil when the previous secret stops being accepted; empty when there is none
 * @param rsaPublicKey         RS256/384/512 key, parsed from its PEM at start-up
 * @param ecdsaPublicKey       ES256/384/512 key (P-256, P-384 or P-521), parsed from its PEM at start-up
 * @param jwksPublicEndpoint   {@code http(s)://} URL of a JWK set; empty when not used
 * @param audience             the {@code aud} a token must name; empty for no check
 * @param audienceRegex        a regular expression one {@code aud} value must contain a match of; empty for none
 * @param issuer               the exact {@code iss} a token must carry; empty for no check
 * @param issuerRegex          a regular expression {@code iss} must contain a match of; empty for none
 * @param userIdClaim          the claim holding the user id
 * @param maxLength            longest token accepted, in characters, checked before any parsing
 * @param jwks                 how the JWK set is fetched
 */
public record TokenConfig(String hmacSecretKey, String hmacPreviousSecretKey, Optional<Instant> hmacPreviousValidUntil,
                          Optional<RSAPublicKey> rsaPublicKey, Optional<ECPublicKey> ecdsaPublicKey,
                          String jwksPublicEndpoint, String audience, String audienceRegex, String issuer,
                          String issuerRegex, String userIdClaim, int maxLength, Jwks jwks) {

    public static final String DEFAULT_USER_ID_CLAIM = "sub";
    public static final int DEFAULT_MAX_LENGTH = 8192;

    public TokenConfig {
        requireNonNull(hmacSecretKey, "hmacSecretKey");
        requireNonNull(hmacPreviousSecretKey, "hmacPreviousSecretKey");
        requireNonNull(hmacPreviousValidUntil, "hmacPreviousValidUntil");
        requireNonNull(rsaPublicKey, "rsaPublicKey");
        requireNonNull(ecdsaPublicKey, "ecdsaPublicKey");
        requireNonNull(jwksPublicEndpoint, "jwksPublicEndpoint");
        requireNonNull(audience, "audience");
        requireNonNull(audienceRegex, "audienceRegex");
        requireNonNull(issuer, "issuer");
        requireNonNull(issuerRegex, "issuerRegex");
        requireNonNull(userIdClaim, "userIdClaim");
        requireNonNull(jwks, "jwks");
    }

    /** Returns settings with no key at all: every token is refused. */
    public static TokenConfig none() {
        return new TokenConfig("", "", Optional.empty(), Optional.empty(), Optional.empty(), "", "", "", "", "",
                DEFAULT_USER_ID_CLAIM, DEFAULT_MAX_LENGTH, Jwks.defaults());
    }

    /** Returns settings that accept HS256/384/512 tokens signed with {@code secret} and check nothing else. */
    public static TokenConfig hmac(String secret) {
        return new TokenConfig(secret, "", Optional.empty(), Optional.empty(), Optional.empty(), "", "", "", "", "",
                DEFAULT_USER_ID_CLAIM, DEFAULT_MAX_LENGTH, Jwks.defaults());
    }

    /** Returns whether any key (HMAC secret, RSA or ECDSA key, JWKS endpoint) is configured. */
    public boolean hasKeys() {
        return !hmacSecretKey.isEmpty() || rsaPublicKey.isPresent() || ecdsaPublicKey.isPresent() || usesJwks();
    }

    /** Returns whether signatures are checked against the JWK set of {@link #jwksPublicEndpoint()}. */
    public boolean usesJwks() {
        return !jwksPublicEndpoint.isEmpty();
    }

    @Override
    public String toString() {
        return "TokenConfig[hmacSecretKey=" + Redact.secret(hmacSecretKey) + ", hmacPreviousSecretKey="
                + Redact.secret(hmacPreviousSecretKey) + ", hmacPreviousValidUntil="
                + hmacPreviousValidUntil.map(Instant::toString).orElse("") + ", rsaPublicKey="
                + rsaPublicKey.map(k -> "RSA " + k.getModulus().bitLength() + " bits").orElse("") + ", ecdsaPublicKey="
                + ecdsaPublicKey.map(k -> "EC " + k.getParams().getCurve().getField().getFieldSize() + " bits")
                .orElse("") + ", jwksPublicEndpoint=" + Redact.address(jwksPublicEndpoint) + ", audience=" + audience
                + ", audienceRegex=" + audienceRegex + ", issuer=" + issuer + ", issuerRegex=" + issuerRegex
                + ", userIdClaim=" + userIdClaim + ", maxLength=" + maxLength + ", jwks=" + jwks + "]";
    }

    /**
     * How the JWK set is fetched: in the background, never on a verifying thread.
     *
     * @param refreshInterval    how often the set is fetched again while all is well
     * @param minRefreshInterval the least time between two fetches; a token with an unknown {@code kid}, or a failed
     *                           fetch, brings the next fetch forward to no sooner than this
     * @param timeout            time allowed for one fetch, from connecting to the last byte
     * @param maxResponseSize    most bytes of the answer read; a longer answer fails the fetch
     */
    public record Jwks(Duration refreshInterval, Duration minRefreshInterval, Duration timeout, int maxResponseSize) {

        public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);
        public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(10);
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
        public static final int DEFAULT_MAX_RESPONSE_SIZE = 256 * 1024;

        public Jwks {
            requireNonNull(refreshInterval, "refreshInterval");
            requireNonNull(minRefreshInterval, "minRefreshInterval");
            requireNonNull(timeout, "timeout");
        }

        /** Returns the defaults. */
        public static Jwks defaults() {
            return new Jwks(DEFAULT_REFRESH_INTERVAL, DEFAULT_MIN_REFRESH_INTERVAL, DEFAULT_TIMEOUT,
                    DEFAULT_MAX_RESPONSE_SIZE);
        }
    }
}
