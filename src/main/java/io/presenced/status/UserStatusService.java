package io.presenced.status;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.presenced.presence.Occupancy;
import io.presenced.presence.UserConnections;

/**
 * The user-status feature: records activity, connection times, device reports and what users set by hand, and
 * reads them back in bulk.
 *
 * <p>Thread-safe. Every method returns at once; the work completes on the store's threads.
 */
public final class UserStatusService {

    private final StatusStore store;
    private final Clock clock;
    private final Duration expireInterval;
    private final StatusModel model;
    private final int maxDevices;
    private final UserConnections live;

    /**
     * Creates the service.
     *
     * @param store          where records live
     * @param clock          source of the timestamps written
     * @param expireInterval how long a record lives after its last update
     * @param model          derives the status readers see
     * @param maxDevices     most devices kept per user
     * @param live           the users' live connections, told of activity (the idle timer) and of what users set
     *                       by hand, so that user events and watchers hear of them
     */
    public UserStatusService(StatusStore store, Clock clock, Duration expireInterval, StatusModel model,
                             int maxDevices, UserConnections live) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.expireInterval = requireNonNull(expireInterval, "expireInterval");
        this.model = requireNonNull(model, "model");
        this.maxDevices = maxDevices;
        this.live = requireNonNull(live, "live");
    }

    /** Marks the users active now; a non-empty {@code state} replaces their stored state. */
    public CompletionStage<Void> updateActive(List<String> users, String state) {
        return store.touch(users, nowSeconds(), 0, state, expireInterval).thenCompose(x -> activity(users));
    }

    // The idle timer restarts with each activity; only users with live connections ever turn idle by it.
    private CompletionStage<Void> activity(List<String> users) {
        return live.active(users, clock.millis() + model.idleAfterMillis());
    }

    /**
     * Records {@code device}'s report for each user now; an {@code active} report also marks the user active. A
     * non-empty {@code state} replaces the stored one.
     */
    public CompletionStage<Void> report(List<String> users, String state, DeviceReport device) {
        CompletionStage<Void> stored = store.report(users, device, state, nowSeconds(), maxDevices, expireInterval);
        return !device.idle() ? stored.thenCompose(x -> activity(users)) : stored;
    }

    /** Applies what the user set by hand. */
    public CompletionStage<Void> set(String user, StatusPatch patch) {
        return store.set(user, patch, expireInterval).thenCompose(x -> live.changed(List.of(user)));
    }

    /** Marks the users as holding a live connection now. */
    public CompletionStage<Void> markOnline(List<String> users) {
        return store.touch(users, 0, nowSeconds(), "", expireInterval);
    }

    /** Returns each user's status, in request order. */
    public CompletionStage<List<UserStatus>> get(List<String> users) {
        return store.get(users);
    }

    /**
     * Returns every fact of each user as of {@code now} (custom statuses and activities past their expiry left
     * out), in request order.
     */
    public CompletionStage<List<StatusRecord>> details(List<String> users, long now) {
        return store.details(users).thenApply(records -> {
            List<StatusRecord> out = new ArrayList<>(records.size());
            records.forEach(r -> out.add(r.at(now)));
            return out;
        });
    }

    /**
     * Returns the watch snapshot of {@code users} as a JSON object, {@code {"users": {"<id>": {"version", "online",
     * "status", ...}}}}: the public view of each, derived with its live connections, and its version in the watch
     * stream. Two bulk reads.
     */
    public CompletionStage<String> watchSnapshot(List<String> users) {
        long now = nowSeconds();
        return store.details(users).thenCombine(live.occupancy(users, true), (records, states) -> {
            StringBuilder b = new StringBuilder(32 + users.size() * 64).append("{\"users\":{");
            for (int i = 0; i < records.size(); i++) {
                StatusRecord r = records.get(i).at(now);
                Occupancy o = states.get(i);
                String status = StatusEvents.json(r, o.occupied(), true, model, now);
                if (i > 0) {
                    b.append(',');
                }
                b.append('"').append(JsonStringEncoder.getInstance().quoteAsString(r.user())).append("\":{\"version\":")
                        .append(o.version()).append(',').append(status, 1, status.length());
            }
            return b.append("}}").toString();
        });
    }

    /**
     * Returns each user's version in the backend's event stream (the version of its last event, 0 for none), in
     * request order, or {@code null} when user events are not delivered: for a backend that resynchronises.
     */
    public CompletionStage<List<Long>> eventVersions(List<String> users) {
        if (!live.delivered()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return live.occupancy(users, false).thenApply(states -> states.stream().map(Occupancy::version).toList());
    }

    /** Removes the users' records. */
    public CompletionStage<Void> delete(List<String> users) {
        return store.delete(users);
    }

    /** Returns the model that derives the status readers see. */
    public StatusModel model() {
        return model;
    }

    /** Returns the current time in Unix seconds, the unit of every stored time. */
    public long nowSeconds() {
        return clock.millis() / 1000;
    }
}
