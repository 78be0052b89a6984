package io.presenced.client.auth;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Issues HS256 connection tokens, as Centrifugo's {@code gentoken} does: for trying presenced, not for production. */
public final class HmacConnectionTokens {

    private HmacConnectionTokens() {
    }

    /**
     * Returns a compact HS256 JWT with {@code sub} = {@code user}, {@code iat} = {@code now} and {@code exp} =
     * {@code now + ttl}.
     *
     * @throws IllegalArgumentException when {@code secret} is empty or {@code ttl} is not positive
     */
    public static String sign(String secret, String user, Duration ttl, Instant now) {
        requireNonNull(user, "user");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new MACSigner(HmacKey.of(secret)));
        } catch (JOSEException e) {
            // Never the secret itself: the message is printed.
            throw new IllegalArgumentException("the HMAC secret cannot sign HS256 (expected: a non-empty secret)");
        }
        return jwt.serialize();
    }
}
