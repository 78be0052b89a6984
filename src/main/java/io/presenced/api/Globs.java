package io.presenced.api;

import java.util.regex.Pattern;

/**
 * Channel patterns of the {@code channels} method: {@code *} matches any run of characters, {@code ?} one
 * character, {@code [abc]} / {@code [a-z]} / {@code [!a]} a class, and {@code \} escapes the next character.
 */
final class Globs {

    private Globs() {
    }

    /** Returns the pattern as a regex, or {@code null} for an empty pattern (everything matches). */
    static Pattern compile(String glob, String field) {
        if (glob.isEmpty()) {
            return null;
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*':
                    re.append(".*");
                    break;
                case '?':
                    re.append('.');
                    break;
                case '\\':
                    if (++i >= glob.length()) {
                        throw ApiException.badField(field, "ends with an escape character");
                    }
                    re.append(Pattern.quote(String.valueOf(glob.charAt(i))));
                    break;
                case '[':
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        throw ApiException.badField(field, "unclosed [ at " + i);
                    }
                    String body = glob.substring(i + 1, close);
                    boolean negate = body.startsWith("!");
                    re.append('[').append(negate ? "^" : "")
                            .append(body.substring(negate ? 1 : 0).replace("\\", "\\\\").replace("[", "\\["))
                            .append(']');
                    i = close;
                    break;
                default:
                    re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
