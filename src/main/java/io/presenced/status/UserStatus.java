package io.presenced.status;

import static java.util.Objects.requireNonNull;

/**
 * What is known of one user: the last activity and the last time the user held a live connection.
 *
 * @param user   the user id
 * @param active Unix seconds of the last activity, {@code 0} when unknown
 * @param online Unix seconds of the last time the user was seen connected, {@code 0} when unknown
 * @param state  an application-defined state string, {@code ""} when none
 */
public record UserStatus(String user, long active, long online, String state) {

    public UserStatus {
        requireNonNull(user, "user");
        requireNonNull(state, "state");
    }

    /** Returns the status of a user with no record. */
    public static UserStatus unknown(String user) {
        return new UserStatus(user, 0, 0, "");
    }
}
