package io.presenced.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests in the Standard Webhooks scheme: {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">}. A secret written {@code whsec_<base64>} is used as the decoded bytes, any other as
 * its UTF-8 bytes.
 */
public final class WebhookSignature {

    private final byte[] key;

    /**
     * Creates a signer for {@code secret}.
     *
     * @throws IllegalArgumentException when the secret gives an empty key or its {@code whsec_} part is not base64;
     *                                  the message does not show the secret
     */
    public WebhookSignature(String secret) {
        try {
            this.key = secret.startsWith("whsec_")
                    ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
                    : secret.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret: whsec_ part is not base64");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("webhook secret: empty key");
        }
    }

    /** Returns the {@code webhook-signature} header value for one request. */
    public String sign(String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
        }
    }
}
