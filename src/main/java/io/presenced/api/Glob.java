package io.presenced.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compiled channel pattern of the {@code channels} method.
 *
 * <p>Syntax: {@code *} matches any run of characters (the empty one too), {@code ?} exactly one character, and
 * {@code \} makes the next character literal. {@code [...]} matches one character from a class of characters
 * ({@code [abc]}) and ranges ({@code [a-z]}); a class that starts with {@code !} or {@code ^} matches one character
 * <em>not</em> in it ({@code [!a]} and {@code [^a]} mean the same). Inside a class {@code \} escapes too, so
 * {@code [\]\-]} holds {@code ]} and {@code -}; a {@code -} first or last is literal. Every other character,
 * {@code &} included, stands for itself: {@code [a&&b]} is the class of {@code a}, {@code &} and {@code b}. An empty
 * class ({@code []}, {@code [!]}), a reversed range ({@code [z-a]}), an unclosed {@code [} and a trailing {@code \}
 * are errors. The empty pattern matches every text.
 *
 * <p>Matching simulates the pattern's automaton over all its states at once (a bit set, one bit per state: the
 * number of non-star items matched so far; a star is a self-loop on its state). Each character of the text costs
 * O(m / 64) word operations for a pattern of m items, so a text of n characters costs O(n * (m / 64 + 1)), with no
 * backtracking and no recursion, whatever the pattern: {@code *a*a*a*a*b} costs the same as {@code chat:*}.
 * Compiling costs O(m * 128). Immutable and thread-safe; {@link #matches(String)} allocates three small arrays.
 */
final class Glob {

    private static final Glob EVERYTHING = new Glob(new Item[0], new long[] {1L});
    private static final int ASCII = 128;

    private final Item[] items;
    private final int words;
    // Bit j: state j loops on any character (a star follows the j-th item).
    private final long[] loops;
    // ascii[c] bit j: item j (0-based) accepts character c, for c < 128; other characters are looked up.
    private final long[][] ascii;

    private Glob(Item[] items, long[] loops) {
        this.items = items;
        this.words = loops.length;
        this.loops = loops;
        this.ascii = new long[ASCII][];
        for (int c = 0; c < ASCII; c++) {
            ascii[c] = mask(c);
        }
    }

    /**
     * Compiles {@code pattern}.
     *
     * @param field     the request field, named in errors
     * @param maxLength the longest pattern accepted, in UTF-8 bytes
     * @throws ApiException 107 naming {@code field} when the pattern is too long or malformed
     */
    static Glob compile(String pattern, String field, int maxLength) {
        int bytes = pattern.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxLength) {
            throw ApiException.badField(field, bytes + " bytes (expected: at most " + maxLength + ")");
        }
        if (pattern.isEmpty()) {
            return EVERYTHING;
        }
        List<Item> items = new ArrayList<>();
        List<Integer> starAfter = new ArrayList<>();
        int i = 0;
        while (i < pattern.length()) {
            int c = pattern.codePointAt(i);
            if (c == '*') {
                starAfter.add(items.size());
                i++;
            } else if (c == '?') {
                items.add(Item.ANY);
                i++;
            } else if (c == '[') {
                ClassParser p = new ClassParser(pattern, i, field);
                items.add(p.parse());
                i = p.end;
            } else if (c == '\\') {
                int next = i + 1;
                if (next >= pattern.length()) {
                    throw ApiException.badField(field, "ends with an escape character");
                }
                int escaped = pattern.codePointAt(next);
                items.add(Item.single(escaped));
                i = next + Character.charCount(escaped);
            } else {
                items.add(Item.single(c));
                i += Character.charCount(c);
            }
        }
        long[] loops = new long[(items.size() + 1 + 63) / 64];
        for (int state : starAfter) {
            loops[state >>> 6] |= 1L << (state & 63);
        }
        return new Glob(items.toArray(new Item[0]), loops);
    }

    /** Returns whether the whole of {@code text} matches. */
    boolean matches(String text) {
        if (this == EVERYTHING) {
            return true;
        }
        long[] states = new long[words];
        long[] next = new long[words];
        long[] other = null;
        states[0] = 1L;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            long[] accept;
            if (c < ASCII) {
                accept = ascii[c];
            } else {
                other = other == null ? new long[words] : other;
                fillMask(c, other);
                accept = other;
            }
            // next = ((states & accept) << 1) | (states & loops), across words from the highest down.
            long any = 0;
            for (int w = words - 1; w >= 0; w--) {
                long shifted = (states[w] & accept[w]) << 1;
                if (w > 0) {
                    shifted |= (states[w - 1] & accept[w - 1]) >>> 63;
                }
                next[w] = shifted | (states[w] & loops[w]);
                any |= next[w];
            }
            if (any == 0) {
                return false;
            }
            long[] t = states;
            states = next;
            next = t;
        }
        int last = items.length;
        return (states[last >>> 6] & (1L << (last & 63))) != 0;
    }

    private long[] mask(int c) {
        long[] m = new long[words];
        fillMask(c, m);
        return m;
    }

    private void fillMask(int c, long[] m) {
        Arrays.fill(m, 0L);
        for (int j = 0; j < items.length; j++) {
            if (items[j].accepts(c)) {
                m[j >>> 6] |= 1L << (j & 63);
            }
        }
    }

    /** One single-character item: a literal, {@code ?}, or a class of ranges, possibly negated. */
    private record Item(int[] ranges, boolean negated) {

        static final Item ANY = new Item(new int[0], true);

        static Item single(int c) {
            return new Item(new int[] {c, c}, false);
        }

        boolean accepts(int c) {
            for (int r = 0; r < ranges.length; r += 2) {
                if (c >= ranges[r] && c <= ranges[r + 1]) {
                    return !negated;
                }
            }
            return negated;
        }
    }

    /** Reads one {@code [...]} class starting at {@code start}; {@link #end} is the index after its {@code ]}. */
    private static final class ClassParser {

        private final String pattern;
        private final int start;
        private final String field;
        private int end;

        ClassParser(String pattern, int start, String field) {
            this.pattern = pattern;
            this.start = start;
            this.field = field;
        }

        Item parse() {
            int i = start + 1;
            boolean negated = i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^');
            if (negated) {
                i++;
            }
            List<Integer> ranges = new ArrayList<>();
            while (true) {
                if (i >= pattern.length()) {
                    throw ApiException.badField(field, "unclosed [ at " + start);
                }
                int c = pattern.codePointAt(i);
                if (c == ']') {
                    end = i + 1;
                    break;
                }
                int[] lo = literal(i);
                i = lo[1];
                int high = lo[0];
                if (i + 1 < pattern.length() && pattern.charAt(i) == '-' && pattern.charAt(i + 1) != ']') {
                    int[] hi = literal(i + 1);
                    high = hi[0];
                    if (high < lo[0]) {
                        throw ApiException.badField(field, "range " + pattern.substring(lo[2], hi[1]) + " at "
                                + lo[2] + " is reversed (expected: low-high)");
                    }
                    i = hi[1];
                }
                ranges.add(lo[0]);
                ranges.add(high);
            }
            if (ranges.isEmpty()) {
                throw ApiException.badField(field, "empty class at " + start + " (expected: at least one character)");
            }
            return new Item(ranges.stream().mapToInt(Integer::intValue).toArray(), negated);
        }

        // Returns {code point, index after it, index where it started}, reading a \ escape.
        private int[] literal(int i) {
            int from = i;
            if (pattern.charAt(i) == '\\') {
                i++;
                if (i >= pattern.length()) {
                    throw ApiException.badField(field, "ends with an escape character");
                }
            }
            int c = pattern.codePointAt(i);
            return new int[] {c, i + Character.charCount(c), from};
        }
    }
}
