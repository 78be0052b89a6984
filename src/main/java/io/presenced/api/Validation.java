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

    /** Checks one user id in {@code field}: non-empty, well-formed without control characters, within the limit. */
    public String user(String user, String field) {
        if (user.isEmpty()) {
            throw ApiException.badField(field, "must not be empty");
        }
        Ids.check(user, field);
        length(user, field, limits.maxUserIdLength());
        return user;
    }

    /** Checks a device id, which may be empty (no device): well-formed, no control characters, within the limit. */
    public String device(String device) {
        Ids.check(device, "device");
        length(device, "device", limits.status().maxDeviceIdLength());
        if ("aggregated".equals(device)) {
            throw ApiException.badField("device", "\"aggregated\" is reserved (the Zulip format's summary key)");
        }
        return device;
    }

    /** Checks a piece of free text in {@code field}: well-formed, no control characters, within {@code max}. */
    public String text(String text, String field, int max) {
        Ids.check(text, field);
        length(text, field, max);
        return text;
    }

    /** Returns the limits this validation applies. */
    public LimitsConfig limits() {
        return limits;
    }

    private static void length(String s, String field, int max) {
        int bytes = utf8Length(s);
        if (bytes > max) {
            throw ApiException.badField(field, bytes + " bytes (expected: at most " + max + ")");
        }
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
