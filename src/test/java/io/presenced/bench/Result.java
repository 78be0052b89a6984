package io.presenced.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One machine-readable result line, {@code RESULT scenario=<name> key=value ...}, which scripts/bench parses.
 * Values hold no spaces.
 */
final class Result {

    private final Map<String, String> fields = new LinkedHashMap<>();

    private Result(String scenario) {
        fields.put("scenario", scenario);
    }

    static Result of(String scenario) {
        return new Result(scenario);
    }

    Result put(String key, double value) {
        fields.put(key, String.format(Locale.ROOT, "%.3f", value));
        return this;
    }

    Result put(String key, long value) {
        fields.put(key, Long.toString(value));
        return this;
    }

    /** Adds p50, p99 and p999 of {@code h} in milliseconds, as {@code <prefix>p50_ms} and so on. */
    Result latency(String prefix, Histogram h) {
        put(prefix + "p50_ms", h.percentileMillis(50));
        put(prefix + "p99_ms", h.percentileMillis(99));
        put(prefix + "p999_ms", h.percentileMillis(99.9));
        return this;
    }

    void print() {
        StringBuilder line = new StringBuilder("RESULT");
        fields.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        System.out.flush();
    }
}
