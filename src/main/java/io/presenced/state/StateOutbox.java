package io.presenced.state;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The per-partition queues of undelivered channel-state events, kept by the same store as presence so that
 * a transition and its event are recorded in one atomic step.
 */
public interface StateOutbox {

    /**
     * Turns the partition's due pending vacates into {@code vacated} events (for channels still empty), then
     * returns up to {@code max} undelivered events from the head of its queue, oldest first.
     */
    CompletionStage<List<ChannelEvent>> poll(int partition, int max);

    /**
     * Turns the partition's due timers (pending vacates, and quiet turns in a user stream) into events without
     * reading the queue: for a lane that cannot poll now because its batch waits for a retry, so that a timer is
     * never late by more than the poll interval, whatever the receiver does.
     */
    CompletionStage<Void> advance(int partition);

    /** Removes delivered events, which must be the head of the partition's queue. */
    CompletionStage<Void> ack(int partition, List<ChannelEvent> events);

    /** Returns the number of undelivered events of the partition. */
    CompletionStage<Long> size(int partition);

    /** Returns the number of partitions. */
    int partitions();
}
