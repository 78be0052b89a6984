package io.presenced.status;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;

import io.presenced.status.StatusRecord.ManualState;

/**
 * Derives the status a reader sees from the stored facts, at read time, so that it never goes stale in storage:
 *
 * <ol>
 *   <li>{@code offline} when the last sign of life ({@code online}, {@code active} or any device's last report) is
 *       older than {@code offline_after}, or there is none;</li>
 *   <li>otherwise the manual state, when one is set ({@code away}, {@code busy}, {@code dnd}, {@code invisible});</li>
 *   <li>otherwise {@code active} when the last activity is at most {@code idle_after} old, else {@code idle}.</li>
 * </ol>
 *
 * <p>Ages are whole seconds and the bounds are inclusive: a user last seen exactly {@code offline_after} ago is not
 * offline yet. Immutable and thread-safe.
 */
public final class StatusModel {

    /** A derived status. Its wire name is the lower-case constant name. */
    public enum Derived {
        OFFLINE, ACTIVE, IDLE, AWAY, BUSY, DND, INVISIBLE;

        private final String wire = name().toLowerCase(Locale.ROOT);

        /** Returns the wire name, such as {@code idle}. */
        public String wire() {
            return wire;
        }
    }

    private final long idleAfter;
    private final long offlineAfter;

    /**
     * Creates the model.
     *
     * @param idleAfter    how long after the last activity a present user turns {@code idle}
     * @param offlineAfter how long after the last sign of life a user turns {@code offline}
     */
    public StatusModel(Duration idleAfter, Duration offlineAfter) {
        this.idleAfter = requireNonNull(idleAfter, "idleAfter").toSeconds();
        this.offlineAfter = requireNonNull(offlineAfter, "offlineAfter").toSeconds();
    }

    /** Returns how long after the last activity a present user turns idle, in milliseconds. */
    public long idleAfterMillis() {
        return idleAfter * 1000;
    }

    /** Returns the status of {@code r} at {@code now}, Unix seconds. */
    public Derived derive(StatusRecord r, long now) {
        long seen = r.lastSeen();
        if (seen == 0 || now - seen > offlineAfter) {
            return Derived.OFFLINE;
        }
        return present(r, now, idleAfter);
    }

    /**
     * Returns the status of {@code r} at {@code now} (Unix seconds) for a reader that knows whether the user holds a
     * live connection, as user events and watchers do: without one the user is offline, whatever its timestamps
     * say; with one it is never offline. A user turns idle exactly {@code idle_after} after its last activity,
     * when its idle timer fires.
     */
    public Derived deriveConnected(StatusRecord r, boolean connected, long now) {
        return connected ? present(r, now, idleAfter - 1) : Derived.OFFLINE;
    }

    // The status of a present user: what it set by hand, else active within maxIdle seconds of its last activity.
    private static Derived present(StatusRecord r, long now, long maxIdle) {
        if (r.manual() != null) {
            return switch (r.manual()) {
                case AWAY -> Derived.AWAY;
                case BUSY -> Derived.BUSY;
                case DND -> Derived.DND;
                case INVISIBLE -> Derived.INVISIBLE;
            };
        }
        long active = r.lastActive();
        return active != 0 && now - active <= maxIdle ? Derived.ACTIVE : Derived.IDLE;
    }

    /**
     * Returns {@code r} as anyone but its user and the backend may see it: an invisible user is exactly a user
     * presenced knows nothing of, so no reader can tell the two apart.
     */
    public static StatusRecord publicView(StatusRecord r) {
        return r.manual() == ManualState.INVISIBLE ? StatusRecord.unknown(r.user()) : r;
    }

    /**
     * Returns Zulip's {@code aggregated} summary of {@code r}, or {@code null} when nothing of the user was ever
     * heard. Its timestamp is the last sign of life; its status says whether the user was active within
     * {@code idle_after} of that moment, so that it never depends on when it is read: a reader computes
     * {@code offline} from the timestamp, as Zulip's clients do.
     */
    public Aggregated aggregate(StatusRecord r) {
        long seen = r.lastSeen();
        if (seen == 0) {
            return null;
        }
        long active = r.lastActive();
        String client = "";
        long latest = 0;
        for (StatusRecord.Device d : r.devices()) {
            if (d.heard() >= latest) {
                latest = d.heard();
                client = d.id();
            }
        }
        boolean isActive = active != 0 && seen - active <= idleAfter;
        return new Aggregated(client, isActive ? "active" : "idle", seen);
    }

    /**
     * Zulip's summary of one user.
     *
     * @param client    the device heard last, {@code ""} when only device-less reports were heard
     * @param status    {@code active} or {@code idle}
     * @param timestamp the last sign of life, Unix seconds
     */
    public record Aggregated(String client, String status, long timestamp) {
    }
}
