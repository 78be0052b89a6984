package io.presenced.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class BackgroundTasksTest {

    @Test
    void aTaskThatThrowsKeepsItsScheduleAndEveryFailureIsCounted() {
        BackgroundTasks tasks = new BackgroundTasks();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicInteger runs = new AtomicInteger();
            tasks.every(executor, "flaky", Duration.ZERO, Duration.ofMillis(1), () -> {
                // Errors too: a StackOverflowError in a sweep must not end the sweep.
                if (runs.incrementAndGet() % 2 == 0) {
                    throw new StackOverflowError();
                }
                throw new IllegalStateException("redis is down");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 6);
            assertThat(tasks.failures("flaky")).isGreaterThanOrEqualTo(5);
            assertThat(tasks.snapshot()).containsKey("flaky");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aTaskIsKnownWithNoFailuresFromTheMomentItIsScheduled() {
        BackgroundTasks tasks = new BackgroundTasks();
        Runnable guarded = tasks.guard("quiet", () -> { });
        guarded.run();
        assertThat(tasks.snapshot()).containsEntry("quiet", 0L);
        assertThat(tasks.failures("unknown")).isZero();
    }

    @Test
    void asynchronousFailuresAreCountedAgainstTheirTask() {
        BackgroundTasks tasks = new BackgroundTasks();
        tasks.failed("leases", new IllegalStateException("x"));
        tasks.failed("leases", new IllegalStateException("y"));
        assertThat(tasks.failures("leases")).isEqualTo(2);
    }

    @Test
    void awaitUnwrapsTheFailureAndBoundsTheWait() {
        assertThat(BackgroundTasks.await(CompletableFuture.completedFuture(7), Duration.ofSeconds(1))).isEqualTo(7);
        assertThatThrownBy(() -> BackgroundTasks.await(
                CompletableFuture.failedFuture(new RuntimeException("outer", new IllegalStateException("root"))),
                Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class).hasMessage("root");
        assertThatThrownBy(() -> BackgroundTasks.await(new CompletableFuture<>(), Duration.ofMillis(10)))
                .isInstanceOf(IllegalStateException.class).hasMessage("no answer within 10 ms");
    }
}
