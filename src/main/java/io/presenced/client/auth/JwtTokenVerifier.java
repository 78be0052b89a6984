package io.presenced.client.auth;

import static io.presenced.client.auth.SignatureKeys.invalid;
import static java.util.Objects.requireNonNull;

import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSObject;

import io.presenced.config.ClientTokenConfig;
import io.presenced.config.TokenConfig;

/**
 * The {@link TokenVerifier} for JWTs as Centrifugo v6 accepts them (HS256/384/512, RS256/384/512, ES256/384/512,
 * or RSA/EC keys from a JWKS endpoint), with signatures checked by Nimbus JOSE+JWT.
 *
 * <p>A token is checked in this order: its length against {@code max_length}, its form, its signature, the types of
 * its claims, {@code aud} and {@code iss}, then {@code exp}, {@code nbf} and {@code expire_at} against the clock.
 * So an expired token ({@link TokenException.Kind#EXPIRED}) is always one that was otherwise valid.
 *
 * <p>Thread-safe. Verification is CPU only; a JWKS endpoint is fetched on this verifier's own daemon thread, which
 * {@link #close()} stops.
 */
public final class JwtTokenVerifier implements TokenVerifier, AutoCloseable {

    private static final String CONNECTION_PREFIX = "client.token.";
    private static final String SUBSCRIPTION_PREFIX = "client.subscription_token.";

    private final Rules connection;
    private final Rules subscription;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final List<JwksKeys> jwks = new ArrayList<>();

