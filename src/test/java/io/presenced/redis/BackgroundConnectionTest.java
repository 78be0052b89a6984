package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackgroundConnectionTest {

    @Test
    void retryDelayDoublesUpToTheMaximum() {
        assertThat(BackgroundConnection.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(BackgroundConnection.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(BackgroundConnection.delay(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(BackgroundConnection.delay(5)).isEqualTo(BackgroundConnection.MAX_RETRY_DELAY);
        assertThat(BackgroundConnection.delay(1_000)).isEqualTo(BackgroundConnection.MAX_RETRY_DELAY);
    }
}
