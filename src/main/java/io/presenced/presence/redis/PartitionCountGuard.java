package io.presenced.presence.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.presenced.PresenceException;
import io.presenced.tasks.BackgroundTasks;

/**
 * Guards against a changed {@code num_partitions} on live Redis data, which would orphan presence and pending
 * vacates. At start-up a mismatch stops the node (unless the operator allowed the change); when Redis cannot be
 * reached at start-up, the check runs in the background once it can, and a mismatch found then is logged at
 * error level every minute, since the node is already serving.
 */
public final class PartitionCountGuard {

    private static final Logger log = LoggerFactory.getLogger(PartitionCountGuard.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final String CHECK_TASK = "partition-count-check";
    private static final Duration REPEAT = Duration.ofMinutes(1);

    private final RedisStateOutbox outbox;
    private final boolean allowChange;
    private final BackgroundTasks tasks;
    // Touched only by the check task's runs, which never overlap.
    private long nextErrorNanos = System.nanoTime();

    /** Creates the guard of the outbox's partition count; a check left for later runs as one of {@code tasks}. */
    public PartitionCountGuard(RedisStateOutbox outbox, boolean allowChange, BackgroundTasks tasks) {
        this.outbox = outbox;
        this.allowChange = allowChange;
        this.tasks = tasks;
    }

    /**
     * Verifies within {@code startupWait}, blocking the calling (start-up) thread; past it, hands the check to
     * {@code background}.
     *
     * @throws PresenceException when the stored count differs and the change is not allowed
     */
    public void verify(Duration startupWait, ScheduledExecutorService background) {
        long deadline = System.nanoTime() + startupWait.toNanos();
        while (true) {
            try {
                settle(outbox.checkPartitionCount(), true);
                return;
            } catch (PresenceException e) {
                if (!isUnreachable(e)) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    log.warn("Cannot verify num_partitions against Redis yet ({}); verifying in the background",
                            e.getMessage());
                    checkLater(background);
                    return;
                }
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    checkLater(background);
                    return;
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // Until Redis answers, each run fails and is counted (and logged, rate-limited) as a failure of the task.
    private void checkLater(ScheduledExecutorService background) {
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        task.set(tasks.every(background, CHECK_TASK, RETRY, RETRY, () -> {
            if (settle(outbox.checkPartitionCount(), false)) {
                ScheduledFuture<?> self = task.get();
                if (self != null) {
                    self.cancel(false);
                }
            }
        }));
    }

    /** Acts on the stored counts that differ; returns whether the check is over. */
    private boolean settle(List<String> stored, boolean atStartUp) {
        if (stored.isEmpty()) {
            return true;
        }
        String message = "Redis holds presence data written with num_partitions " + stored + " but "
                + outbox.partitions() + " is configured: presence and pending vacated events of the old partitions"
                + " would be orphaned";
        if (allowChange) {
            log.error("{}. Proceeding because channel_state.allow_partition_change is true.", message);
            outbox.recordPartitionCount();
            return true;
        }
        String fix = ". Restore the old value, or set channel_state.allow_partition_change to true to accept the"
                + " loss.";
        if (atStartUp) {
            throw new PresenceException(message + fix);
        }
        long now = System.nanoTime();
        if (now - nextErrorNanos >= 0) {
            nextErrorNanos = now + REPEAT.toNanos();
            log.error("{}{} This node is serving already; events of the old partitions are being missed.", message,
                    fix);
        }
        return false;
    }

    private static boolean isUnreachable(Throwable e) {
        return e instanceof io.presenced.redis.RedisUnavailableException;
    }
}
