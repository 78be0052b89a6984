package io.presenced.fuzz;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Value generators shared by the fuzz properties: odd strings (control characters, NUL, unpaired surrogates,
 * right-to-left marks, emoji, over-long values), odd JSON (every type, extreme numbers, deep nesting) as text,
 * and the identifiers the API takes (users, clients, channels, channel patterns).
 */
final class FuzzInputs {

    private static final int ABBREVIATE_AT = 300;

    private static final String[] ODD_TOKENS = {
        "\u0000", "\u0001", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u00a0", "\u00ad",
        "\ud800", "\udbff", "\udc00", "\udfff", "?", "\ufffd", "\ufeff", "\uffff", "\ufffe",
        "\u200b", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066", "\u0301", "e\u0301",
        "\ud83d\ude00", "\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67", "\ud835\udd4f", "\u65e5\u672c", "\u00e9",
        "\"", "\\", "/", "'", "<", "%", "%zz", "%00", "{", "}", "[", "]", ":", ",", "*", " ", "$", "#", "", "a"};

    private static final String[] NUMBERS = {
        "0", "-0", "1", "-1", "1.5", "-0.0", "1e308", "-1e308", "1e309", "4.9e-324", "1e-400", "0.1e1", "1E+2",
        "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "123456789012345678901234567890123456789",
        "1" + "0".repeat(400), "0." + "0".repeat(400) + "1", "15", "16", "17", "4", "5", "8", "9", "10"};

    private FuzzInputs() {
    }

    /** Short ids of letters and digits, the ordinary case. */
    static Arbitrary<String> plainIds() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(8);
    }

    /** Odd strings: plain ids, runs of odd characters, any BMP characters, and values around the length limits. */
    static Arbitrary<String> oddStrings() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, plainIds()),
                Tuple.of(4, Arbitraries.of(ODD_TOKENS).list().ofMinSize(1).ofMaxSize(6)
                        .map(l -> String.join("", l))),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(1, longStrings()));
    }

    /** Strings for list items: like {@link #oddStrings()}, without the long ones (lists can be long). */
    static Arbitrary<String> shortOddStrings() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, plainIds()),
                Tuple.of(4, Arbitraries.of(ODD_TOKENS).list().ofMinSize(1).ofMaxSize(6)
                        .map(l -> String.join("", l))),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(12)));
    }

    /** One character repeated to around the 256-byte id limit and far beyond it. */
    static Arbitrary<String> longStrings() {
        return Combinators.combine(Arbitraries.of("a", "\u00e9", "\ud83d\ude00", "\u0000", "?", "\ud800"),
                Arbitraries.of(107, 108, 255, 256, 257, 4097)).as(String::repeat);
    }

    /** Channel names: valid ones in each kind of namespace, unknown namespaces, odd strings, limit lengths. */
    static Arbitrary<String> channels() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, plainIds().map(s -> "chat:" + s)),
                Tuple.of(1, plainIds().map(s -> "$chat:" + s)),
                Tuple.of(1, plainIds().map(s -> "quiet:" + s)),
                Tuple.of(1, plainIds().map(s -> "nope:" + s)),
                Tuple.of(1, plainIds()),
                Tuple.of(2, oddStrings().map(s -> "chat:" + s)),
                Tuple.of(2, oddStrings()),
                Tuple.of(1, Arbitraries.of(FuzzTarget.LONG_CHANNEL, ":", "$", "chat:", "$:", "::",
                        "chat:" + "x".repeat(102),
                        "chat:" + "x".repeat(103), "chat:" + "x".repeat(5000))));
    }

    /**
     * Patterns for {@code channels}: random globs over the metacharacters, odd strings, and star-heavy patterns
     * that a backtracking matcher takes exponential time on against {@link FuzzTarget#LONG_CHANNEL}. At most six
     * stars: enough to show the blow-up while keeping the CPU a stuck call burns to seconds.
     */
    static Arbitrary<String> patterns() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().withChars("*?[]!\\-^&az:1").ofMaxLength(12)),
                Tuple.of(2, oddStrings()),
                Tuple.of(1, Arbitraries.integers().between(1, 5).map(k -> "*a".repeat(k) + "*b")),
                Tuple.of(1, Arbitraries.of("", "*", "chat:*", "[z-a]", "[!]", "[]", "[]]", "[^a]", "[a&&b]",
                        "[[:alpha:]]", "\\", "a\\", "[", "*".repeat(64), "?".repeat(200), "chat:[a-",
                        "a".repeat(70_000))));
    }

    /** Any JSON value as text: scalars of every type, odd strings, extreme numbers, nested lists and objects. */
    static Arbitrary<String> jsonValues() {
        Arbitrary<String> scalars = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of("null", "true", "false")),
                Tuple.of(2, Arbitraries.of(NUMBERS)),
                Tuple.of(1, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(4, shortOddStrings().map(FuzzInputs::quote)),
                Tuple.of(1, longStrings().map(FuzzInputs::quote)));
        Arbitrary<String> nested = Arbitraries.recursive(() -> scalars, FuzzInputs::containersOf, 0, 3);
        return Arbitraries.frequencyOf(
                Tuple.of(30, nested),
                Tuple.of(1, Arbitraries.of(10, 500, 1000, 1001, 5000).map(n -> "[".repeat(n) + "]".repeat(n))),
                Tuple.of(1, Arbitraries.of(10, 500, 1001, 5000)
                        .map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n))));
    }

    private static Arbitrary<String> containersOf(Arbitrary<String> values) {
        return Arbitraries.oneOf(
                values.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]"),
                Combinators.combine(oddStrings().map(FuzzInputs::quote), values)
                        .as((k, v) -> k + ":" + v).list().ofMaxSize(4).map(l -> "{" + String.join(",", l) + "}"));
    }

    /** A JSON list of the given values, sometimes at or over the 1000-item limits (of short plain ids). */
    static Arbitrary<String> listOf(Arbitrary<String> jsonItems) {
        return Arbitraries.frequencyOf(
                Tuple.of(12, jsonItems.list().ofMaxSize(5).map(FuzzInputs::jsonList)),
                Tuple.of(1, Combinators.combine(plainIds(), Arbitraries.of(1000, 1001))
                        .as((item, n) -> jsonList(java.util.Collections.nCopies(n, quote(item))))));
    }

    static String jsonList(List<String> items) {
        return "[" + String.join(",", items) + "]";
    }

    /**
     * Returns {@code s} as a JSON string literal with every character outside printable ASCII written as a
     * {@code \}{@code uXXXX} escape, so unpaired surrogates reach the server's JSON parser intact.
     */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Returns a JSON object of the given {@code "name":value} members. */
    static String object(List<String> members) {
        List<String> present = new ArrayList<>();
        for (String m : members) {
            if (!m.isEmpty()) {
                present.add(m);
            }
        }
        return "{" + String.join(",", present) + "}";
    }

    /** Returns {@code s} with characters outside printable ASCII escaped and cut to a readable length. */
    static String abbreviate(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < ABBREVIATE_AT; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.length() >= ABBREVIATE_AT ? out + "...(" + s.length() + " chars)" : out.toString();
    }
}
