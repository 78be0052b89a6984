package io.presenced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class ShutdownWatchdogTest {

    @Test
    void haltsWhenTheShutdownOverrunsItsLimit() {
        AtomicBoolean halted = new AtomicBoolean();
        ShutdownWatchdog.arm(Duration.ofMillis(20), () -> halted.set(true));
        await().atMost(Duration.ofSeconds(10)).untilTrue(halted);
    }

    @Test
    void aShutdownThatFinishesInTimeDisarmsIt() {
        AtomicBoolean halted = new AtomicBoolean();
        ShutdownWatchdog watchdog = ShutdownWatchdog.arm(Duration.ofSeconds(30), () -> halted.set(true));
        watchdog.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !watchdog.isArmed());
        assertThat(halted).isFalse();
    }
}
