package io.presenced.status;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where user-status records live. Every method takes a whole list of users and costs one round trip per
 * storage node, whatever the list's length. Implementations never block the calling thread.
 *
 * <p>Timestamps only move forward: an update older than the stored value leaves it unchanged, so nodes whose
 * clocks differ slightly cannot make a user look less recent.
 */
public interface StatusStore extends AutoCloseable {

    /**
     * Sets {@code active} (and {@code online}, when {@code online} is non-zero) of each user and extends each
     * record's life to {@code ttl}. A non-empty {@code state} replaces the stored one.
     */
    CompletionStage<Void> touch(List<String> users, long active, long online, String state, Duration ttl);

    /**
     * Records a device's report for each user at {@code now} (Unix seconds): the device is updated or added (at most
     * {@code maxDevices} are kept, the least recently heard leave first); an {@code active} report also raises the
     * user's {@code active} to {@code now}. A non-empty {@code state} replaces the stored one. Extends each record's
     * life to {@code ttl}.
     */
    CompletionStage<Void> report(List<String> users, DeviceReport report, String state, long now, int maxDevices,
                                 Duration ttl);

    /** Applies {@code patch} to the user's record, creating it if needed, and extends its life to {@code ttl}. */
    CompletionStage<Void> set(String user, StatusPatch patch, Duration ttl);

    /**
     * Returns one status per requested user, in request order; a user without a record gets
     * {@link UserStatus#unknown(String)}.
     */
    CompletionStage<List<UserStatus>> get(List<String> users);

    /**
     * Returns every stored fact of each user, in request order; a user without a record gets
     * {@link StatusRecord#unknown(String)}. A custom status or activity past its expiry may still be returned: the
     * reader applies {@link StatusRecord#at(long)}.
     */
    CompletionStage<List<StatusRecord>> details(List<String> users);

    /** Removes the records of the users, every fact included. */
    CompletionStage<Void> delete(List<String> users);

    /** Releases what the store holds. Does not close shared connections it was given. */
    @Override
    void close();
}
