package io.presenced.status;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * One change of a watched user, as pushed to its watchers.
 *
 * @param user    the user
 * @param version the user's version in the watch stream: a watcher drops an update not newer than what it has
 * @param status  the public view of the user's status, a JSON object (see {@link StatusEvents#json})
 */
public record WatchUpdate(String user, long version, String status) {

    public WatchUpdate {
        requireNonNull(user, "user");
        requireNonNull(status, "status");
    }

    /** Returns the push's data: {@code {"user", "version", "online", "status", ...}}. */
    public String pushData() {
        StringBuilder b = new StringBuilder(status.length() + user.length() + 32);
        b.append("{\"user\":\"").append(JsonStringEncoder.getInstance().quoteAsString(user)).append('"');
        b.append(",\"version\":").append(version);
        if (status.length() > 2) {
            b.append(',').append(status, 1, status.length());
        } else {
            b.append('}');
        }
        return b.toString();
    }
}
