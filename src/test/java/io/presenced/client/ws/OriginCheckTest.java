package io.presenced.client.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class OriginCheckTest {

    @Test
    void withNoAllowedOriginsAcceptsOnlyRequestsWithoutOne() {
        OriginCheck check = new OriginCheck(List.of());
        assertThat(check.accepts(null)).isTrue();
        assertThat(check.accepts("https://example.com")).isFalse();
    }

    @Test
    void matchesWildcardsIgnoringCaseAndNothingElse() {
        OriginCheck check = new OriginCheck(List.of("https://*.example.com", "http://localhost:3000"));
        assertThat(check.accepts("https://app.Example.com")).isTrue();
        assertThat(check.accepts("http://localhost:3000")).isTrue();
        assertThat(check.accepts("http://localhost:3001")).isFalse();
        assertThat(check.accepts("https://example.com.evil.org")).isFalse();
        assertThat(check.accepts("https://a.b")).isFalse();
        assertThat(new OriginCheck(List.of("*")).accepts("https://anything")).isTrue();
    }
}
