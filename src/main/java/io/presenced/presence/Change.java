package io.presenced.presence;

/**
 * What one join or leave did to its channel.
 *
 * @param edge    for a join, the channel had no client before; for a leave, it has none now
 * @param event   what happened to a channel-state event the change caused
 * @param added   for a join, the entry is new (not a re-join of an entry that existed)
 * @param updated for a join, the entry existed with other infos, which the join replaced
 * @param removed for a leave, the entry that was removed; {@code null} when there was none
 */
public record Change(boolean edge, EventOutcome event, boolean added, boolean updated, ClientInfo removed) {

    /** What became of a channel-state event. */
    public enum EventOutcome {
        /** The change caused no event (or only a pending vacate). */
        NONE,
        /** An event was queued for delivery. */
        QUEUED,
        /** An event was due but the partition's queue was full: it was dropped and counted. */
        DROPPED
    }

    /** A change that added and removed no entry. */
    public Change(boolean edge, EventOutcome event) {
        this(edge, event, false, false, null);
    }

    /** The change did nothing to its channel's occupancy. */
    public static final Change NOTHING = new Change(false, EventOutcome.NONE);
    /** The channel became occupied or empty, and no event was queued. */
    public static final Change EDGE = new Change(true, EventOutcome.NONE);

    /**
     * Decodes a store's compact form: bit 0 edge, bit 1 queued, bit 2 dropped, bit 3 a new entry, bit 4 an entry
     * whose infos changed (what the Redis scripts return).
     */
    public static Change of(long code) {
        EventOutcome e = (code & 4) != 0 ? EventOutcome.DROPPED
                : (code & 2) != 0 ? EventOutcome.QUEUED : EventOutcome.NONE;
        return new Change((code & 1) != 0, e, (code & 8) != 0, (code & 16) != 0, null);
    }

    /** Returns whether subscribers should see a join: the entry is new, or its infos changed. */
    public boolean announced() {
        return added || updated;
    }

    /** Returns this change with the entry it removed. */
    public Change withRemoved(ClientInfo info) {
        return new Change(edge, event, added, updated, info);
    }
}
