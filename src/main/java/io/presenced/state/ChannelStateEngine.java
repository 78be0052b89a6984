package io.presenced.state;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.presenced.config.ChannelStateConfig;
import io.presenced.logging.RateLimitedLog;
import io.presenced.tasks.BackgroundTasks;

/**
 * Delivers the queued events of one stream (channel state, or user events) for the partitions this node owns, in
 * order, at least once.
 *
 * <p>Each partition is a lane with at most one batch in flight. A lane polls its queue (which also turns due
 * pending vacates into events), sends the batch, and removes it from the queue only once the backend accepted
 * it. A failed attempt (an error answer, no complete answer within {@code timeout} plus a second, or anything
 * thrown by the sink) is counted, logged at most once per {@link BackgroundTasks#LOG_INTERVAL}, and retried
 * with exponential backoff and jitter, sending the very same batch again (same events, same webhook id) before
 * anything after it. A node that stops owning a partition drops the batch it kept and stops delivering at once;
 * the next owner resumes from the queue's head, so the last batch may arrive twice, never out of order.
 *
 * <p>All lane state is confined to one scheduler thread; store and sink completions hop back onto it.
 */
public final class ChannelStateEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChannelStateEngine.class);
    private static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);
    // Beyond the sink's own deadline (channel.proxy.state.timeout), so that the sink's clearer error wins.
    private static final Duration ATTEMPT_GRACE = Duration.ofSeconds(1);

    private final String name;
    private final String pollTask;
    private final String sampleTask;
    private final StateOutbox outbox;
    private final PartitionOwnership ownership;
    private final EventSink sink;
    private final ChannelStateConfig config;
    private final StateMetrics metrics;
    private final Clock clock;
    private final BackgroundTasks tasks;
    private final Backoff backoff;
    private final Lane[] lanes;
    private final Duration attemptDeadline;
    private final RateLimitedLog deliveryLog = new RateLimitedLog(log, BackgroundTasks.LOG_INTERVAL);
    private final RateLimitedLog storeLog = new RateLimitedLog(log, BackgroundTasks.LOG_INTERVAL);
    // Lanes whose current batch has failed at least once; "recovered" is logged when it drops back to 0.
    private int failingLanes;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("presenced-state", true));

    /**
     * Creates the engine; nothing runs until {@link #start()}.
     *
     * @param name  the stream's name ({@code channel-state}, {@code user-status}), for task names and logs
     * @param clock used for the consuming lag only
     * @param tasks counts the failures of the engine's own runs, which never stop it
     */
    public ChannelStateEngine(String name, StateOutbox outbox, PartitionOwnership ownership, EventSink sink,
                              ChannelStateConfig config, StateMetrics metrics, Clock clock, BackgroundTasks tasks) {
        this.name = name;
        this.pollTask = name + "-poll";
        this.sampleTask = name + "-sample";
        this.outbox = outbox;
        this.ownership = ownership;
        this.sink = sink;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.tasks = tasks;
        this.backoff = new Backoff(config.retryMinBackoff(), config.retryMaxBackoff());
        this.attemptDeadline = config.timeout().plus(ATTEMPT_GRACE);
        this.lanes = new Lane[outbox.partitions()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i);
        }
    }

    /** Starts polling the owned partitions. */
    public void start() {
        tasks.every(scheduler, pollTask, config.pollInterval(), config.pollInterval(), this::tick);
        tasks.every(scheduler, sampleTask, SAMPLE_INTERVAL, SAMPLE_INTERVAL, this::sample);
        log.info("{} events go to {} ({} partitions, delay of an emptied one {})", name, sink.describe(),
                lanes.length, config.vacatedEventDelay());
    }

    /** Tells the engine that {@code partition} has a new event, so it is sent without waiting for the poll. */
    public void queued(int partition) {
        long linger = config.batchLinger().toMillis();
        try {
            scheduler.schedule(tasks.guard(pollTask, () -> run(lanes[partition])), linger, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: the event stays queued for the next owner.
        }
    }

    private void tick() {
        // One lane's failure must not keep the lanes after it from running in this tick.
        for (Lane lane : lanes) {
            try {
                run(lane);
                advanceTimers(lane);
            } catch (RuntimeException e) {
                tasks.failed(pollTask, e);
            }
        }
    }

    // A lane whose batch waits for a retry does not poll, so its due timers are turned into events here: a vacate is
    // never late by more than the poll interval while the receiver is down (the events wait in the queue).
    private void advanceTimers(Lane lane) {
        if (lane.busy || lane.advancing || lane.batch == null || lane.delivered || !ownership.owns(lane.partition)) {
            return;
        }
        lane.advancing = true;
        CompletionStage<Void> advanced;
        try {
            advanced = outbox.advance(lane.partition);
        } catch (RuntimeException e) {
            lane.advancing = false;
            throw e;
        }
        advanced.whenComplete((v, e) -> execute(lane, () -> {
            lane.advancing = false;
            if (e != null) {
                storeLog.warn("partition " + lane.partition, "cannot advance timers: " + BackgroundTasks.reason(e));
            }
        }));
    }

    /**
     * Starts the lane's next step unless it is busy or waiting to retry: sends the kept batch again, finishes
     * removing a delivered one, or polls for a new one. Any throw along the way is a failed attempt.
     */
    private void run(Lane lane) {
        if (lane.busy) {
            return;
        }
        if (!ownership.owns(lane.partition)) {
            // The next owner resumes from the queue's head, so a batch kept for a retry is not ours to send.
            forget(lane);
            return;
        }
        if (System.nanoTime() - lane.retryAtNanos < 0) {
            return;
        }
        lane.busy = true;
        step(lane, () -> {
            if (lane.batch == null) {
                poll(lane);
            } else if (lane.delivered) {
                ack(lane);
            } else {
                attempt(lane);
            }
        });
    }

    private void poll(Lane lane) {
        CompletionStage<List<ChannelEvent>> polled = outbox.poll(lane.partition, config.batchSize());
        polled.whenComplete((events, error) -> execute(lane, () -> polled(lane, events, error)));
    }

    private void polled(Lane lane, List<ChannelEvent> events, Throwable error) {
        if (error != null) {
            storeFailed(lane, "cannot read queued events", error);
            return;
        }
        if (events.isEmpty() || !ownership.owns(lane.partition)) {
            lane.busy = false;
            return;
        }
        // From here on this batch is the lane's until it is acknowledged: every retry sends it unchanged, so it
        // keeps its webhook id, and events queued meanwhile wait for a later batch.
        lane.batch = List.copyOf(events);
        metrics.queue(lane.partition, Math.max(events.size(), metrics.queueLength(lane.partition)),
                Math.max(0, clock.millis() - events.get(0).timeMs()));
        attempt(lane);
    }

    private void attempt(Lane lane) {
        List<ChannelEvent> batch = lane.batch;
        CompletableFuture<Void> answer = new CompletableFuture<>();
        try {
            sink.send(batch).whenComplete((v, e) -> settle(answer, e));
        } catch (Throwable t) {
            answer.completeExceptionally(t);
        }
        // The sink has its own deadline; this one only guarantees that no sink can hold a lane for ever.
        answer.orTimeout(attemptDeadline.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, error) -> execute(lane, () -> sent(lane, error)));
    }

    private static void settle(CompletableFuture<Void> answer, Throwable error) {
        if (error == null) {
            answer.complete(null);
        } else {
            answer.completeExceptionally(error);
        }
    }

    private void sent(Lane lane, Throwable error) {
        if (error != null) {
            attemptFailed(lane, error);
            return;
        }
        if (lane.attempts > 0) {
            lane.attempts = 0;
            recovered();
        }
        lane.delivered = true;
        metrics.deliver(lane.batch.size());
        ack(lane);
    }

    private void ack(Lane lane) {
        outbox.ack(lane.partition, lane.batch).whenComplete((v, error) -> execute(lane, () -> {
            if (error != null) {
                // Delivered but still queued: only the removal is retried, not the delivery.
                storeFailed(lane, "cannot remove delivered events", error);
                return;
            }
            lane.batch = null;
            lane.delivered = false;
            lane.busy = false;
            run(lane);
        }));
    }

    private void attemptFailed(Lane lane, Throwable error) {
        if (lane.attempts++ == 0) {
            failingLanes++;
        }
        metrics.retry();
        long delay = backoff.delayMillis(lane.attempts);
        lane.retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
        lane.busy = false;
        deliveryLog.warn("partition " + lane.partition, "delivery of " + lane.batch.size() + " " + name
                + " events to "
                + sink.describe() + " failed (attempt " + lane.attempts + "), retrying in " + delay + " ms: "
                + BackgroundTasks.reason(error));
    }

    private void storeFailed(Lane lane, String what, Throwable error) {
        lane.busy = false;
        lane.retryAtNanos = System.nanoTime() + config.pollInterval().toNanos() * 10;
        storeLog.warn("partition " + lane.partition, what + ": " + BackgroundTasks.reason(error));
    }

    private void recovered() {
        if (--failingLanes == 0) {
            log.info("Delivery of {} events to {} recovered", name, sink.describe());
        }
    }

    private void forget(Lane lane) {
        lane.batch = null;
        lane.delivered = false;
        if (lane.attempts > 0) {
            lane.attempts = 0;
            recovered();
        }
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

    /** Runs one step of {@code lane} on the scheduler thread. */
    private void execute(Lane lane, Runnable body) {
        try {
            scheduler.execute(() -> step(lane, body));
        } catch (RejectedExecutionException e) {
            // Shutting down: whatever was in flight stays queued and is delivered by the next owner.
        }
    }

    /** Runs {@code body} where a throw, whatever it is, fails the lane's attempt instead of leaving it busy. */
    private void step(Lane lane, Runnable body) {
        try {
            body.run();
        } catch (Throwable t) {
            tasks.failed(pollTask, t);
            if (lane.batch != null && !lane.delivered) {
                attemptFailed(lane, t);
            } else {
                storeFailed(lane, "delivery step failed", t);
            }
        }
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
        // The batch attempted and not yet removed from the queue: retried unchanged until acknowledged.
        List<ChannelEvent> batch;
        // Whether the backend accepted the batch, so that only its removal from the queue is left to do.
        boolean delivered;
        // Whether a timers-only step (advanceTimers) is under way.
        boolean advancing;

        Lane(int partition) {
            this.partition = partition;
            this.retryAtNanos = System.nanoTime();
        }
    }
}
