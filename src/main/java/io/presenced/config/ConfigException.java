package io.presenced.config;

import java.util.List;

import io.presenced.PresenceException;

/**
 * Every problem found in a configuration, reported at once so that one start-up attempt shows them all.
 */
public final class ConfigException extends PresenceException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    ConfigException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns each problem as {@code key: value (expected: ...)}.
     */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        StringBuilder sb = new StringBuilder("invalid configuration, ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
