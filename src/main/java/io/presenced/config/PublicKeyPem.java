package io.presenced.config;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a public key from PEM text: a {@code PUBLIC KEY} block (X.509 SubjectPublicKeyInfo, what
 * {@code openssl pkey -pubout} writes) or a {@code CERTIFICATE} block, whose key is taken, as Centrifugo accepts.
 */
final class PublicKeyPem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private PublicKeyPem() {
    }

    /**
     * Returns the key of the first PEM block in {@code pem}.
     *
     * @param algorithm the JCA key algorithm expected: {@code RSA} or {@code EC}
     * @throws IllegalArgumentException with a message fit for a config problem (it never quotes the text)
     */
    static PublicKey parse(String pem, String algorithm) {
        Matcher m = BLOCK.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("not PEM (expected: a -----BEGIN PUBLIC KEY----- block, or a"
                    + " CERTIFICATE block)");
        }
        String type = m.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a " + type + " block that is not valid base64");
        }
        PublicKey key = switch (type) {
            case "PUBLIC KEY" -> decode(der, algorithm);
            case "CERTIFICATE" -> fromCertificate(der);
            default -> throw new IllegalArgumentException("a " + type + " block (expected: PUBLIC KEY or CERTIFICATE)");
        };
        if (!key.getAlgorithm().equals(algorithm)) {
            throw new IllegalArgumentException("a " + key.getAlgorithm() + " key (expected: an " + algorithm + " key)");
        }
        return key;
    }

    private static PublicKey decode(byte[] der, String algorithm) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a PUBLIC KEY block that is not an " + algorithm
                    + " public key (expected: an " + algorithm + " key in X.509 SubjectPublicKeyInfo form)");
        }
    }

    private static PublicKey fromCertificate(byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a CERTIFICATE block that is not a valid X.509 certificate");
        }
    }
}
