package io.presenced.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;

class GlobTest {

    private static final int LIMIT = 512;

    private static boolean matches(String glob, String s) {
        return Glob.compile(glob, "pattern", LIMIT).matches(s);
    }

    @Test
    void supportsStarQuestionClassesAndEscapes() {
        assertThat(matches("chat:*", "chat:1")).isTrue();
        assertThat(matches("chat:*", "chat:")).isTrue();
        assertThat(matches("chat:*", "news:1")).isFalse();
        assertThat(matches("chat:?", "chat:12")).isFalse();
        assertThat(matches("chat:?", "chat:1")).isTrue();
        assertThat(matches("chat:[0-9]", "chat:7")).isTrue();
        assertThat(matches("chat:[!0-9]", "chat:7")).isFalse();
        assertThat(matches("chat:[!0-9]", "chat:x")).isTrue();
        assertThat(matches("a\\*b", "a*b")).isTrue();
        assertThat(matches("a\\*b", "axb")).isFalse();
        assertThat(matches("a.b", "axb")).isFalse();
        assertThat(matches("*a*b*", "xxaxxbxx")).isTrue();
        assertThat(matches("*a*b*", "xxbxxaxx")).isFalse();
    }

    @Test
    void emptyPatternMatchesEverything() {
        assertThat(matches("", "")).isTrue();
        assertThat(matches("", "chat:1")).isTrue();
    }

    @Test
    void caretNegatesLikeBangAndAmpersandIsLiteral() {
        assertThat(matches("[^a]", "a")).isFalse();
        assertThat(matches("[^a]", "b")).isTrue();
        assertThat(matches("[^a]", "^")).isTrue();
        assertThat(matches("[a&&b]", "&")).isTrue();
        assertThat(matches("[a&&b]", "a")).isTrue();
        assertThat(matches("[a&&b]", "b")).isTrue();
        assertThat(matches("[a&&b]", "c")).isFalse();
        assertThat(matches("a^b", "a^b")).isTrue();
    }

    @Test
    void escapesAndDashesInsideClassesAreLiteral() {
        assertThat(matches("[\\]\\-]", "]")).isTrue();
        assertThat(matches("[\\]\\-]", "-")).isTrue();
        assertThat(matches("[-a]", "-")).isTrue();
        assertThat(matches("[a-]", "-")).isTrue();
        assertThat(matches("[a-]", "b")).isFalse();
    }

    @Test
    void matchesCodePointsBeyondAsciiAndTheBasicPlane() {
        assertThat(matches("?", "\uD83D\uDE00")).isTrue();
        assertThat(matches("[\uD83D\uDE00-\uD83D\uDE4F]x", "\uD83D\uDE03x")).isTrue();
        assertThat(matches("é*", "été")).isTrue();
    }

    @Test
    void pathologicalPatternsAnswerCorrectly() {
        String channel = "chat:" + "a".repeat(200);
        assertThat(matches("*a*a*a*a*b", channel)).isFalse();
        assertThat(matches("*a*a*a*a*a*a*b", channel)).isFalse();
        assertThat(matches("*a*a*a*a*a*a*", channel)).isTrue();
        // "chat:" holds one a more.
        assertThat(matches("*a".repeat(201), channel)).isTrue();
        assertThat(matches("*a".repeat(202), channel)).isFalse();
    }

    @Test
    void rejectsMalformedPatternsNamingTheField() {
        assertThatThrownBy(() -> Glob.compile("x[", "pattern", LIMIT))
                .hasMessage("bad request: pattern: unclosed [ at 1");
        assertThatThrownBy(() -> Glob.compile("x\\", "pattern", LIMIT))
                .hasMessage("bad request: pattern: ends with an escape character");
        assertThatThrownBy(() -> Glob.compile("[z-a]", "pattern", LIMIT))
                .hasMessage("bad request: pattern: range z-a at 1 is reversed (expected: low-high)");
        assertThatThrownBy(() -> Glob.compile("[!]", "pattern", LIMIT))
                .hasMessage("bad request: pattern: empty class at 0 (expected: at least one character)");
        assertThatThrownBy(() -> Glob.compile("[]", "pattern", LIMIT))
                .hasMessage("bad request: pattern: empty class at 0 (expected: at least one character)");
        assertThatThrownBy(() -> Glob.compile("[a\\", "pattern", LIMIT))
                .hasMessage("bad request: pattern: ends with an escape character");
    }

