package io.presenced.presence;

import java.nio.charset.StandardCharsets;

import io.presenced.redis.JumpHash;

/**
 * Maps a channel to its partition: {@code fnv1a_64(utf8(channel)) mod numPartitions}, unsigned. The function is
 * part of the stored data's layout: it must never change, and neither may the partition count of live data.
 */
public final class Partitioner {

    private final int partitions;

    /** Creates a partitioner over {@code partitions} partitions. */
    public Partitioner(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions: " + partitions + " (expected: >= 1)");
        }
        this.partitions = partitions;
    }

    /** Returns the partition of {@code channel}, in {@code [0, count())}. */
    public int partition(String channel) {
        long h = JumpHash.fnv1a64(channel.getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(h, partitions);
    }

    /** Returns the number of partitions. */
    public int count() {
        return partitions;
    }
}
