package io.presenced.status;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

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
        return update(users, ttl, r -> new StatusRecord(r.user(), Math.max(r.active(), active),
                Math.max(r.online(), online), state.isEmpty() ? r.state() : state, r.manual(), r.custom(),
                r.activity(), r.devices()));
    }

    @Override
    public CompletionStage<Void> report(List<String> users, DeviceReport report, String state, long now,
                                        int maxDevices, Duration ttl) {
        return update(users, ttl, r -> new StatusRecord(r.user(), report.idle() ? r.active() : Math.max(r.active(),
                now), r.online(), state.isEmpty() ? r.state() : state, r.manual(), r.custom(), r.activity(),
                StatusRecord.reported(r.devices(), report, now, maxDevices)));
    }

    @Override
    public CompletionStage<Void> set(String user, StatusPatch patch, Duration ttl) {
        return update(List.of(user), ttl, patch::applyTo);
    }

    private CompletionStage<Void> update(List<String> users, Duration ttl,
                                         UnaryOperator<StatusRecord> change) {
        long now = clock.millis();
        long expiresAt = now + ttl.toMillis();
        for (String user : users) {
            records.compute(user, (k, old) -> new Entry(change.apply(
                    old == null || old.expiresAt <= now ? StatusRecord.unknown(user) : old.facts), expiresAt));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<UserStatus>> get(List<String> users) {
        List<StatusRecord> facts = read(users);
        List<UserStatus> out = new ArrayList<>(facts.size());
        facts.forEach(r -> out.add(r.base()));
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletionStage<List<StatusRecord>> details(List<String> users) {
        return CompletableFuture.completedFuture(read(users));
    }

    private List<StatusRecord> read(List<String> users) {
        long now = clock.millis();
        List<StatusRecord> out = new ArrayList<>(users.size());
        for (String user : users) {
            Entry e = records.get(user);
            out.add(e == null || e.expiresAt <= now ? StatusRecord.unknown(user) : e.facts);
        }
        return out;
    }

    @Override
    public CompletionStage<Void> delete(List<String> users) {
        users.forEach(records::remove);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Removes expired records, and the custom statuses and activities past their expiry; returns how many records
     * were removed.
     */
    public int sweep() {
        long now = clock.millis();
        int before = records.size();
        records.values().removeIf(e -> e.expiresAt <= now);
        int removed = before - records.size();
        long nowSeconds = now / 1000;
        records.replaceAll((user, e) -> {
            StatusRecord current = e.facts.at(nowSeconds);
            return current == e.facts ? e : new Entry(current, e.expiresAt);
        });
        return removed;
    }

    /** Returns the number of records held, expired ones included until the next sweep. */
    public int size() {
        return records.size();
    }

    @Override
    public void close() {
        records.clear();
    }

    private record Entry(StatusRecord facts, long expiresAt) {
    }
}
