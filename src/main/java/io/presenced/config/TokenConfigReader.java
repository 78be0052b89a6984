package io.presenced.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.jwk.Curve;

/**
 * Reads {@code client.token.*} and {@code client.subscription_token.*} (Centrifugo v6 names, plus presenced's own
 * size limit and JWKS fetch settings). Keys are parsed here, so a bad PEM or URL stops start-up naming its key.
 */
final class TokenConfigReader {

    /** Nimbus refuses shorter HMAC secrets (RFC 7518 §3.2: at least the hash size, 256 bits for HS256). */
    private static final Logger log = LoggerFactory.getLogger(TokenConfigReader.class);
    static final int RECOMMENDED_HMAC_SECRET_BYTES = 32;

    private TokenConfigReader() {
    }

    static ClientTokenConfig read(ConfigReader r) {
        TokenConfig connection = readOne(r, "client.token.");
        boolean subscriptionEnabled = r.bool("client.subscription_token.enabled", false);
        if (!subscriptionEnabled && !r.isSet("client.subscription_token")) {
            return new ClientTokenConfig(connection, Optional.empty());
        }
        // The block is validated even while disabled, so a typo surfaces before someone switches it on.
        TokenConfig s = readOne(r, "client.subscription_token.");
        if (subscriptionEnabled && !s.hasKeys()) {
            r.problem("client.subscription_token", "enabled without a key (expected: hmac_secret_key,"
                    + " rsa_public_key, ecdsa_public_key or jwks_public_endpoint)");
        }
        return new ClientTokenConfig(connection, subscriptionEnabled ? Optional.of(s) : Optional.empty());
    }

    private static TokenConfig readOne(ConfigReader r, String at) {
        String hmac = hmacSecret(r, at + "hmac_secret_key");
        String previous = hmacSecret(r, at + "hmac_previous_secret_key");
        Optional<Instant> validUntil = instant(r, at + "hmac_previous_secret_key_valid_until");
        if (!previous.isEmpty() && validUntil.isEmpty()) {
            r.problem(at + "hmac_previous_secret_key_valid_until", "missing (expected: an RFC 3339 time until which"
                    + " hmac_previous_secret_key is accepted)");
        } else if (previous.isEmpty() && validUntil.isPresent()) {
            r.problem(at + "hmac_previous_secret_key", "missing (expected: set with"
                    + " hmac_previous_secret_key_valid_until)");
        }
        Optional<RSAPublicKey> rsa = publicKey(r, at + "rsa_public_key", "RSA").map(RSAPublicKey.class::cast);
        Optional<ECPublicKey> ec = publicKey(r, at + "ecdsa_public_key", "EC").map(ECPublicKey.class::cast);
        if (ec.isPresent() && Curve.forECParameterSpec(ec.get().getParams()) == null) {
            r.problem(at + "ecdsa_public_key", "a key on an unsupported curve (expected: P-256, P-384 or P-521)");
        }
        String jwks = r.string(at + "jwks_public_endpoint", "");
        if (!jwks.isEmpty() && !isHttpUrl(jwks)) {
            r.problem(at + "jwks_public_endpoint", "\"" + Redact.address(jwks)
                    + "\" (expected: an http:// or https:// URL)");
        }
        String audience = r.string(at + "audience", "");
        String audienceRegex = regex(r, at + "audience_regex");
        String issuer = r.string(at + "issuer", "");
        String issuerRegex = regex(r, at + "issuer_regex");
        if (!audience.isEmpty() && !audienceRegex.isEmpty()) {
            r.problem(at + "audience_regex", "set beside audience (expected: one of them)");
        }
        if (!issuer.isEmpty() && !issuerRegex.isEmpty()) {
            r.problem(at + "issuer_regex", "set beside issuer (expected: one of them)");
        }
        String userIdClaim = r.string(at + "user_id_claim", TokenConfig.DEFAULT_USER_ID_CLAIM);
        if (userIdClaim.isEmpty()) {
            r.problem(at + "user_id_claim", "\"\" (expected: a claim name)");
            userIdClaim = TokenConfig.DEFAULT_USER_ID_CLAIM;
        }
        int maxLength = r.integer(at + "max_length", TokenConfig.DEFAULT_MAX_LENGTH, 256, 1 << 20);
        return new TokenConfig(hmac, previous, validUntil, rsa, ec, jwks, audience, audienceRegex, issuer,
                issuerRegex, userIdClaim, maxLength, readJwks(r, at));
    }

    private static TokenConfig.Jwks readJwks(ConfigReader r, String at) {
        TokenConfig.Jwks j = new TokenConfig.Jwks(
                r.duration(at + "jwks_refresh_interval", TokenConfig.Jwks.DEFAULT_REFRESH_INTERVAL,
                        Duration.ofSeconds(1)),
                r.duration(at + "jwks_min_refresh_interval", TokenConfig.Jwks.DEFAULT_MIN_REFRESH_INTERVAL,
                        Duration.ofMillis(100)),
                r.duration(at + "jwks_timeout", TokenConfig.Jwks.DEFAULT_TIMEOUT, Duration.ofMillis(10)),
                r.integer(at + "jwks_max_response_size", TokenConfig.Jwks.DEFAULT_MAX_RESPONSE_SIZE, 1024,
                        16 << 20));
        if (j.minRefreshInterval().compareTo(j.refreshInterval()) > 0) {
            r.problem(at + "jwks_min_refresh_interval", "\"" + Durations.format(j.minRefreshInterval())
                    + "\" (expected: <= jwks_refresh_interval)");
        }
        return j;
    }

    private static String hmacSecret(ConfigReader r, String key) {
        // Any length works, as in Centrifugo (see client.auth.HmacKey); a short one is only weaker, which is the
        // operator's call, so it is warned about, not refused.
        String secret = r.string(key, "");
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (!secret.isEmpty() && bytes < RECOMMENDED_HMAC_SECRET_BYTES) {
            log.warn("{} is {} bytes long; at least {} are recommended for HS256", key, bytes,
                    RECOMMENDED_HMAC_SECRET_BYTES);
        }
        return secret;
    }

    private static Optional<java.security.PublicKey> publicKey(ConfigReader r, String key, String algorithm) {
        String pem = r.string(key, "");
        if (pem.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PublicKeyPem.parse(pem, algorithm));
        } catch (IllegalArgumentException e) {
            r.problem(key, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(ConfigReader r, String key) {
        String text = r.string(key, "");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            r.problem(key, "\"" + text + "\" (expected: an RFC 3339 time such as \"2026-12-31T00:00:00Z\")");
            return Optional.empty();
        }
    }

    private static String regex(ConfigReader r, String key) {
        String regex = r.string(key, "");
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            r.problem(key, "\"" + regex + "\" (expected: a regular expression; " + e.getDescription() + ")");
            return "";
        }
        return regex;
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI u = new URI(url);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
