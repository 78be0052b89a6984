package io.presenced.status;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The user-status feature: records activity and connection times, reads them back in bulk.
 *
 * <p>Thread-safe. Every method returns at once; the work completes on the store's threads.
 */
public final class UserStatusService {

    private final StatusStore store;
    private final Clock clock;
    private final Duration expireInterval;

    /**
     * Creates the service.
     *
     * @param store          where records live
     * @param clock          source of the timestamps written
     * @param expireInterval how long a record lives after its last update
     */
    public UserStatusService(StatusStore store, Clock clock, Duration expireInterval) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.expireInterval = requireNonNull(expireInterval, "expireInterval");
    }

    /** Marks the users active now; a non-empty {@code state} replaces their stored state. */
    public CompletionStage<Void> updateActive(List<String> users, String state) {
        return store.touch(users, nowSeconds(), 0, state, expireInterval);
    }

    /** Marks the users as holding a live connection now. */
    public CompletionStage<Void> markOnline(List<String> users) {
        return store.touch(users, 0, nowSeconds(), "", expireInterval);
    }

    /** Returns each user's status, in request order. */
    public CompletionStage<List<UserStatus>> get(List<String> users) {
        return store.get(users);
    }

    /** Removes the users' records. */
    public CompletionStage<Void> delete(List<String> users) {
        return store.delete(users);
    }

    private long nowSeconds() {
        return clock.millis() / 1000;
    }
}
