package io.presenced.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Profile samples counted under headings (self time, total time, threads, ...), printed as each heading's top
 * entries by their share of all samples, headings in the order given.
 */
final class SampleCounts {

    private final Map<String, Map<String, Long>> byHeading = new LinkedHashMap<>();
    private long samples;

    /** Returns empty counts under {@code headings}. */
    SampleCounts(String... headings) {
        for (String heading : headings) {
            byHeading.put(heading, new HashMap<>());
        }
    }

    /** Counts {@code n} more samples in all: the denominator of every share. */
    void addSamples(long n) {
        samples += n;
    }

    /** Returns the samples counted in all. */
    long samples() {
        return samples;
    }

    /** Adds {@code n} samples to {@code key} under {@code heading}, one of the constructor's. */
    void add(String heading, String key, long n) {
        byHeading.get(heading).merge(key, n, Long::sum);
    }

    /** Prints each heading and its {@code top} entries with the most samples, as percentages of all samples. */
    void print(int top) {
        byHeading.forEach((heading, counts) -> {
            System.out.println();
            System.out.println(heading + ":");
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                    .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
                            e.getKey()));
        });
    }
}