    @Test
    void rejectsPatternsOverTheLengthLimit() {
        assertThat(Glob.compile("*".repeat(10), "pattern", 10).matches("x")).isTrue();
        assertThatThrownBy(() -> Glob.compile("*".repeat(11), "pattern", 10))
                .hasMessage("bad request: pattern: 11 bytes (expected: at most 10)");
    }

    @Test
    void agreesWithABacktrackingReferenceOnRandomSmallInputs() {
        Random random = new Random(20261125L);
        int cases = 20_000;
        for (int n = 0; n < cases; n++) {
            List<Token> tokens = new ArrayList<>();
            StringBuilder pattern = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                Token t = TOKENS[random.nextInt(TOKENS.length)];
                tokens.add(t);
                pattern.append(t.text);
            }
            StringBuilder text = new StringBuilder();
            int textLength = random.nextInt(10);
            for (int i = 0; i < textLength; i++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            boolean expected = reference(tokens, text.toString());
            assertThat(matches(pattern.toString(), text.toString()))
                    .as("pattern %s, text %s", pattern, text).isEqualTo(expected);
        }
    }

    @Test
    void agreesWithTheReferenceOnPatternsWiderThanOneWord() {
        Random random = new Random(7L);
        for (int n = 0; n < 500; n++) {
            List<Token> tokens = new ArrayList<>();
            StringBuilder pattern = new StringBuilder();
            for (int i = 0; i < 60 + random.nextInt(80); i++) {
                Token t = random.nextInt(4) == 0 ? STAR : TOKENS[random.nextInt(2)];
                tokens.add(t);
                pattern.append(t.text);
            }
            String text = "ab".repeat(random.nextInt(60));
            assertThat(matches(pattern.toString(), text)).as("pattern %s, text %s", pattern, text)
                    .isEqualTo(reference(tokens, text));
        }
    }

    private static final String ALPHABET = "ab*-^&]";

    private record Token(String text, boolean star, IntPredicate accepts) {
    }

    private static final Token STAR = new Token("*", true, c -> true);

    private static final Token[] TOKENS = {
        new Token("a", false, c -> c == 'a'),
        new Token("b", false, c -> c == 'b'),
        STAR,
        new Token("?", false, c -> true),
        new Token("[ab]", false, c -> c == 'a' || c == 'b'),
        new Token("[!a]", false, c -> c != 'a'),
        new Token("[^b]", false, c -> c != 'b'),
        new Token("[a-b]", false, c -> c >= 'a' && c <= 'b'),
        new Token("[a&&b]", false, c -> c == 'a' || c == '&' || c == 'b'),
        new Token("\\*", false, c -> c == '*'),
        new Token("[\\]-]", false, c -> c == ']' || c == '-'),
        new Token("^", false, c -> c == '^'),
    };

    private static boolean reference(List<Token> tokens, String text) {
        return reference(tokens, 0, text, 0, new Boolean[tokens.size() + 1][text.length() + 1]);
    }

    // The textbook recursive definition, memoized so that the wide patterns stay cheap.
    private static boolean reference(List<Token> tokens, int ti, String text, int si, Boolean[][] memo) {
        if (memo[ti][si] != null) {
            return memo[ti][si];
        }
        boolean r;
        if (ti == tokens.size()) {
            r = si == text.length();
        } else if (tokens.get(ti).star) {
            r = reference(tokens, ti + 1, text, si, memo)
                    || (si < text.length() && reference(tokens, ti, text, si + 1, memo));
        } else {
            r = si < text.length() && tokens.get(ti).accepts.test(text.charAt(si))
                    && reference(tokens, ti + 1, text, si + 1, memo);
        }
        memo[ti][si] = r;
        return r;
    }
}
