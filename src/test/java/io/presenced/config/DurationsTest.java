package io.presenced.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesGoStyleDurations() {
        assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("100ms")).isEqualTo(Duration.ofMillis(100));
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("31d")).isEqualTo(Duration.ofDays(31));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void rejectsWhatIsNotADuration() {
        assertThat(Durations.parse("5")).isNull();
        assertThat(Durations.parse("s")).isNull();
        assertThat(Durations.parse("5 s")).isNull();
        assertThat(Durations.parse("")).isNull();
        assertThat(Durations.parse("5sx")).isNull();
    }

    @Test
    void formatsWithTheLargestExactUnits() {
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("24h");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    }
}
