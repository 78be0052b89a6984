package io.presenced.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;

import io.presenced.config.ConfigLoader;
import io.presenced.testing.JarProcess;

/** JWKS keys fetched from a real local HTTP server: served keys, rotation, outages and oversized answers. */
class JwksIT {

    private static final KeyPair RSA_1 = TestTokens.rsaKeys();
    private static final KeyPair RSA_2 = TestTokens.rsaKeys();
    private static final KeyPair P256 = TestTokens.ecKeys("secp256r1");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean stall;
    private HttpServer server;
    private JwtTokenVerifier verifier;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
            requests.incrementAndGet();
            try {
                if (stall) {
                    release.await();
                }
                byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status.get(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (verifier != null) {
            verifier.close();
        }
        server.stop(0);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    private JwtTokenVerifier verifier(String endpoint) {
        return verifier(endpoint, "200ms");
    }

    private JwtTokenVerifier verifier(String endpoint, String minRefreshInterval) {
        String json = "{\"client\":{\"token\":{\"jwks_public_endpoint\":\"" + endpoint + "\","
                + "\"jwks_refresh_interval\":\"1h\",\"jwks_min_refresh_interval\":\"" + minRefreshInterval + "\","
                + "\"jwks_timeout\":\"500ms\",\"jwks_max_response_size\":4096}}}";
        verifier = JwtTokenVerifier.create(ConfigLoader.fromJson(json, Map.of()).clientToken(), Clock.systemUTC());
        return verifier;
    }

    private static String keySet(JWK... keys) {
        return new JWKSet(List.of(keys)).toString();
    }

    private static JWK rsa(KeyPair pair, String kid) {
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build();
    }

    private static String token(KeyPair pair, String kid, String user) {
        return TestTokens.rsa(JWSAlgorithm.RS256, pair, kid, "{\"sub\":\"" + user + "\"}");
    }

    private static void assertInvalid(JwtTokenVerifier v, String token, String message) {
        assertThatThrownBy(() -> v.verifyConnection(token)).isInstanceOfSatisfying(TokenException.class, e -> {
            assertThat(e.kind()).isEqualTo(TokenException.Kind.INVALID);
            assertThat(e.getMessage()).contains(message);
        });
    }

    private static void awaitAccepted(JwtTokenVerifier v, String token, String user) {
        await().atMost(WAIT).ignoreException(TokenException.class)
                .untilAsserted(() -> assertThat(v.verifyConnection(token).user()).isEqualTo(user));
    }

    @Test
    void verifiesRsaAndEcTokensWithTheServedKeys() throws TokenException {
        body.set(keySet(rsa(RSA_1, "r1"),
                new ECKey.Builder(Curve.P_256, (ECPublicKey) P256.getPublic()).keyID("e1").build()));
        JwtTokenVerifier v = verifier(endpoint());
        awaitAccepted(v, token(RSA_1, "r1", "1"), "1");
        String ec = TestTokens.ec(JWSAlgorithm.ES256, P256, "e1", "{\"sub\":\"2\"}");
        assertThat(v.verifyConnection(ec).user()).isEqualTo("2");
        assertInvalid(v, token(RSA_2, "r1", "3"), "signature does not verify");
        assertInvalid(v, token(RSA_1, null, "4"), "no kid in the header");
        assertInvalid(v, TestTokens.hmac(JWSAlgorithm.HS256, TestTokens.SECRET, "{}"), "alg HS256 is not accepted");
    }

    @Test
    void picksUpARotatedKeyWhenATokenNamesAnUnknownKid() {
        body.set(keySet(rsa(RSA_1, "r1")));
        JwtTokenVerifier v = verifier(endpoint());
        awaitAccepted(v, token(RSA_1, "r1", "1"), "1");
        int fetched = requests.get();

        body.set(keySet(rsa(RSA_2, "r2")));
        String rotated = token(RSA_2, "r2", "2");
        assertInvalid(v, rotated, "kid is not in the JWK set");
        awaitAccepted(v, rotated, "2");
        assertThat(requests.get()).isGreaterThan(fetched);
        assertInvalid(v, token(RSA_1, "r1", "1"), "kid is not in the JWK set");
    }

    @Test
    void tokensWithUnknownKidsCannotMakeItFetchMoreOftenThanTheMinimumInterval() {
        body.set(keySet(rsa(RSA_1, "r1")));
        JwtTokenVerifier v = verifier(endpoint(), "1h");
        awaitAccepted(v, token(RSA_1, "r1", "1"), "1");
        for (int i = 0; i < 200; i++) {
            assertInvalid(v, token(RSA_2, "unknown-" + i, "2"), "kid is not in the JWK set");
        }
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> requests.get() == 1);
    }

    @Test
    void keepsTheCachedKeysWhileTheEndpointFails() throws TokenException {
        body.set(keySet(rsa(RSA_1, "r1")));
        JwtTokenVerifier v = verifier(endpoint());
        String good = token(RSA_1, "r1", "1");
        awaitAccepted(v, good, "1");

        status.set(500);
        int before = requests.get();
        assertInvalid(v, token(RSA_2, "r2", "2"), "kid is not in the JWK set");
        await().atMost(WAIT).until(() -> requests.get() > before);
        assertThat(v.verifyConnection(good).user()).isEqualTo("1");

        server.stop(0);
        assertInvalid(v, token(RSA_2, "r3", "3"), "kid is not in the JWK set");
        assertThat(v.verifyConnection(good).user()).isEqualTo("1");
    }

    @Test
    void refusesTokensWithoutWaitingWhileNoKeysHaveBeenFetched() {
        String nobody = "http://127.0.0.1:" + JarProcess.freePort() + "/jwks";
        JwtTokenVerifier down = verifier(nobody);
        assertTimeoutPreemptively(WAIT, () -> assertInvalid(down, token(RSA_1, "r1", "1"),
                "no JWK set fetched yet from client.token.jwks_public_endpoint"));
    }

    @Test
    void aStalledEndpointTimesOutAndIsTriedAgainWhileTokensAreRefusedAtOnce() {
        body.set(keySet(rsa(RSA_1, "r1")));
        stall = true;
        JwtTokenVerifier v = verifier(endpoint());
        String good = token(RSA_1, "r1", "1");
        assertTimeoutPreemptively(WAIT, () -> assertInvalid(v, good, "no JWK set fetched yet"));
        // A second request can only come after the first fetch gave up at jwks_timeout.
        await().atMost(WAIT).until(() -> requests.get() >= 2);
        stall = false;
        release.countDown();
        awaitAccepted(v, good, "1");
    }

    @Test
    void anOversizedAnswerIsRefusedAndTheNextSmallOneAccepted() {
        String padded = keySet(rsa(RSA_1, "r1"));
        body.set(padded.substring(0, padded.length() - 1) + " ".repeat(5000) + "}");
        JwtTokenVerifier v = verifier(endpoint());
        String good = token(RSA_1, "r1", "1");
        await().atMost(WAIT).until(() -> requests.get() >= 1);
        assertInvalid(v, good, "no JWK set fetched yet");

        body.set(padded);
        awaitAccepted(v, good, "1");
    }

    @Test
    void anAnswerThatIsNotAKeySetIsIgnored() {
        body.set("{\"keys\": \"nope\"}");
        JwtTokenVerifier v = verifier(endpoint());
        String good = token(RSA_1, "r1", "1");
        await().atMost(WAIT).until(() -> requests.get() >= 2);
        assertInvalid(v, good, "no JWK set fetched yet");
        body.set(keySet(rsa(RSA_1, "r1")));
        awaitAccepted(v, good, "1");
    }
}
