package io.presenced.bench;

/**
 * A latency histogram in the manner of HdrHistogram: log-linear buckets with 128 sub-buckets per power of two,
 * so a percentile is within 1% of the recorded value, in constant memory whatever the count. Thread-safe.
 */
final class Histogram {

    private static final int SUB_BITS = 7;
    private static final int SUB = 1 << SUB_BITS;

    private final long[] counts = new long[SUB * 58];
    private long total;
    private long max;

    /** Records one value in nanoseconds; negative values count as 0. */
    synchronized void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        max = Math.max(max, v);
    }

    /** Adds every value of {@code other}. */
    synchronized void add(Histogram other) {
        synchronized (other) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += other.counts[i];
            }
            total += other.total;
            max = Math.max(max, other.max);
        }
    }

    synchronized long count() {
        return total;
    }

    /** Returns the value at {@code percentile} (0-100) in milliseconds, 0 when empty. */
    synchronized double percentileMillis(double percentile) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestIn(i), max) / 1e6;
            }
        }
        return max / 1e6;
    }

    // Values below 2*SUB have a bucket each; above, a bucket spans 2^shift values, shift growing with magnitude.
    static int index(long v) {
        if (v < 2 * SUB) {
            return (int) v;
        }
        int shift = 64 - Long.numberOfLeadingZeros(v) - SUB_BITS - 1;
        return SUB * shift + (int) (v >>> shift);
    }

    static long highestIn(int index) {
        if (index < 2 * SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long mantissa = index - SUB * shift;
        return ((mantissa + 1) << shift) - 1;
    }
}
