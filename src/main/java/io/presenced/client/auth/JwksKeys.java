package io.presenced.client.auth;

import static io.presenced.client.auth.SignatureKeys.algName;
import static io.presenced.client.auth.SignatureKeys.invalid;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import io.presenced.config.Redact;
import io.presenced.config.TokenConfig;
import io.presenced.httpclient.CappedBody;

/**
 * Keys from a JWKS endpoint. Verification only reads the cached set; the set is fetched on a scheduler: at start,
 * every {@code jwks_refresh_interval}, and sooner (but never twice within {@code jwks_min_refresh_interval}) after a
 * failed fetch or a token naming an unknown {@code kid}. A failed fetch keeps the keys it had. Tokens must name their
 * key with {@code kid}, so one token costs at most the keys sharing that kid.
 */
final class JwksKeys implements SignatureKeys, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);
    private static final int FAILURES_PER_WARNING = 10;

    private final URI endpoint;
    private final String shown;
    private final String prefix;
    private final TokenConfig.Jwks settings;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private volatile Map<String, List<JWSVerifier>> keys;
    // Touched on the scheduler's one thread only.
    private int failures;
    // Guarded by this.
    private long lastFetchNanos;
    private ScheduledFuture<?> next;
    private boolean closed;

    private JwksKeys(String endpoint, String prefix, TokenConfig.Jwks settings, HttpClient http,
                     ScheduledExecutorService scheduler) {
        this.endpoint = URI.create(endpoint);
        this.shown = Redact.address(endpoint);
        this.prefix = prefix;
        this.settings = settings;
        this.http = http;
        this.scheduler = scheduler;
        this.lastFetchNanos = System.nanoTime() - settings.minRefreshInterval().toNanos();
    }

    /** Creates the key source and starts its first fetch on {@code scheduler}. */
    static JwksKeys start(TokenConfig config, String prefix, HttpClient http, ScheduledExecutorService scheduler) {
        JwksKeys k = new JwksKeys(config.jwksPublicEndpoint(), prefix, config.jwks(), http, scheduler);
        k.schedule(0);
        return k;
    }

    @Override
    public void verify(JWSObject jws) throws TokenException {
        Map<String, List<JWSVerifier>> current = keys;
        if (current == null) {
            requestRefresh();
            throw invalid("no JWK set fetched yet from " + prefix + "jwks_public_endpoint");
        }
        JWSAlgorithm alg = jws.getHeader().getAlgorithm();
        if (!ConfiguredKeys.isPkcs1(alg) && !ConfiguredKeys.isEcdsa(alg)) {
            throw invalid(algName(alg) + " is not accepted with " + prefix + "jwks_public_endpoint (expected:"
                    + " RS256, RS384, RS512, ES256, ES384 or ES512)");
        }
        String kid = jws.getHeader().getKeyID();
        if (kid == null) {
            throw invalid("no kid in the header (expected with " + prefix + "jwks_public_endpoint)");
        }
        List<JWSVerifier> candidates = current.get(kid);
        if (candidates == null) {
            requestRefresh();
            throw invalid("kid is not in the JWK set of " + prefix + "jwks_public_endpoint");
        }
        for (JWSVerifier v : candidates) {
            if (v.supportedJWSAlgorithms().contains(alg) && check(v, jws)) {
                return;
            }
        }
        throw invalid("signature does not verify with the JWK set's key for that kid and " + algName(alg));
    }

    private static boolean check(JWSVerifier v, JWSObject jws) {
        try {
            return v.verify(jws.getHeader(), jws.getSigningInput(), jws.getSignature());
        } catch (JOSEException e) {
            return false;
        }
    }

    /** Brings the next fetch forward to now, or to {@code jwks_min_refresh_interval} after the last one. */
    synchronized void requestRefresh() {
        long earliest = lastFetchNanos + settings.minRefreshInterval().toNanos() - System.nanoTime();
        schedule(Math.max(0, earliest));
    }

    private synchronized void schedule(long delayNanos) {
        if (closed) {
            return;
        }
        if (next != null) {
            if (next.getDelay(TimeUnit.NANOSECONDS) <= delayNanos) {
                return;
            }
            next.cancel(false);
        }
        next = scheduler.schedule(this::fetch, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void fetch() {
        synchronized (this) {
            lastFetchNanos = System.nanoTime();
        }
        CompletableFuture<HttpResponse<byte[]>> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(settings.timeout())
                    .header("Accept", "application/json").GET().build();
            response = http.sendAsync(request, CappedBody.handler(settings.maxResponseSize()));
        } catch (RuntimeException e) {
            finish(null, e);
            return;
        }
        // HttpRequest.timeout ends at the headers; this bounds the body too.
        ScheduledFuture<?> deadline = scheduler.schedule(() -> response.cancel(true), settings.timeout().toNanos(),
                TimeUnit.NANOSECONDS);
        response.whenCompleteAsync((r, e) -> {
            deadline.cancel(false);
            finish(r, e);
        }, scheduler);
    }

    /** Takes the answer (or the failure) and always schedules the next fetch, whatever goes wrong here. */
    private void finish(HttpResponse<byte[]> r, Throwable e) {
        boolean ok = false;
        try {
            ok = e == null ? accept(r) : failed(describe(e));
        } catch (RuntimeException unexpected) {
            failed(describe(unexpected));
        } finally {
            synchronized (this) {
                next = null;
            }
            schedule((ok ? settings.refreshInterval() : settings.minRefreshInterval()).toNanos());
        }
    }

    private boolean accept(HttpResponse<byte[]> r) {
        if (r.statusCode() != 200) {
            return failed("HTTP " + r.statusCode());
        }
        JWKSet set;
        try {
            set = JWKSet.parse(new String(r.body(), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            return failed("the answer is not a JWK set");
        }
        Map<String, List<JWSVerifier>> byKid = new HashMap<>();
        int skipped = 0;
        for (JWK jwk : set.getKeys()) {
            JWSVerifier v = jwk.getKeyID() == null || KeyUse.ENCRYPTION.equals(jwk.getKeyUse()) ? null
                    : verifierFor(jwk);
            if (v == null) {
                skipped++;
            } else {
                byKid.computeIfAbsent(jwk.getKeyID(), k -> new ArrayList<>()).add(v);
            }
        }
        Map<String, List<JWSVerifier>> previous = keys;
        keys = Map.copyOf(byKid);
        if (failures > 0) {
            log.info("[jwks {}] fetched again after {} failed attempts", shown, failures);
            failures = 0;
        }
        if (previous == null || !previous.keySet().equals(byKid.keySet())) {
            log.info("[jwks {}] {} usable keys, kids {}{}", shown, byKid.size(), byKid.keySet(),
                    skipped == 0 ? "" : "; " + skipped + " keys skipped (no kid, encryption keys, or a type other"
                            + " than RSA and EC on P-256/384/521)");
        }
        return true;
    }

    private static JWSVerifier verifierFor(JWK jwk) {
        try {
            if (jwk instanceof RSAKey rsa) {
                return new RSASSAVerifier(rsa);
            }
            if (jwk instanceof ECKey ec) {
                return new ECDSAVerifier(ec);
            }
        } catch (JOSEException e) {
            return null;
        }
        return null;
    }

    private boolean failed(String why) {
        failures++;
        // An endpoint that stays down is retried every jwks_min_refresh_interval; one line in ten says so.
        if (failures % FAILURES_PER_WARNING != 1) {
            log.debug("[jwks {}] fetch failed again ({} in a row): {}", shown, failures, why);
            return false;
        }
        Map<String, List<JWSVerifier>> current = keys;
        log.warn("[jwks {}] fetch failed ({} in a row): {}; {}, next attempt in {} ms", shown, failures, why,
                current == null ? "no keys yet" : "keeping the " + current.size() + " cached kids",
                settings.minRefreshInterval().toMillis());
        return false;
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof CancellationException) {
            return "no complete answer within the timeout";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel(false);
        }
    }
}
