package io.presenced.tasks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.presenced.logging.RateLimitedLog;

/**
 * The one way a node runs periodic work. A run that throws, whatever it throws, is counted against its task and
 * logged (at most one line per task every {@link #LOG_INTERVAL}); the task stays scheduled and runs again at its
 * next interval. A plain {@code scheduleWithFixedDelay} would instead cancel the task for good on its first
 * uncaught exception, which is how a node that started while Redis was down used to stop delivering and sweeping.
 *
 * <p>Asynchronous work started by a run reports its own failures with {@link #failed(String, Throwable)}.
 *
 * <p>Thread-safe. One instance per node; its counts are exported as
 * {@code presenced_background_task_failures_total{task}}.
 */
public final class BackgroundTasks {

    /** The shortest time between two logged failures of one task. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(BackgroundTasks.class);

    private final ConcurrentMap<String, Task> tasks = new ConcurrentHashMap<>();

    /**
     * Runs {@code body} on {@code executor} after {@code initialDelay}, then again {@code interval} after each run
     * ends, until the executor shuts down or the returned future is cancelled. No failure of a run stops it.
     *
     * @param name the task's name in logs and metrics, such as {@code presence-sweep}
     */
    public ScheduledFuture<?> every(ScheduledExecutorService executor, String name, Duration initialDelay,
                                    Duration interval, Runnable body) {
        requireNonNull(executor, "executor");
        return executor.scheduleWithFixedDelay(guard(name, body), initialDelay.toMillis(),
                Math.max(1, interval.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Returns {@code body} wrapped so that a throw is counted and logged as a failure of task {@code name}. */
    public Runnable guard(String name, Runnable body) {
        requireNonNull(body, "body");
        Task task = task(name);
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                task.failed(t);
            }
        };
    }

    /** Counts and logs (rate-limited) a failure of task {@code name} that surfaced asynchronously. */
    public void failed(String name, Throwable error) {
        task(name).failed(error);
    }

    /** Returns the failures counted against task {@code name} so far (0 for a task never seen). */
    public long failures(String name) {
        Task t = tasks.get(name);
        return t == null ? 0 : t.failures.sum();
    }

    /** Returns every known task with its failure count, by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> all = new TreeMap<>();
        tasks.forEach((name, t) -> all.put(name, t.failures.sum()));
        return all;
    }

    private Task task(String name) {
        requireNonNull(name, "name");
        return tasks.computeIfAbsent(name, Task::new);
    }

    private static final class Task {
        final String name;
        final LongAdder failures = new LongAdder();
        final RateLimitedLog failureLog = new RateLimitedLog(log, LOG_INTERVAL);

        Task(String name) {
            this.name = name;
        }

        void failed(Throwable t) {
            failures.increment();
            // The reason is enough to act on; the stack, when wanted, is at DEBUG.
            failureLog.warn(name, "run failed, will run again: " + reason(t));
            log.debug("[{}] run failed", name, t);
        }
    }

    /**
     * Waits at most {@code timeout} for {@code stage}, for a periodic run that must finish its work before the
     * next run starts. Blocks the calling thread: use only on a background task's own thread.
     *
     * @throws IllegalStateException when the stage failed, did not complete in time, or the wait was interrupted
     *                               (the interrupt flag is set again)
     */
    public static <T> T await(CompletionStage<T> stage, Duration timeout) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(reason(e), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout.toMillis() + " ms", e);
        }
    }

    /** Returns the innermost cause's message, or its class name when it has none. */
    public static String reason(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