    private JwtTokenVerifier(ClientTokenConfig config, Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        boolean anyJwks = config.connection().usesJwks()
                || config.subscription().map(TokenConfig::usesJwks).orElse(false);
        scheduler = anyJwks ? newScheduler() : null;
        HttpClient http = anyJwks ? HttpClient.newBuilder().connectTimeout(config.connection().jwks().timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build() : null;
        connection = new Rules(config.connection(), CONNECTION_PREFIX, keys(config.connection(), CONNECTION_PREFIX,
                http));
        subscription = config.subscription().isEmpty() ? connection
                : new Rules(config.subscription().get(), SUBSCRIPTION_PREFIX,
                        keys(config.subscription().get(), SUBSCRIPTION_PREFIX, http));
    }

    /**
     * Creates a verifier; with a JWKS endpoint, its first fetch starts at once in the background, and until it
     * succeeds every token is refused as {@link TokenException.Kind#INVALID}.
     *
     * @throws IllegalArgumentException when a configured key cannot be used; configurations that
     *         {@link io.presenced.config.ConfigLoader} accepted never do this
     */
    public static JwtTokenVerifier create(ClientTokenConfig config, Clock clock) {
        return new JwtTokenVerifier(requireNonNull(config, "config"), clock);
    }

    private SignatureKeys keys(TokenConfig config, String prefix, HttpClient http) {
        if (config.usesJwks()) {
            JwksKeys k = JwksKeys.start(config, prefix, http, scheduler);
            jwks.add(k);
            return k;
        }
        return new ConfiguredKeys(config, prefix, clock);
    }

    private static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("presenced-jwks");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    @Override
    public ConnectionClaims verifyConnection(String token) throws TokenException {
        TokenClaims claims = connection.check(token);
        if (claims.has("channel")) {
            throw invalid("claim channel: not allowed in a connection token (it makes it a subscription token)");
        }
        String user = userOf(claims, connection);
        byte[] info = claims.info("info", "b64info");
        List<ServerSubscription> subscriptions = claims.serverSubscriptions();
        claims.requireObjectIfPresent("meta");
        Instant expiresAt = checkTime(claims);
        return new ConnectionClaims(user, expiresAt, info, subscriptions, claims.strings("watch"));
    }

    @Override
    public SubscriptionClaims verifySubscription(String token) throws TokenException {
        TokenClaims claims = subscription.check(token);
        String channel = claims.string("channel");
        if (channel == null || channel.isEmpty()) {
            throw invalid("claim channel: missing (expected: the channel the token grants)");
        }
        String user = userOf(claims, subscription);
        String client = claims.string("client");
        byte[] info = claims.info("info", "b64info");
        claims.string("b64data");
        claims.requireObjectIfPresent("override");
        Instant expiresAt = checkTime(claims);
        return new SubscriptionClaims(user, channel, client, expiresAt, info);
    }

    private static String userOf(TokenClaims claims, Rules rules) throws TokenException {
        String user = claims.string(rules.config.userIdClaim());
        return user == null ? "" : user;
    }

    /** Checks exp, nbf and expire_at; returns when the connection or subscription expires, null for never. */
    private Instant checkTime(TokenClaims claims) throws TokenException {
        Instant exp = claims.numericDate("exp");
        Instant nbf = claims.numericDate("nbf");
        claims.numericDate("iat");
        Instant expireAt = claims.expireAt();
        Instant now = clock.instant();
        if (exp != null && !exp.isAfter(now)) {
            throw new TokenException(TokenException.Kind.EXPIRED, "token expired (exp has passed)");
        }
        if (nbf != null && nbf.isAfter(now)) {
            throw new TokenException(TokenException.Kind.EXPIRED, "token not valid yet (nbf lies in the future)");
        }
        if (expireAt != null && !expireAt.isAfter(now)) {
            throw new TokenException(TokenException.Kind.EXPIRED, "token expired (expire_at has passed)");
        }
        return expireAt != null ? expireAt : claims.has("expire_at") ? null : exp;
    }

    /** Stops fetching JWK sets. Verification keeps working with what was fetched. */
    @Override
    public void close() {
        jwks.forEach(JwksKeys::close);
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** What one kind of token must satisfy before its claims are read. */
    private static final class Rules {

        private final TokenConfig config;
        private final String prefix;
        private final SignatureKeys keys;
        private final Pattern audienceRegex;
        private final Pattern issuerRegex;

        Rules(TokenConfig config, String prefix, SignatureKeys keys) {
            this.config = config;
            this.prefix = prefix;
            this.keys = keys;
            this.audienceRegex = config.audienceRegex().isEmpty() ? null : Pattern.compile(config.audienceRegex());
            this.issuerRegex = config.issuerRegex().isEmpty() ? null : Pattern.compile(config.issuerRegex());
        }

        /** Checks size, form, signature, aud and iss, and returns the claims to read. */
        TokenClaims check(String token) throws TokenException {
            if (token == null || token.isEmpty()) {
                throw invalid("empty token");
            }
            if (token.length() > config.maxLength()) {
                throw invalid("token of " + token.length() + " characters (expected: at most " + config.maxLength()
                        + ", " + prefix + "max_length)");
            }
            if (!config.hasKeys()) {
                throw invalid("no key is configured to verify it (" + prefix + "hmac_secret_key, rsa_public_key,"
                        + " ecdsa_public_key or jwks_public_endpoint)");
            }
            if (!isCompactSerialization(token)) {
                throw invalid("not a signed JWT (expected: base64url header.payload.signature, unpadded, with no"
                        + " other characters)");
            }
            JWSObject jws;
            try {
                jws = JWSObject.parse(token);
            } catch (ParseException e) {
                // Nimbus's message may quote parts of the header, so it is not passed on.
                throw invalid("not a signed JWT (expected: base64url header.payload.signature, the header naming a"
                        + " JWS alg)");
            }
            keys.verify(jws);
            TokenClaims claims = TokenClaims.parse(jws.getPayload().toBytes());
            checkAudience(claims.audience());
            checkIssuer(claims.string("iss"));
            claims.string("jti");
            return claims;
        }

        /**
         * Three non-empty runs of the base64url alphabet joined by two dots. Nimbus's decoder skips characters outside
         * the alphabet, so without this check a token with a stray character could verify as the one that was signed.
         */
        private static boolean isCompactSerialization(String token) {
            int dots = 0;
            int run = 0;
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c == '.') {
                    if (run == 0 || ++dots > 2) {
                        return false;
                    }
                    run = 0;
                } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                        || c == '_') {
                    run++;
                } else {
                    return false;
                }
            }
            return dots == 2 && run > 0;
        }

        private void checkAudience(List<String> aud) throws TokenException {
            if (!config.audience().isEmpty() && !aud.contains(config.audience())) {
                throw invalid("claim aud: does not name " + prefix + "audience");
            }
            if (audienceRegex != null && aud.stream().noneMatch(a -> audienceRegex.matcher(a).find())) {
                throw invalid("claim aud: no value matches " + prefix + "audience_regex");
            }
        }

        private void checkIssuer(String iss) throws TokenException {
            if (!config.issuer().isEmpty() && !config.issuer().equals(iss)) {
                throw invalid("claim iss: does not equal " + prefix + "issuer");
            }
            if (issuerRegex != null && (iss == null || !issuerRegex.matcher(iss).find())) {
                throw invalid("claim iss: does not match " + prefix + "issuer_regex");
            }
        }
    }
}
