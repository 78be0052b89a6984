package io.presenced.client.ws;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code client.allowed_origins}: which {@code Origin} header values may open a connection. An empty list accepts
 * only requests without an {@code Origin} (non-browser clients); {@code *} in a pattern matches any characters, so
 * {@code *} alone accepts every origin. Matching ignores case. Thread-safe.
 */
final class OriginCheck {

    private final List<Pattern> allowed;

    OriginCheck(List<String> origins) {
        this.allowed = origins.stream().map(OriginCheck::compile).toList();
    }

    boolean accepts(String origin) {
        if (origin == null) {
            return true;
        }
        String o = origin.toLowerCase(Locale.ROOT);
        return allowed.stream().anyMatch(p -> p.matcher(o).matches());
    }

    private static Pattern compile(String glob) {
        List<String> parts = List.of(glob.toLowerCase(Locale.ROOT).split("\\*", -1));
        return Pattern.compile(String.join(".*", parts.stream().map(Pattern::quote).toList()));
    }
}
