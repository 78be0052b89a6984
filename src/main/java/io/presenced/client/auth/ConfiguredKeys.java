package io.presenced.client.auth;

import static io.presenced.client.auth.SignatureKeys.algName;
import static io.presenced.client.auth.SignatureKeys.invalid;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;

import io.presenced.config.TokenConfig;

/**
 * Keys given in the configuration: an HMAC secret (and the previous one during a rotation), an RSA and an ECDSA
 * public key. The token's {@code alg} picks the key, and only the key of that family is ever tried, so an RSA
 * public key can never serve as an HMAC secret.
 */
final class ConfiguredKeys implements SignatureKeys {

    private final String prefix;
    private final Optional<JWSVerifier> hmac;
    private final Optional<JWSVerifier> previousHmac;
    private final Instant previousValidUntil;
    private final Optional<JWSVerifier> rsa;
    private final Optional<JWSVerifier> ecdsa;
    private final Clock clock;

    /**
     * @param prefix the config prefix the keys come from ({@code client.token.}), for messages
     * @throws IllegalArgumentException when a key cannot be used (an unsupported curve); {@link io.presenced.config.ConfigLoader} refuses such configurations before this point
     */
    ConfiguredKeys(TokenConfig config, String prefix, Clock clock) {
        this.prefix = prefix;
        this.clock = clock;
        try {
            hmac = config.hmacSecretKey().isEmpty() ? Optional.empty()
                    : Optional.of(new MACVerifier(HmacKey.of(config.hmacSecretKey())));
            previousHmac = config.hmacPreviousSecretKey().isEmpty() ? Optional.empty()
                    : Optional.of(new MACVerifier(HmacKey.of(config.hmacPreviousSecretKey())));
            rsa = config.rsaPublicKey().map(RSASSAVerifier::new);
            ecdsa = config.ecdsaPublicKey().isEmpty() ? Optional.empty()
                    : Optional.of(new ECDSAVerifier(config.ecdsaPublicKey().get()));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(prefix + "*: unusable key (" + e.getMessage() + ")", e);
        }
        previousValidUntil = config.hmacPreviousValidUntil().orElse(Instant.MIN);
    }

    @Override
    public void verify(JWSObject jws) throws TokenException {
        JWSAlgorithm alg = jws.getHeader().getAlgorithm();
        if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
            JWSVerifier current = hmac.orElseThrow(() -> notConfigured(alg, "hmac_secret_key"));
            if (check(current, jws, "hmac_secret_key")) {
                return;
            }
            if (previousHmac.isPresent() && clock.instant().isBefore(previousValidUntil)
                    && check(previousHmac.get(), jws, "hmac_previous_secret_key")) {
                return;
            }
        } else if (isPkcs1(alg)) {
            if (!check(rsa.orElseThrow(() -> notConfigured(alg, "rsa_public_key")), jws, "rsa_public_key")) {
                throw invalid("signature does not verify with " + prefix + "rsa_public_key");
            }
            return;
        } else if (isEcdsa(alg)) {
            if (!check(ecdsa.orElseThrow(() -> notConfigured(alg, "ecdsa_public_key")), jws, "ecdsa_public_key")) {
                throw invalid("signature does not verify with " + prefix + "ecdsa_public_key");
            }
            return;
        } else {
            throw invalid(algName(alg) + " is not accepted (expected: HS256, HS384, HS512, RS256, RS384,"
                    + " RS512, ES256, ES384 or ES512)");
        }
        throw invalid("signature does not verify with " + prefix + "hmac_secret_key");
    }

    static boolean isPkcs1(JWSAlgorithm alg) {
        return alg.equals(JWSAlgorithm.RS256) || alg.equals(JWSAlgorithm.RS384) || alg.equals(JWSAlgorithm.RS512);
    }

    static boolean isEcdsa(JWSAlgorithm alg) {
        return alg.equals(JWSAlgorithm.ES256) || alg.equals(JWSAlgorithm.ES384) || alg.equals(JWSAlgorithm.ES512);
    }

    private boolean check(JWSVerifier verifier, JWSObject jws, String key) throws TokenException {
        try {
            return verifier.verify(jws.getHeader(), jws.getSigningInput(), jws.getSignature());
        } catch (JOSEException e) {
            throw invalid(algName(jws.getHeader().getAlgorithm()) + " does not fit " + prefix + key);
        }
    }

    private TokenException notConfigured(JWSAlgorithm alg, String key) {
        return invalid(algName(alg) + " is not accepted: " + prefix + key + " is not set");
    }
}
