package io.presenced.state;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.presenced.config.ChannelStateConfig;
import io.presenced.tasks.BackgroundTasks;

/**
 * Delivers the queued channel-state events of the partitions this node owns, in order, at least once.
 *
 * <p>Each partition is a lane with at most one batch in flight. A lane polls its queue (which also turns due
 * pending vacates into events), sends the batch, and removes it from the queue only once the backend accepted
 * it; a failed batch is retried, with exponential backoff and jitter, before anything after it. A node that
 * stops owning a partition stops delivering it at once; the next owner resumes from the queue's head, so the
 * last batch may arrive twice, never out of order.
 *
 * <p>All lane state is confined to one scheduler thread; store and sink completions hop back onto it.
 */
public final class ChannelStateEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChannelStateEngine.class);
    private static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);
    private static final String POLL_TASK = "channel-state-poll";
    private static final String SAMPLE_TASK = "channel-state-sample";

    private final StateOutbox outbox;
    private final PartitionOwnership ownership;
    private final EventSink sink;
    private final ChannelStateConfig config;
    private final StateMetrics metrics;
    private final Clock clock;
    private final BackgroundTasks tasks;
    private final Backoff backoff;
    private final Lane[] lanes;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("presenced-state", true));

    /**
     * Creates the engine; nothing runs until {@link #start()}.
     *
     * @param clock used for the consuming lag only
     * @param tasks counts the failures of the engine's own runs, which never stop it
     */
    public ChannelStateEngine(StateOutbox outbox, PartitionOwnership ownership, EventSink sink,
                              ChannelStateConfig config, StateMetrics metrics, Clock clock, BackgroundTasks tasks) {
        this.outbox = outbox;
        this.ownership = ownership;
        this.sink = sink;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.tasks = tasks;
        this.backoff = new Backoff(config.retryMinBackoff(), config.retryMaxBackoff());
        this.lanes = new Lane[outbox.partitions()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i);
        }
    }

    /** Starts polling the owned partitions. */
    public void start() {
        tasks.every(scheduler, POLL_TASK, config.pollInterval(), config.pollInterval(), this::tick);
        tasks.every(scheduler, SAMPLE_TASK, SAMPLE_INTERVAL, SAMPLE_INTERVAL, this::sample);
        log.info("Channel state events go to {} ({} partitions, vacated delay {})", sink.describe(), lanes.length,
                config.vacatedEventDelay());
    }

    /** Tells the engine that {@code partition} has a new event, so it is sent without waiting for the poll. */
    public void queued(int partition) {
        long linger = config.batchLinger().toMillis();
        try {
            scheduler.schedule(tasks.guard(POLL_TASK, () -> run(lanes[partition])), linger, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down: the event stays queued for the next owner.
        }
    }

    private void tick() {
        // One lane's failure must not keep the lanes after it from running in this tick.
        Throwable failure = null;
        for (Lane lane : lanes) {
            try {
                run(lane);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            tasks.failed(POLL_TASK, failure);
        }
    }

    private void run(Lane lane) {
        if (lane.busy || System.nanoTime() < lane.retryAtNanos || !ownership.owns(lane.partition)) {
            return;
        }
        lane.busy = true;
        CompletionStage<List<ChannelEvent>> polled;
        try {
            polled = outbox.poll(lane.partition, config.batchSize());
        } catch (RuntimeException e) {
            // Thrown before any command was sent (no Redis connection yet): the lane is free again.
            polled = CompletableFuture.failedFuture(e);
        }
        polled.whenComplete((events, error) -> execute(() -> polled(lane, events, error)));
    }

    private void polled(Lane lane, List<ChannelEvent> events, Throwable error) {
        if (error != null) {
            lane.busy = false;
            lane.retryAtNanos = System.nanoTime() + config.pollInterval().toNanos() * 10;
            log.warn("[partition {}] cannot read queued events: {}", lane.partition, rootMessage(error));
            return;
        }
        if (events.isEmpty() || !ownership.owns(lane.partition)) {
            lane.busy = false;
            return;
        }
        metrics.queue(lane.partition, Math.max(events.size(), metrics.queueLength(lane.partition)),
                Math.max(0, clock.millis() - events.get(0).timeMs()));
        sink.send(events).whenComplete((v, sendError) -> execute(() -> sent(lane, events, sendError)));
    }

    private void sent(Lane lane, List<ChannelEvent> events, Throwable error) {
        if (error != null) {
            lane.attempts++;
            metrics.retry();
            long delay = backoff.delayMillis(lane.attempts);
            lane.retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
            lane.busy = false;
            if (lane.attempts == 1 || lane.attempts % 10 == 0) {
                log.warn("[partition {}] delivery of {} events to {} failed (attempt {}), retrying in {} ms: {}",
                        lane.partition, events.size(), sink.describe(), lane.attempts, delay, rootMessage(error));
            }
            return;
        }
        if (lane.attempts > 0) {
            log.info("[partition {}] delivery to {} recovered after {} failed attempts", lane.partition,
                    sink.describe(), lane.attempts);
        }
        lane.attempts = 0;
        metrics.deliver(events.size());
        outbox.ack(lane.partition, events).whenComplete((v, ackError) -> execute(() -> {
            lane.busy = false;
            if (ackError != null) {
                // The batch was delivered but stays queued: the next attempt sends it again (at least once).
                log.warn("[partition {}] cannot remove delivered events: {}", lane.partition, rootMessage(ackError));
                lane.retryAtNanos = System.nanoTime() + config.pollInterval().toNanos() * 10;
            } else {
                run(lane);
            }
        }));
    }

    private void sample() {
        for (Lane lane : lanes) {
            if (!ownership.owns(lane.partition)) {
                metrics.queue(lane.partition, 0, 0);
                continue;
            }
            outbox.size(lane.partition).whenComplete((n, e) -> {
                // A failed sample leaves the last values; the next one, a second later, corrects them.
                if (e == null) {
                    long lag = n == 0 ? 0 : metrics.lagMillis(lane.partition);
                    metrics.queue(lane.partition, n, lag);
                }
            });
        }
    }

    private void execute(Runnable r) {
        try {
            scheduler.execute(tasks.guard(POLL_TASK, r));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down: whatever was in flight stays queued and is delivered by the next owner.
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    /** Stops delivering; queued events stay queued for the next owner. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One partition's delivery state; touched only on the scheduler thread. */
    private static final class Lane {
        final int partition;
        boolean busy;
        long retryAtNanos;
        int attempts;

        Lane(int partition) {
            this.partition = partition;
        }
    }
}
