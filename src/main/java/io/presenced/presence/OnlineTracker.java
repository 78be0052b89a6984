package io.presenced.presence;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import io.presenced.concurrent.OncePerInterval;

/**
 * Keeps users' {@code online} time current while they have live clients, writing it at most once per user per
 * interval however many channels and clients the user has. A user seen for the first time is written at once.
 *
 * <p>Thread-safe. Remembers only users seen within the last two intervals.
 */
public final class OnlineTracker {

    private final Consumer<List<String>> markOnline;
    private final OncePerInterval marks;

    /**
     * Creates a tracker.
     *
     * @param markOnline writes {@code online = now} for a list of users; must not block
     * @param interval   the least time between two writes for one user
     */
    public OnlineTracker(Consumer<List<String>> markOnline, Clock clock, Duration interval) {
        this.markOnline = markOnline;
        this.marks = new OncePerInterval(interval.toMillis(), clock::millis);
    }

    /** Notes that the users have live clients now; writes the ones not written within the interval. */
    public void seen(Collection<String> users) {
        List<String> due = new ArrayList<>();
        for (String user : users) {
            if (!user.isEmpty() && marks.tryAcquire(user)) {
                due.add(user);
            }
        }
        if (!due.isEmpty()) {
            markOnline.accept(due);
        }
    }

    /** Forgets users not seen for two intervals, so memory follows the live users. */
    public void prune() {
        marks.prune(2);
    }
}
