package io.presenced.state;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the channel-state engine counts: events delivered, delivery attempts retried, events dropped because a
 * queue was full, and per partition the queue length and the consuming lag. Read by the metrics exporter.
 */
public final class StateMetrics {

    private final LongAdder delivered = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLongArray queueLength;
    private final AtomicLongArray lagMillis;

    /** Creates counters for {@code partitions} partitions. */
    public StateMetrics(int partitions) {
        this.queueLength = new AtomicLongArray(partitions);
        this.lagMillis = new AtomicLongArray(partitions);
    }

    void deliver(int n) {
        delivered.add(n);
    }

    void retry() {
        retried.increment();
    }

    /** Counts an event dropped because its partition's queue was full. */
    public void dropped() {
        dropped.increment();
    }

    void queue(int partition, long length, long lag) {
        queueLength.set(partition, length);
        lagMillis.set(partition, lag);
    }

    /** Returns the number of events delivered and acknowledged by the backend. */
    public long delivered() {
        return delivered.sum();
    }

    /** Returns the number of failed delivery attempts that were retried. */
    public long retried() {
        return retried.sum();
    }

    /** Returns the number of events dropped because a queue was full. */
    public long droppedCount() {
        return dropped.sum();
    }

    /** Returns the last seen queue length of {@code partition} (owned partitions only). */
    public long queueLength(int partition) {
        return queueLength.get(partition);
    }

    /** Returns how far behind {@code partition}'s delivery is: age of its oldest undelivered event, in ms. */
    public long lagMillis(int partition) {
        return lagMillis.get(partition);
    }

    /** Returns the number of partitions counted. */
    public int partitions() {
        return queueLength.length();
    }
}
