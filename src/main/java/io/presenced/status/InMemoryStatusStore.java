package io.presenced.status;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps user-status records in this process, for the embedded engine. Expired records are invisible at once
 * and removed by {@link #sweep()}, which the owner calls periodically, so memory follows the live records.
 */
public final class InMemoryStatusStore implements StatusStore {

    private final ConcurrentHashMap<String, Entry> records = new ConcurrentHashMap<>();
    private final Clock clock;

    /** Creates an empty store whose expiry follows {@code clock}. */
    public InMemoryStatusStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<Void> touch(List<String> users, long active, long online, String state, Duration ttl) {
        long now = clock.millis();
        long expiresAt = now + ttl.toMillis();
        for (String user : users) {
            records.compute(user, (k, old) -> {
                Entry base = old == null || old.expiresAt <= now ? Entry.EMPTY : old;
                return new Entry(Math.max(base.active, active), Math.max(base.online, online),
                        state.isEmpty() ? base.state : state, expiresAt);
            });
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<UserStatus>> get(List<String> users) {
        long now = clock.millis();
        List<UserStatus> out = new ArrayList<>(users.size());
        for (String user : users) {
            Entry e = records.get(user);
            out.add(e == null || e.expiresAt <= now
                    ? UserStatus.unknown(user)
                    : new UserStatus(user, e.active, e.online, e.state));
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletionStage<Void> delete(List<String> users) {
        users.forEach(records::remove);
        return CompletableFuture.completedFuture(null);
    }

    /** Removes expired records and returns how many were removed. */
    public int sweep() {
        long now = clock.millis();
        int before = records.size();
        records.values().removeIf(e -> e.expiresAt <= now);
        return before - records.size();
    }

    /** Returns the number of records held, expired ones included until the next sweep. */
    public int size() {
        return records.size();
    }

    @Override
    public void close() {
        records.clear();
    }

    private record Entry(long active, long online, String state, long expiresAt) {
        static final Entry EMPTY = new Entry(0, 0, "", 0);
    }
}
