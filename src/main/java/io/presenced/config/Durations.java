package io.presenced.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints durations in the Go style that Centrifugo configs use: {@code "24h"}, {@code "5s"},
 * {@code "1m30s"}, {@code "100ms"}. A {@code d} unit (24h) is accepted as well.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses {@code text}, returning {@code null} when it is not a duration.
     */
    public static Duration parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            return null;
        }
        Matcher m = PART.matcher(s);
        long nanos = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return null;
            }
            end = m.end();
            double value = Double.parseDouble(m.group(1));
            nanos += (long) (value * unitNanos(m.group(2)));
        }
        return end == s.length() ? Duration.ofNanos(nanos) : null;
    }

    /**
     * Formats {@code d} in the same style, using the largest exact units.
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toNanos() % 1_000_000 != 0 || d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long seconds = d.getSeconds();
        StringBuilder sb = new StringBuilder();
        if (seconds >= 3600) {
            sb.append(seconds / 3600).append('h');
            seconds %= 3600;
        }
        if (seconds >= 60) {
            sb.append(seconds / 60).append('m');
            seconds %= 60;
        }
        if (seconds > 0 || sb.length() == 0) {
            sb.append(seconds).append('s');
        }
        int millis = d.getNano() / 1_000_000;
        if (millis > 0) {
            sb.append(millis).append("ms");
        }
        return sb.toString();
    }

    private static double unitNanos(String unit) {
        switch (unit) {
            case "ns":
                return 1;
            case "us":
            case "µs":
                return 1e3;
            case "ms":
                return 1e6;
            case "s":
                return 1e9;
            case "m":
                return 60e9;
            case "h":
                return 3600e9;
            default:
                return 86400e9;
        }
    }
}
