package io.presenced.client.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key bytes of an HMAC secret, as Nimbus takes them. HMAC itself pads a key shorter than the hash's block with
 * zero bytes (RFC 2104), so padding a short secret with zeros to 64 bytes yields the very same signatures, for
 * HS256 (64-byte blocks), HS384 and HS512 (128-byte blocks). That keeps secrets of any length working, as they do
 * in Centrifugo, where Nimbus alone refuses keys shorter than the hash (RFC 7518 §3.2).
 */
final class HmacKey {

    // The block size of SHA-256, and the longest minimum Nimbus asks (HS512: 512 bits).
    private static final int PADDED = 64;

    private HmacKey() {
    }

    /** Returns the secret's UTF-8 bytes, zero-padded to 64 bytes when shorter. */
    static byte[] of(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        return bytes.length >= PADDED ? bytes : Arrays.copyOf(bytes, PADDED);
    }
}
