package io.presenced.client.auth;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;

/** Test tokens signed by Nimbus itself, with payloads given as raw JSON so claims of any type can be written. */
final class TestTokens {

    static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private TestTokens() {
    }

    static String hmac(JWSAlgorithm alg, String secret, String payload) {
        try {
            if (alg.getRequirement() == null) {
                // Nimbus signs registered algorithms only: this one gets an HS256 signature under its own name.
                String hs = sign(JWSAlgorithm.HS256, null, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)),
                        payload);
                String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ("{\"alg\":\"" + alg.getName() + "\"}").getBytes(StandardCharsets.UTF_8));
                return header + hs.substring(hs.indexOf('.'));
            }
            return sign(alg, null, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), payload);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rsa(JWSAlgorithm alg, KeyPair pair, String kid, String payload) {
        return sign(alg, kid, new RSASSASigner((RSAPrivateKey) pair.getPrivate()), payload);
    }

    static String ec(JWSAlgorithm alg, KeyPair pair, String kid, String payload) {
        try {
            return sign(alg, kid, new ECDSASigner((ECPrivateKey) pair.getPrivate()), payload);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWSAlgorithm alg, String kid, JWSSigner signer, String payload) {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).keyID(kid).build(), new Payload(payload));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    static KeyPair rsaKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ecKeys(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns the public key as PEM, as an operator puts it in the config. */
    static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
