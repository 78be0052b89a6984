package io.presenced.client.auth;

import static io.presenced.client.auth.TestTokens.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;

import io.presenced.config.ClientTokenConfig;
import io.presenced.config.TokenConfig;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

/**
 * Whatever a client sends as a token, the verifier answers with claims or a {@link TokenException}: never another
 * exception, and never claims for a token that is not the one that was signed.
 */
class TokenFuzzTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final JwtTokenVerifier VERIFIER = JwtTokenVerifier.create(
            new ClientTokenConfig(TokenConfig.hmac(SECRET), Optional.empty()), Clock.fixed(NOW, ZoneOffset.UTC));
    private static final List<String> CLAIMS = List.of("sub", "exp", "nbf", "iat", "aud", "iss", "jti", "info",
            "b64info", "channels", "subs", "expire_at", "meta", "channel", "client", "override", "b64data");
    private static final List<String> VALUES = List.of("null", "true", "0", "-1", "1.5", "1e400", "-1e400",
            "9223372036854775808", "\"\"", "\"x\"", "\"%%%\"", "\"eyJ9\"", "[]", "[1]", "[\"a\",\"a\"]", "{}",
            "{\"a\":{}}", "{\"a\":1}", "[[[[[[[[[[]]]]]]]]]]", "\"\\u0000\"", "4102444800", "1700000000");

    @Property(tries = 300)
    void anyTextIsAnsweredWithATokenException(@ForAll @StringLength(max = 400) String text) {
        assertThat(refusalOrClaims(text)).isInstanceOf(TokenException.class);
    }

    @Property(tries = 300)
    void anyThreeDottedPartsAreAnsweredWithATokenException(
            @ForAll @CharRange(from = '+', to = 'z') @StringLength(max = 120) String header,
            @ForAll @CharRange(from = '+', to = 'z') @StringLength(max = 120) String payload,
            @ForAll @CharRange(from = '+', to = 'z') @StringLength(max = 120) String signature) {
        assertThat(refusalOrClaims(header + "." + payload + "." + signature)).isInstanceOf(TokenException.class);
    }

    @Property(tries = 400)
    void aSignedTokenWithAnyClaimsIsAcceptedOrRefusedCleanly(@ForAll("payloads") String payload) {
        Object outcome = refusalOrClaims(TestTokens.hmac(JWSAlgorithm.HS256, SECRET, payload));
        assertThat(outcome).isInstanceOfAny(TokenException.class, ConnectionClaims.class);
    }

    /** Every position, every character from '-' to 'z': small enough to try all of them rather than a sample. */
    @Test
    void aValidTokenWithOneCharacterChangedIsRefusedUnlessItDecodesToTheSameBytes() {
        String token = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, "{\"sub\":\"42\",\"info\":{\"n\":1}}");
        int accepted = 0;
        for (int i = 0; i < token.length(); i++) {
            for (char c = '-'; c <= 'z'; c++) {
                if (c == token.charAt(i)) {
                    continue;
                }
                String changed = token.substring(0, i) + c + token.substring(i + 1);
                Object outcome = refusalOrClaims(changed);
                if (outcome instanceof ConnectionClaims claims) {
                    // Base64url's last character carries bits that decoding drops; only such a change may verify.
                    assertThat(decodedParts(changed)).as(changed).isEqualTo(decodedParts(token));
                    assertThat(claims.user()).isEqualTo("42");
                    accepted++;
                } else {
                    assertThat(outcome).as(changed).isInstanceOf(TokenException.class);
                }
            }
        }
        // The signature's 43rd character holds 4 bits of the 256 and 2 dropped bits: 3 other letters decode alike.
        assertThat(accepted).isEqualTo(3);
    }

    @Provide
    Arbitrary<String> payloads() {
        Arbitrary<String> member = Arbitraries.of(CLAIMS).flatMap(name -> Arbitraries.of(VALUES)
                .map(value -> "\"" + name + "\":" + value));
        return member.list().ofMaxSize(8).map(members -> "{" + String.join(",", members) + "}");
    }

    private static Object refusalOrClaims(String token) {
        try {
            return VERIFIER.verifyConnection(token);
        } catch (TokenException e) {
            return e;
        }
    }

    private static List<String> decodedParts(String token) {
        try {
            return Arrays.stream(token.split("\\.", -1))
                    .map(p -> Arrays.toString(Base64.getUrlDecoder().decode(p))).toList();
        } catch (IllegalArgumentException e) {
            return List.of("undecodable");
        }
    }
}
