package io.presenced.api;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.presenced.config.LimitsConfig;

/**
 * Checks shared by every method and transport, so that the same bad input gives the same error everywhere.
 */
public final class Validation {

    private final LimitsConfig limits;

    /** Creates the checks for the configured limits. */
    public Validation(LimitsConfig limits) {
        this.limits = limits;
    }

    /**
     * Checks a user list: present, within the count limit, each id non-empty, well-formed without control
     * characters (see {@link Ids}) and within the length limit.
     */
    public List<String> users(List<String> users) {
        if (users.isEmpty()) {
            throw ApiException.badField("users", "must not be empty");
        }
        if (users.size() > limits.maxUsersPerCall()) {
            throw ApiException.badField("users", users.size() + " users (expected: at most "
                    + limits.maxUsersPerCall() + " per call)");
        }
        for (int i = 0; i < users.size(); i++) {
            String u = users.get(i);
            if (u.isEmpty()) {
                throw ApiException.badField("users[" + i + "]", "must not be empty");
            }
            Ids.check(u, "users[" + i + "]");
            int bytes = utf8Length(u);
            if (bytes > limits.maxUserIdLength()) {
                throw ApiException.badField("users[" + i + "]", bytes + " bytes (expected: at most "
                        + limits.maxUserIdLength() + ")");
            }
        }
        return users;
    }

    /** Checks a user state string: well-formed (see {@link Ids}) and within the length limit. */
    public String state(String state) {
        Ids.wellFormed(state, "state");
        int bytes = utf8Length(state);
        if (bytes > limits.maxStateLength()) {
            throw ApiException.badField("state", bytes + " bytes (expected: at most " + limits.maxStateLength()
                    + ")");
        }
        return state;
    }

    /** Checks the number of commands in one batch. */
    public void batchSize(int commands) {
        if (commands > limits.maxBatchCommands()) {
            throw ApiException.badField("commands", commands + " commands (expected: at most "
                    + limits.maxBatchCommands() + ")");
        }
    }

    private static int utf8Length(String s) {
        int ascii = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
            ascii++;
        }
        return ascii;
    }
}
