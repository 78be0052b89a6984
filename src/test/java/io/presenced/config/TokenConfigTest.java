package io.presenced.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.json.JsonMapper;

class TokenConfigTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!";

    private static String json(String s) {
        return JsonMapper.builder().build().valueToTree(s).toString();
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static KeyPair keys(String algorithm, int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(bits);
        return g.generateKeyPair();
    }

    @Test
    void defaultsAcceptNoTokenAndShareTheConnectionSettingsWithSubscriptions() {
        ClientTokenConfig c = ConfigLoader.fromJson("{}", Map.of()).clientToken();
        assertThat(c.connection().hasKeys()).isFalse();
        assertThat(c.connection().userIdClaim()).isEqualTo("sub");
        assertThat(c.connection().maxLength()).isEqualTo(8192);
        assertThat(c.connection().jwks()).isEqualTo(TokenConfig.Jwks.defaults());
        assertThat(c.subscription()).isEmpty();
        assertThat(c.forSubscriptions()).isSameAs(c.connection());
    }

    @Test
    void readsEveryKeyOfBothBlocks() throws Exception {
        KeyPair rsa = keys("RSA", 2048);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair p256 = ec.generateKeyPair();
        ClientTokenConfig c = ConfigLoader.fromJson("{\"client\":{\"token\":{\"hmac_secret_key\":\"" + SECRET + "\","
                + "\"hmac_previous_secret_key\":\"" + SECRET.toUpperCase() + "\","
                + "\"hmac_previous_secret_key_valid_until\":\"2026-12-31T00:00:00Z\","
                + "\"rsa_public_key\":" + json(pem(rsa)) + ",\"ecdsa_public_key\":" + json(pem(p256)) + ","
                + "\"audience\":\"a\",\"issuer\":\"i\",\"user_id_claim\":\"uid\",\"max_length\":1024},"
                + "\"subscription_token\":{\"enabled\":true,\"jwks_public_endpoint\":\"https://auth.example/jwks\","
                + "\"audience_regex\":\"^s\",\"issuer_regex\":\"x\",\"jwks_refresh_interval\":\"1m\","
                + "\"jwks_min_refresh_interval\":\"5s\",\"jwks_timeout\":\"2s\",\"jwks_max_response_size\":2048}}}",
                Map.of()).clientToken();
        TokenConfig t = c.connection();
        assertThat(t.hmacSecretKey()).isEqualTo(SECRET);
        assertThat(t.hmacPreviousValidUntil()).contains(Instant.parse("2026-12-31T00:00:00Z"));
        assertThat(t.rsaPublicKey()).contains((java.security.interfaces.RSAPublicKey) rsa.getPublic());
        assertThat(t.ecdsaPublicKey()).contains((java.security.interfaces.ECPublicKey) p256.getPublic());
        assertThat(t.audience()).isEqualTo("a");
        assertThat(t.issuer()).isEqualTo("i");
        assertThat(t.userIdClaim()).isEqualTo("uid");
        assertThat(t.maxLength()).isEqualTo(1024);
        TokenConfig s = c.subscription().orElseThrow();
        assertThat(c.forSubscriptions()).isSameAs(s);
        assertThat(s.usesJwks()).isTrue();
        assertThat(s.hmacSecretKey()).isEmpty();
        assertThat(s.audienceRegex()).isEqualTo("^s");
        assertThat(s.jwks()).isEqualTo(new TokenConfig.Jwks(Duration.ofMinutes(1), Duration.ofSeconds(5),
                Duration.ofSeconds(2), 2048));
    }

    @Test
    void aDisabledSubscriptionBlockIsValidatedButNotUsed() {
        ClientTokenConfig c = ConfigLoader.fromJson("{\"client\":{\"token\":{\"hmac_secret_key\":\"" + SECRET
                + "\"},\"subscription_token\":{\"hmac_secret_key\":\"" + SECRET.toUpperCase() + "\"}}}", Map.of())
                .clientToken();
        assertThat(c.subscription()).isEmpty();
        assertThat(c.forSubscriptions().hmacSecretKey()).isEqualTo(SECRET);
        assertThat(ConfigProblems.of("{\"client\":{\"subscription_token\":{"
                + "\"jwks_public_endpoint\":\"keys.example\"}}}")).containsExactly(
                        "client.subscription_token.jwks_public_endpoint: \"keys.example\" (expected: an http:// or"
                                + " https:// URL)");
    }

    @Test
    void theEnvironmentSetsTheSecretAndAPemKey() throws Exception {
        KeyPair rsa = keys("RSA", 2048);
        TokenConfig t = ConfigLoader.fromJson("{}", Map.of("PRESENCED_CLIENT_TOKEN_HMAC_SECRET_KEY", SECRET,
                "PRESENCED_CLIENT_TOKEN_RSA_PUBLIC_KEY", pem(rsa))).clientToken().connection();
        assertThat(t.hmacSecretKey()).isEqualTo(SECRET);
        assertThat(t.rsaPublicKey()).isPresent();
    }

    @Test
    void everyKeyProblemIsReportedAtOnceNamingItsKeyAndNeverTheSecret() throws Exception {
        KeyPair rsa = keys("RSA", 2048);
        String config = "{\"client\":{\"token\":{\"hmac_secret_key\":\"short-s3cr3t\","
                + "\"rsa_public_key\":\"not a pem\",\"ecdsa_public_key\":" + json(pem(rsa)) + ","
                + "\"jwks_public_endpoint\":\"ftp://user:pw@keys.example/jwks\",\"audience\":\"a\","
                + "\"audience_regex\":\"a\",\"issuer_regex\":\"(\",\"user_id_claim\":\"\",\"max_length\":10,"
                + "\"hmac_previous_secret_key_valid_until\":\"tomorrow\"},"
                + "\"subscription_token\":{\"enabled\":true}}}";
        assertThatThrownBy(() -> ConfigLoader.fromJson(config, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).containsExactlyInAnyOrder(
                            "client.token.hmac_previous_secret_key_valid_until: \"tomorrow\" (expected: an RFC 3339"
                                    + " time such as \"2026-12-31T00:00:00Z\")",
                            "client.token.rsa_public_key: not PEM (expected: a -----BEGIN PUBLIC KEY----- block, or"
                                    + " a CERTIFICATE block)",
                            "client.token.ecdsa_public_key: a PUBLIC KEY block that is not an EC public key"
                                    + " (expected: an EC key in X.509 SubjectPublicKeyInfo form)",
                            "client.token.jwks_public_endpoint: \"ftp://user:***@keys.example/jwks\" (expected: an"
                                    + " http:// or https:// URL)",
                            "client.token.issuer_regex: \"(\" (expected: a regular expression; Unclosed group)",
                            "client.token.audience_regex: set beside audience (expected: one of them)",
                            "client.token.user_id_claim: \"\" (expected: a claim name)",
                            "client.token.max_length: 10 (expected: an integer in 256..1048576)",
                            "client.subscription_token: enabled without a key (expected: hmac_secret_key,"
                                    + " rsa_public_key, ecdsa_public_key or jwks_public_endpoint)");
                    assertThat(e.getMessage()).doesNotContain("short-s3cr3t").doesNotContain(":pw@");
                });
    }

    @Test
    void aPreviousSecretNeedsItsValidUntilAndARotationWindowTheOther() {
        assertThat(ConfigProblems.of("{\"client\":{\"token\":{\"hmac_secret_key\":\"" + SECRET
                + "\",\"hmac_previous_secret_key\":\"" + SECRET + "\"}}}")).containsExactly(
                        "client.token.hmac_previous_secret_key_valid_until: missing (expected: an RFC 3339 time until"
                                + " which hmac_previous_secret_key is accepted)");
        assertThat(ConfigProblems.of("{\"client\":{\"token\":{"
                + "\"hmac_previous_secret_key_valid_until\":\"2026-01-01T00:00:00Z\"}}}")).containsExactly(
                        "client.token.hmac_previous_secret_key: missing (expected: set with"
                                + " hmac_previous_secret_key_valid_until)");
    }

    @Test
    void anRsaKeyGivenAsEcdsaIsRefusedAndACertificateIsAccepted() throws Exception {
        KeyPair rsa = keys("RSA", 2048);
        assertThat(ConfigProblems.of("{\"client\":{\"token\":{\"ecdsa_public_key\":"
                + json(pem(rsa).replace("PUBLIC KEY", "CERTIFICATE")) + "}}}")).containsExactly(
                        "client.token.ecdsa_public_key: a CERTIFICATE block that is not a valid X.509 certificate");
        assertThatThrownBy(() -> ConfigLoader.fromJson("{\"client\":{\"token\":{\"rsa_public_key\":"
                + json(pem(rsa).replace("MII", "!!!")) + "}}}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("client.token.rsa_public_key: not PEM");
    }

    @Test
    void describingTheConfigMasksSecretsAndEndpointCredentials() {
        TokenConfig t = ConfigLoader.fromJson("{\"client\":{\"token\":{\"hmac_secret_key\":\"" + SECRET + "\","
                + "\"jwks_public_endpoint\":\"https://u:p4ss@auth.example/jwks?token=t0k\"}}}", Map.of())
                .clientToken().connection();
        assertThat(t.toString()).contains("hmacSecretKey=***").doesNotContain(SECRET).doesNotContain("p4ss")
                .doesNotContain("t0k");
        assertThat(ConfigLoader.fromJson("{}", Map.of()).toString()).contains("TokenConfig[hmacSecretKey=,");
    }
}
