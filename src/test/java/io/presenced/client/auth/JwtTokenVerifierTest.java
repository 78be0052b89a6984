package io.presenced.client.auth;

import static io.presenced.client.auth.TestTokens.SECRET;
import static io.presenced.client.auth.TestTokens.hmac;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nimbusds.jose.JWSAlgorithm;

import io.presenced.config.ConfigLoader;
import io.presenced.testing.MutableClock;

class JwtTokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final long NOW_S = NOW.getEpochSecond();
    private static final KeyPair RSA = TestTokens.rsaKeys();
    private static final KeyPair OTHER_RSA = TestTokens.rsaKeys();
    private static final KeyPair P256 = TestTokens.ecKeys("secp256r1");
    private static final KeyPair P384 = TestTokens.ecKeys("secp384r1");
    private static final KeyPair P521 = TestTokens.ecKeys("secp521r1");

    private final MutableClock clock = new MutableClock(NOW);

    private JwtTokenVerifier verifier(String clientJson) {
        String json = "{\"client\":" + clientJson + "}";
        return JwtTokenVerifier.create(ConfigLoader.fromJson(json, Map.of()).clientToken(), clock);
    }

    private JwtTokenVerifier hmacVerifier() {
        return verifier("{\"token\":{\"hmac_secret_key\":\"" + SECRET + "\"}}");
    }

    private static String json(String s) {
        return JsonMapper.builder().build().valueToTree(s).toString();
    }

    private static String user(String sub) {
        return "{\"sub\":\"" + sub + "\",\"exp\":" + (NOW_S + 3600) + "}";
    }

    private static void assertRefused(ThrowingCallable call, TokenException.Kind kind, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TokenException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void acceptsAnHs256TokenAndReturnsItsClaims() throws TokenException {
        String token = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"42\",\"exp\":" + (NOW_S + 60)
                + ",\"info\":{\"name\":\"Ann\",\"score\":1.50},\"channels\":[\"a\",\"b\"],"
                + "\"subs\":{\"b\":{},\"c\":{\"info\":{\"x\":1}}}}");
        ConnectionClaims c = hmacVerifier().verifyConnection(token);
        assertThat(c.user()).isEqualTo("42");
        assertThat(c.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW_S + 60));
        assertThat(new String(c.info(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"Ann\",\"score\":1.50}");
        assertThat(c.channels()).containsExactly("a", "b", "c");
    }

    @Test
    void readsTheOptionsOfEachServerSideSubscription() throws TokenException {
        String token = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"42\",\"channels\":[\"a\",\"b\"],\"subs\":{"
                + "\"b\":{\"info\":{\"seat\":3},\"data\":{\"hi\":1},\"override\":{\"presence\":{\"value\":false},"
                + "\"join_leave\":{\"value\":true},\"force_push_join_leave\":{\"value\":true}}},"
                + "\"c\":{\"b64info\":\"eyJ4IjoxfQ==\",\"b64data\":\"AQI=\"},\"d\":null}}");
        List<ServerSubscription> subs = hmacVerifier().verifyConnection(token).subscriptions();
        assertThat(subs).extracting(ServerSubscription::channel).containsExactly("a", "b", "c", "d");
        assertThat(subs.get(0)).isEqualTo(ServerSubscription.of("a"));
        ServerSubscription b = subs.get(1);
        assertThat(new String(b.info(), StandardCharsets.UTF_8)).isEqualTo("{\"seat\":3}");
        assertThat(new String(b.data(), StandardCharsets.UTF_8)).isEqualTo("{\"hi\":1}");
        assertThat(b.presence()).isFalse();
        assertThat(b.forcePushJoinLeave()).isTrue();
        ServerSubscription c = subs.get(2);
        assertThat(new String(c.info(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
        assertThat(c.data()).containsExactly(1, 2);
        assertThat(c.presence()).isNull();
        assertThat(subs.get(3)).isEqualTo(ServerSubscription.of("d"));
    }

    @Test
    void acceptsHs384AndHs512TokensSignedWithTheSecret() throws TokenException {
        JwtTokenVerifier v = hmacVerifier();
        assertThat(v.verifyConnection(hmac(JWSAlgorithm.HS384, SECRET, user("a"))).user()).isEqualTo("a");
        assertThat(v.verifyConnection(hmac(JWSAlgorithm.HS512, SECRET, user("b"))).user()).isEqualTo("b");
    }

    @Test
    void refusesAnHs512TokenSignedWithALongerSecretThanTheConfiguredPrefixOfIt() {
        String secret = SECRET.substring(0, 40);
        JwtTokenVerifier v = verifier("{\"token\":{\"hmac_secret_key\":\"" + secret + "\"}}");
        String token = hmac(JWSAlgorithm.HS512, SECRET, user("a"));
        assertRefused(() -> v.verifyConnection(token), TokenException.Kind.INVALID,
                "signature does not verify with client.token.hmac_secret_key");
    }

    @Test
    void refusesAnHmacTokenSignedWithAnotherSecret() {
        String token = hmac(JWSAlgorithm.HS256, SECRET.replace('0', 'x'), user("42"));
        assertRefused(() -> hmacVerifier().verifyConnection(token), TokenException.Kind.INVALID,
                "signature does not verify with client.token.hmac_secret_key");
    }

    @Test
    void refusesATokenWhosePayloadWasChangedAfterSigning() {
        String[] parts = hmac(JWSAlgorithm.HS256, SECRET, user("42")).split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(user("admin")
                .getBytes(StandardCharsets.UTF_8));
        String token = parts[0] + "." + forged + "." + parts[2];
        assertRefused(() -> hmacVerifier().verifyConnection(token), TokenException.Kind.INVALID,
                "signature does not verify");
    }

    @Test
    void refusesAnRsaTokenWhenOnlyAnHmacSecretIsSet() {
        String token = TestTokens.rsa(JWSAlgorithm.RS256, RSA, null, user("42"));
        assertRefused(() -> hmacVerifier().verifyConnection(token), TokenException.Kind.INVALID,
                "alg RS256 is not accepted: client.token.rsa_public_key is not set");
    }

    @Test
    void refusesAnHmacTokenKeyedWithThePublicRsaKeyText() {
        String pem = TestTokens.pem(RSA);
        JwtTokenVerifier v = verifier("{\"token\":{\"rsa_public_key\":" + json(pem) + "}}");
        String token = hmac(JWSAlgorithm.HS256, pem, user("42"));
        assertRefused(() -> v.verifyConnection(token), TokenException.Kind.INVALID,
                "alg HS256 is not accepted: client.token.hmac_secret_key is not set");
    }

    @Test
    void refusesAnUnsignedToken() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(
                StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(user("42").getBytes(
                StandardCharsets.UTF_8));
        assertRefused(() -> hmacVerifier().verifyConnection(header + "." + payload + "."),
                TokenException.Kind.INVALID, "not a signed JWT");
    }

    @Test
    void refusesAValidTokenWithACharacterOutsideTheBase64urlAlphabet() throws TokenException {
        String token = hmac(JWSAlgorithm.HS256, SECRET, user("42"));
        JwtTokenVerifier v = hmacVerifier();
        assertThat(v.verifyConnection(token).user()).isEqualTo("42");
        int end = token.length();
        for (String changed : List.of(token + "=", token.substring(0, end - 1) + "=", token + "\n",
                token.substring(0, 5) + "@" + token.substring(5), token.substring(0, 5) + "+" + token.substring(6),
                token + ".", "." + token, token.replace(".", ".."))) {
            assertRefused(() -> v.verifyConnection(changed), TokenException.Kind.INVALID, "not a signed JWT");
        }
    }

    @Test
    void acceptsRs256Rs384AndRs512TokensAndRefusesAnotherKeysSignature() throws TokenException {
        JwtTokenVerifier v = verifier("{\"token\":{\"rsa_public_key\":" + json(TestTokens.pem(RSA)) + "}}");
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512)) {
            assertThat(v.verifyConnection(TestTokens.rsa(alg, RSA, null, user("r"))).user()).isEqualTo("r");
        }
        String other = TestTokens.rsa(JWSAlgorithm.RS256, OTHER_RSA, null, user("r"));
        assertRefused(() -> v.verifyConnection(other), TokenException.Kind.INVALID,
                "signature does not verify with client.token.rsa_public_key");
        String pss = TestTokens.rsa(JWSAlgorithm.PS256, RSA, null, user("r"));
        assertRefused(() -> v.verifyConnection(pss), TokenException.Kind.INVALID, "alg PS256 is not accepted");
    }

    @Test
    void acceptsEs256Es384AndEs512TokensOnTheirCurves() throws TokenException {
        assertThat(verifier("{\"token\":{\"ecdsa_public_key\":" + json(TestTokens.pem(P256)) + "}}")
                .verifyConnection(TestTokens.ec(JWSAlgorithm.ES256, P256, null, user("e"))).user()).isEqualTo("e");
        assertThat(verifier("{\"token\":{\"ecdsa_public_key\":" + json(TestTokens.pem(P384)) + "}}")
                .verifyConnection(TestTokens.ec(JWSAlgorithm.ES384, P384, null, user("e"))).user()).isEqualTo("e");
        assertThat(verifier("{\"token\":{\"ecdsa_public_key\":" + json(TestTokens.pem(P521)) + "}}")
                .verifyConnection(TestTokens.ec(JWSAlgorithm.ES512, P521, null, user("e"))).user()).isEqualTo("e");
    }

    @Test
    void refusesAnEcdsaTokenOfAnotherKeyOrCurve() {
        JwtTokenVerifier v = verifier("{\"token\":{\"ecdsa_public_key\":" + json(TestTokens.pem(P384)) + "}}");
        String otherCurve = TestTokens.ec(JWSAlgorithm.ES256, P256, null, user("e"));
        assertRefused(() -> v.verifyConnection(otherCurve), TokenException.Kind.INVALID,
                "alg ES256 does not fit client.token.ecdsa_public_key");
        String otherKey = TestTokens.ec(JWSAlgorithm.ES384, TestTokens.ecKeys("secp384r1"), null, user("e"));
        assertRefused(() -> v.verifyConnection(otherKey), TokenException.Kind.INVALID,
                "signature does not verify with client.token.ecdsa_public_key");
    }

    @Test
    void anExpiredTokenIsExpiredNotInvalid() {
        String token = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"42\",\"exp\":" + NOW_S + "}");
        assertRefused(() -> hmacVerifier().verifyConnection(token), TokenException.Kind.EXPIRED, "exp has passed");
    }

    @Test
    void aTokenWhoseNbfLiesInTheFutureIsExpired() throws TokenException {
        String token = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"42\",\"nbf\":" + (NOW_S + 10) + "}");
        JwtTokenVerifier v = hmacVerifier();
        assertRefused(() -> v.verifyConnection(token), TokenException.Kind.EXPIRED, "nbf lies in the future");
        clock.advance(Duration.ofSeconds(10));
        assertThat(v.verifyConnection(token).user()).isEqualTo("42");
    }

    @Test
    void expireAtOverridesExpAndZeroMeansNever() throws TokenException {
        JwtTokenVerifier v = hmacVerifier();
        String later = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"exp\":" + (NOW_S + 60)
                + ",\"expire_at\":" + (NOW_S + 600) + "}");
        assertThat(v.verifyConnection(later).expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW_S + 600));
        String never = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"exp\":" + (NOW_S + 60)
                + ",\"expire_at\":0}");
        assertThat(v.verifyConnection(never).expiresAt()).isNull();
        String noExpiry = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\"}");
        assertThat(v.verifyConnection(noExpiry).expiresAt()).isNull();
        String passed = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"expire_at\":" + (NOW_S - 1) + "}");
        assertRefused(() -> v.verifyConnection(passed), TokenException.Kind.EXPIRED, "expire_at has passed");
    }

    @Test
    void audienceAndIssuerMustMatchWhenConfigured() throws TokenException {
        JwtTokenVerifier v = verifier("{\"token\":{\"hmac_secret_key\":\"" + SECRET
                + "\",\"audience\":\"presenced\",\"issuer\":\"https://auth.example\"}}");
        String good = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"aud\":[\"x\",\"presenced\"],"
                + "\"iss\":\"https://auth.example\"}");
        assertThat(v.verifyConnection(good).user()).isEqualTo("1");
        String wrongAud = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"aud\":\"other\","
                + "\"iss\":\"https://auth.example\"}");
        assertRefused(() -> v.verifyConnection(wrongAud), TokenException.Kind.INVALID,
                "claim aud: does not name client.token.audience");
        String wrongIss = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"aud\":\"presenced\","
                + "\"iss\":\"https://auth.example/\"}");
        assertRefused(() -> v.verifyConnection(wrongIss), TokenException.Kind.INVALID,
                "claim iss: does not equal client.token.issuer");
        String noIss = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"aud\":\"presenced\"}");
        assertRefused(() -> v.verifyConnection(noIss), TokenException.Kind.INVALID, "claim iss");
    }

    @Test
    void audienceAndIssuerRegexesMatchAnyPartOfTheValue() throws TokenException {
        JwtTokenVerifier v = verifier("{\"token\":{\"hmac_secret_key\":\"" + SECRET
                + "\",\"audience_regex\":\"^app-[0-9]+$\",\"issuer_regex\":\"example\\\\.com\"}}");
        String good = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"aud\":\"app-7\",\"iss\":\"a.example.com\"}");
        assertThat(v.verifyConnection(good).user()).isEqualTo("1");
        String badAud = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"aud\":\"app-x\",\"iss\":\"example.com\"}");
        assertRefused(() -> v.verifyConnection(badAud), TokenException.Kind.INVALID, "audience_regex");
        String badIss = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"aud\":\"app-1\",\"iss\":\"examplexcom\"}");
        assertRefused(() -> v.verifyConnection(badIss), TokenException.Kind.INVALID, "issuer_regex");
    }

    @Test
    void userIdClaimReplacesSub() throws TokenException {
        JwtTokenVerifier v = verifier("{\"token\":{\"hmac_secret_key\":\"" + SECRET
                + "\",\"user_id_claim\":\"user_id\"}}");
        String token = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"ignored\",\"user_id\":\"u-9\"}");
        assertThat(v.verifyConnection(token).user()).isEqualTo("u-9");
        String anonymous = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"ignored\"}");
        assertThat(v.verifyConnection(anonymous).user()).isEmpty();
    }

    @Test
    void b64infoIsDecodedAndWinsOverInfo() throws TokenException {
        String b64 = Base64.getEncoder().encodeToString("{\"from\":\"b64\"}".getBytes(StandardCharsets.UTF_8));
        String token = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"info\":{\"from\":\"json\"},"
                + "\"b64info\":\"" + b64 + "\"}");
        assertThat(new String(hmacVerifier().verifyConnection(token).info(), StandardCharsets.UTF_8))
                .isEqualTo("{\"from\":\"b64\"}");
        String bad = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"b64info\":\"%%%\"}");
        assertRefused(() -> hmacVerifier().verifyConnection(bad), TokenException.Kind.INVALID,
                "claim b64info: not valid base64");
    }

    @Test
    void aChannelClaimMakesAConnectionTokenInvalid() {
        String token = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"channel\":\"$private\"}");
        assertRefused(() -> hmacVerifier().verifyConnection(token), TokenException.Kind.INVALID,
                "claim channel: not allowed in a connection token");
    }

    @Test
    void refusesAnOversizedTokenBeforeParsingIt() {
        JwtTokenVerifier v = verifier("{\"token\":{\"hmac_secret_key\":\"" + SECRET + "\",\"max_length\":300}}");
        String big = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"info\":\"" + "x".repeat(400) + "\"}");
        assertRefused(() -> v.verifyConnection(big), TokenException.Kind.INVALID,
                "token of " + big.length() + " characters (expected: at most 300, client.token.max_length)");
        assertRefused(() -> v.verifyConnection("x".repeat(9000)), TokenException.Kind.INVALID, "at most 300");
    }

    @Test
    void refusesGarbageAsInvalid() {
        JwtTokenVerifier v = hmacVerifier();
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(user("1").getBytes(
                StandardCharsets.UTF_8));
        for (String garbage : List.of("", "abc", "a.b.c", "..", "....", "eyJ.eyJ.", "\u0000\u00ff.\n.\t",
                "eyJhbGciOiJIUzI1NiJ9." + payload + ".!!!", "a.b.c.d.e")) {
            assertRefused(() -> v.verifyConnection(garbage), TokenException.Kind.INVALID, "");
        }
    }

    @Test
    void refusesAPayloadThatIsNotOneJsonObject() {
        JwtTokenVerifier v = hmacVerifier();
        for (String payload : List.of("[]", "\"sub\"", "{\"sub\":\"1\"} {}", "{\"sub\":", "not json",
                "[".repeat(5000))) {
            String token = hmac(JWSAlgorithm.HS256, SECRET, payload);
            assertRefused(() -> v.verifyConnection(token), TokenException.Kind.INVALID, "payload is not");
        }
    }

    @Test
    void refusesClaimsOfTheWrongTypeNamingTheClaim() {
        JwtTokenVerifier v = hmacVerifier();
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{\"sub\":42}", "claim sub"),
                Map.entry("{\"exp\":\"tomorrow\"}", "claim exp"),
                Map.entry("{\"nbf\":true}", "claim nbf"),
                Map.entry("{\"iat\":[1]}", "claim iat"),
                Map.entry("{\"expire_at\":-1}", "claim expire_at"),
                Map.entry("{\"expire_at\":1.5}", "claim expire_at"),
                Map.entry("{\"aud\":5}", "claim aud"),
                Map.entry("{\"aud\":[\"a\",5]}", "claim aud"),
                Map.entry("{\"iss\":{}}", "claim iss"),
                Map.entry("{\"jti\":7}", "claim jti"),
                Map.entry("{\"channels\":\"a\"}", "claim channels"),
                Map.entry("{\"channels\":[\"a\",1]}", "claim channels"),
                Map.entry("{\"subs\":[\"a\"]}", "claim subs"),
                Map.entry("{\"subs\":{\"a\":1}}", "claim subs"),
                Map.entry("{\"subs\":{\"a\":{\"override\":1}}}", "claim subs"),
                Map.entry("{\"subs\":{\"a\":{\"override\":{\"presence\":true}}}}", "claim subs"),
                Map.entry("{\"subs\":{\"a\":{\"override\":{\"force_recovery\":{\"value\":1}}}}}", "claim subs"),
                Map.entry("{\"subs\":{\"a\":{\"b64data\":5}}}", "claim subs (data)"),
                Map.entry("{\"b64info\":5}", "claim b64info"),
                Map.entry("{\"meta\":\"x\"}", "claim meta"));
        cases.forEach((payload, claim) -> {
            String token = hmac(JWSAlgorithm.HS256, SECRET, payload);
            assertRefused(() -> v.verifyConnection(token), TokenException.Kind.INVALID, claim + ": wrong type");
        });
    }

    @Test
    void refusesEveryTokenWhenNoKeyIsConfigured() {
        JwtTokenVerifier v = verifier("{}");
        String token = hmac(JWSAlgorithm.HS256, SECRET, user("1"));
        assertRefused(() -> v.verifyConnection(token), TokenException.Kind.INVALID, "no key is configured");
    }

    @Test
    void refusalMessagesNeverContainTheTokenOrTheSecret() {
        JwtTokenVerifier v = hmacVerifier();
        String sneaky = "{\"alg\":\"HS256\",\"x\":\"SNEAKY-HEADER-VALUE\"";
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(sneaky.getBytes(
                StandardCharsets.UTF_8));
        List<String> tokens = List.of(hmac(JWSAlgorithm.HS256, "another-secret-that-is-32-bytes-long!", user("1")),
                hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"SNEAKY-HEADER-VALUE\",\"exp\":1}"),
                header + ".e30.AAAA", hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":[\"SNEAKY-HEADER-VALUE\"]}"),
                hmac(new JWSAlgorithm("SNEAKY-HEADER-VALUE"), SECRET, user("1")));
        for (String token : tokens) {
            assertThatThrownBy(() -> v.verifyConnection(token)).isInstanceOfSatisfying(TokenException.class, e ->
                    assertThat(e.getMessage()).doesNotContain(token).doesNotContain(token.split("\\.")[0])
                            .doesNotContain(SECRET).doesNotContain("SNEAKY-HEADER-VALUE"));
        }
    }

    @Test
    void aPreviousHmacSecretIsAcceptedUntilItsValidUntil() throws TokenException {
        String previous = SECRET.replace('a', 'p');
        JwtTokenVerifier v = verifier("{\"token\":{\"hmac_secret_key\":\"" + SECRET
                + "\",\"hmac_previous_secret_key\":\"" + previous
                + "\",\"hmac_previous_secret_key_valid_until\":\"2026-06-01T12:00:30Z\"}}");
        String old = hmac(JWSAlgorithm.HS256, previous, user("1"));
        assertThat(v.verifyConnection(old).user()).isEqualTo("1");
        assertThat(v.verifyConnection(hmac(JWSAlgorithm.HS256, SECRET, user("2"))).user()).isEqualTo("2");
        clock.advance(Duration.ofSeconds(30));
        assertRefused(() -> v.verifyConnection(old), TokenException.Kind.INVALID, "signature does not verify");
    }

    @Test
    void subscriptionTokensUseTheConnectionSettingsUnlessTheirOwnAreEnabled() throws TokenException {
        String sub = "{\"sub\":\"42\",\"channel\":\"$room\",\"client\":\"c-1\",\"exp\":" + (NOW_S + 60)
                + ",\"info\":{\"role\":\"mod\"},\"override\":{\"presence\":{\"value\":true}}}";
        SubscriptionClaims s = hmacVerifier().verifySubscription(hmac(JWSAlgorithm.HS256, SECRET, sub));
        assertThat(s.user()).isEqualTo("42");
        assertThat(s.channel()).isEqualTo("$room");
        assertThat(s.client()).isEqualTo("c-1");
        assertThat(s.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW_S + 60));
        assertThat(new String(s.info(), StandardCharsets.UTF_8)).isEqualTo("{\"role\":\"mod\"}");

        String subSecret = SECRET.replace('1', 's');
        JwtTokenVerifier own = verifier("{\"token\":{\"hmac_secret_key\":\"" + SECRET + "\"},"
                + "\"subscription_token\":{\"enabled\":true,\"hmac_secret_key\":\"" + subSecret
                + "\",\"audience\":\"subs\"}}");
        String withConnectionSecret = hmac(JWSAlgorithm.HS256, SECRET, sub);
        assertRefused(() -> own.verifySubscription(withConnectionSecret), TokenException.Kind.INVALID,
                "client.subscription_token.hmac_secret_key");
        String noAud = hmac(JWSAlgorithm.HS256, subSecret, sub);
        assertRefused(() -> own.verifySubscription(noAud), TokenException.Kind.INVALID,
                "client.subscription_token.audience");
        String good = hmac(JWSAlgorithm.HS256, subSecret, sub.replace("{\"sub\"", "{\"aud\":\"subs\",\"sub\""));
        assertThat(own.verifySubscription(good).channel()).isEqualTo("$room");
        assertThat(own.verifyConnection(hmac(JWSAlgorithm.HS256, SECRET, user("7"))).user()).isEqualTo("7");
    }

    @Test
    void aSubscriptionTokenNeedsAChannelAndValidTimes() {
        JwtTokenVerifier v = hmacVerifier();
        String noChannel = hmac(JWSAlgorithm.HS256, SECRET, user("1"));
        assertRefused(() -> v.verifySubscription(noChannel), TokenException.Kind.INVALID, "claim channel: missing");
        String expired = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"channel\":\"$a\",\"exp\":1}");
        assertRefused(() -> v.verifySubscription(expired), TokenException.Kind.EXPIRED, "exp has passed");
        String wrongClient = hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"1\",\"channel\":\"$a\",\"client\":1}");
        assertRefused(() -> v.verifySubscription(wrongClient), TokenException.Kind.INVALID, "claim client");
        String wrongOverride = hmac(JWSAlgorithm.HS256, SECRET, "{\"channel\":\"$a\",\"override\":true}");
        assertRefused(() -> v.verifySubscription(wrongOverride), TokenException.Kind.INVALID, "claim override");
    }

    // Signed by hand with the JDK's Mac, as any HMAC library signs: the key as it is, whatever its length.
    private static String jdkHmac(String jwsAlg, String macAlg, String secret, String payload) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(("{\"alg\":\"" + jwsAlg + "\",\"typ\":\"JWT\"}")
                .getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance(macAlg);
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), macAlg));
        return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void acceptsTokensSignedWithAShortSecretAsCentrifugoDoes() throws Exception {
        JwtTokenVerifier v = verifier("{\"token\":{\"hmac_secret_key\":\"s3cr3t\"}}");
        for (String[] alg : new String[][] {{"HS256", "HmacSHA256"}, {"HS384", "HmacSHA384"},
                {"HS512", "HmacSHA512"}}) {
            assertThat(v.verifyConnection(jdkHmac(alg[0], alg[1], "s3cr3t", user("7"))).user()).isEqualTo("7");
            assertThatThrownBy(() -> v.verifyConnection(jdkHmac(alg[0], alg[1], "s3cr3u", user("7"))))
                    .isInstanceOfSatisfying(TokenException.class,
                            e -> assertThat(e.kind()).isEqualTo(TokenException.Kind.INVALID));
        }
        // gentoken signs with the same key: what it prints verifies, and equals what any HMAC library makes.
        String signed = HmacConnectionTokens.sign("s3cr3t", "8", Duration.ofHours(1), NOW);
        assertThat(v.verifyConnection(signed).user()).isEqualTo("8");
    }
}
