package io.presenced.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GlobsTest {

    private static boolean matches(String glob, String s) {
        return Globs.compile(glob, "pattern").matcher(s).matches();
    }

    @Test
    void supportsStarQuestionClassesAndEscapes() {
        assertThat(matches("chat:*", "chat:1")).isTrue();
        assertThat(matches("chat:*", "news:1")).isFalse();
        assertThat(matches("chat:?", "chat:12")).isFalse();
        assertThat(matches("chat:[0-9]", "chat:7")).isTrue();
        assertThat(matches("chat:[!0-9]", "chat:7")).isFalse();
        assertThat(matches("a\\*b", "a*b")).isTrue();
        assertThat(matches("a\\*b", "axb")).isFalse();
        assertThat(matches("a.b", "axb")).isFalse();
        assertThat(Globs.compile("", "pattern")).isNull();
    }

    @Test
    void rejectsMalformedPatternsNamingTheField() {
        assertThatThrownBy(() -> Globs.compile("x[", "pattern")).hasMessage("bad request: pattern: unclosed [ at 1");
        assertThatThrownBy(() -> Globs.compile("x\\", "pattern"))
                .hasMessage("bad request: pattern: ends with an escape character");
    }
}
