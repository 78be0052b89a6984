package io.presenced.api.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Checks the API key of an HTTP call the way Centrifugo does: {@code X-API-Key: KEY}, or
 * {@code Authorization: apikey KEY} (scheme case-insensitive), or {@code ?api_key=KEY}. Keys are compared in
 * constant time. With no key configured every call is refused unless the API is insecure.
 */
final class ApiKeyAuth {

    private final byte[] key;
    private final boolean insecure;

    ApiKeyAuth(String key, boolean insecure) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.insecure = insecure;
    }

    /**
     * Returns whether the request carries the key. {@code uri} must have been checked already: decoding its
     * parameters throws {@link IllegalArgumentException} on a malformed escape.
     */
    boolean isAuthorized(HttpHeaders headers, QueryStringDecoder uri) {
        if (insecure) {
            return true;
        }
        if (key.length == 0) {
            return false;
        }
        String xApiKey = headers.get("X-API-Key");
        if (xApiKey != null) {
            return matches(xApiKey);
        }
        String authorization = headers.get("Authorization");
        if (authorization != null) {
            String[] parts = authorization.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equalsIgnoreCase("apikey") && matches(parts[1])) {
                return true;
            }
        }
        List<String> values = uri.parameters().get("api_key");
        return values != null && !values.isEmpty() && matches(values.get(0));
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(key, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
