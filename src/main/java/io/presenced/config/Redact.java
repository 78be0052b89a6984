package io.presenced.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Masks secrets before a value reaches a log line or an error message.
 */
public final class Redact {

    private Redact() {
    }

    /**
     * Returns {@code address} with any password in its user-info part replaced by {@code ***}, and any query or
     * fragment (which may carry a password or a token) replaced by {@code ?…}.
     */
    public static String address(String address) {
        int query = firstOf(address, '?', '#');
        if (query >= 0) {
            address = address.substring(0, query) + "?…";
        }
        int scheme = address.indexOf("://");
        int at = address.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return address;
        }
        String userInfo = address.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String masked = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return address.substring(0, scheme + 3) + masked + address.substring(at);
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /** Returns the masked addresses as a list literal. */
    public static String addresses(List<String> addresses) {
        return addresses.stream().map(Redact::address).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Returns {@code ***} for a non-empty secret and an empty string otherwise. */
    public static String secret(String secret) {
        return secret == null || secret.isEmpty() ? "" : "***";
    }
}
