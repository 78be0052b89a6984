package io.presenced.presence.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.presenced.config.ChannelStateConfig;
import io.presenced.presence.Change;
import io.presenced.presence.ClientInfo;
import io.presenced.presence.Occupancy;
import io.presenced.presence.PresenceEntry;
import io.presenced.presence.PresenceStats;
import io.presenced.presence.StatePolicy;
import io.presenced.state.ChannelEvent;

/**
 * The presence of one partition's channels, their deadlines in order, and the partition's occupancy state
 * machine with its pending vacates and its queue of undelivered events. Not thread-safe: the owner holds the
 * partition's lock around every call, which makes each presence change and the transition it causes one step.
 */
final class MemoryPartition {

    private final int partition;
    private final String idPrefix;
    private final ChannelStateConfig state;
    private final StatePolicy policy;
    private final Map<String, ChannelPresence> channels = new HashMap<>();
    private final TreeSet<Deadline> deadlines = new TreeSet<>();
    private final Map<String, ChannelState> states = new HashMap<>();
    private final Map<String, Long> pendingDue = new HashMap<>();
    private final TreeSet<Deadline> pendingOrder = new TreeSet<>();
    private final ArrayDeque<ChannelEvent> outbox = new ArrayDeque<>();
    private final Map<String, Long> quietDue = new HashMap<>();
    private final TreeSet<Deadline> quietOrder = new TreeSet<>();
    private long eventSeq;
    private int size;

    /**
     * @param epoch the node epoch in this partition's event ids, {@code <partition>-<epoch>-<seq>}: new on every
     *              start, so that ids are never reused although the sequence starts again at 1
     */
    MemoryPartition(int partition, String epoch, ChannelStateConfig state, StatePolicy policy) {
        this.partition = partition;
        this.idPrefix = partition + "-" + epoch + "-";
        this.state = state;
        this.policy = policy;
    }

    /** Adds or replaces an entry; the change's edge says the channel was empty before. */
    Change join(PresenceEntry e, long deadline, long now) {
        ChannelPresence ch = channels.computeIfAbsent(e.channel(), k -> new ChannelPresence());
        boolean wasEmpty = ch.clients.isEmpty();
        Slot old = ch.clients.put(e.info().client(), new Slot(e.info(), deadline));
        if (old != null) {
            deadlines.remove(new Deadline(old.deadline, e.channel(), e.info().client()));
            ch.removeUser(old.info.user());
        } else {
            size++;
        }
        ch.users.merge(e.info().user(), 1, Integer::sum);
        deadlines.add(new Deadline(deadline, e.channel(), e.info().client()));
        return new Change(wasEmpty, wasEmpty ? occupy(e.channel(), now) : Change.EventOutcome.NONE, old == null,
                old != null && !old.info.equals(e.info()), null);
    }

    private Change.EventOutcome occupy(String channel, long now) {
        String events = policy.eventsOf(channel);
        if (events.isEmpty()) {
            return Change.EventOutcome.NONE;
        }
        Long due = pendingDue.remove(channel);
        if (due != null) {
            // Back within the vacate delay: for the backend the channel never stopped being occupied.
            pendingOrder.remove(new Deadline(due, channel, ""));
            return Change.EventOutcome.NONE;
        }
        ChannelState s = states.computeIfAbsent(channel, k -> new ChannelState());
        s.events = events;
        if (s.occupied) {
            return Change.EventOutcome.NONE;
        }
        s.occupied = true;
        s.version++;
        return events.indexOf('o') >= 0 ? append(channel, ChannelEvent.OCCUPIED, now, s.version)
                : Change.EventOutcome.NONE;
    }

    /** Removes an entry; the change's edge says the channel is empty now, and it carries the removed entry. */
    Change leave(String channel, String client, long now) {
        ChannelPresence ch = channels.get(channel);
        if (ch == null) {
            return Change.EDGE;
        }
        Slot old = ch.clients.remove(client);
        ClientInfo removed = null;
        if (old != null) {
            size--;
            deadlines.remove(new Deadline(old.deadline, channel, client));
            ch.removeUser(old.info.user());
            removed = old.info;
        }
        if (!ch.clients.isEmpty()) {
            return Change.NOTHING.withRemoved(removed);
        }
        channels.remove(channel);
        ChannelState s = states.get(channel);
        if (old != null && s != null && s.occupied && !pendingDue.containsKey(channel)) {
            long due = now + state.vacatedEventDelay().toMillis();
            pendingDue.put(channel, due);
            pendingOrder.add(new Deadline(due, channel, ""));
        }
        return Change.EDGE.withRemoved(removed);
    }

    /** Queues a {@link ChannelEvent#CHANGED} event of {@code channel} with its next version. */
    Change.EventOutcome changed(String channel, long now) {
        ChannelState s = states.computeIfAbsent(channel, k -> new ChannelState());
        s.version++;
        if (!s.occupied) {
            // Remembered for the state retention, like a vacated channel's version.
            s.vacatedAt = now;
        }
        return append(channel, ChannelEvent.CHANGED, now, s.version, s.occupied);
    }

    /**
     * Notes activity in {@code channel}: it turns quiet at {@code quietAt} unless active again before. An occupied
     * channel that had turned quiet, or had no quiet time pending, gets a {@link ChannelEvent#CHANGED} event.
     */
    Change.EventOutcome active(String channel, long quietAt, long now) {
        Long old = quietDue.put(channel, quietAt);
        if (old != null) {
            quietOrder.remove(new Deadline(old, channel, ""));
        }
        quietOrder.add(new Deadline(quietAt, channel, ""));
        ChannelState s = states.get(channel);
        // Active again after turning quiet, or for the first time since it was occupied or quiet: a change.
        if (s == null || !s.occupied || !s.quiet && old != null) {
            return Change.EventOutcome.NONE;
        }
        s.quiet = false;
        s.version++;
        return append(channel, ChannelEvent.CHANGED, now, s.version, s.occupied);
    }

    /** Returns the channel's occupancy state and version. */
    Occupancy occupancy(String channel) {
        ChannelState s = states.get(channel);
        return s == null ? Occupancy.NONE : new Occupancy(s.version, s.occupied);
    }

    /** Moves an existing entry's deadline; returns whether the entry exists. */
    boolean refresh(String channel, String client, long deadline) {
        ChannelPresence ch = channels.get(channel);
        Slot old = ch == null ? null : ch.clients.get(client);
        if (old == null) {
            return false;
        }
        deadlines.remove(new Deadline(old.deadline, channel, client));
        ch.clients.put(client, new Slot(old.info, deadline));
        deadlines.add(new Deadline(deadline, channel, client));
        return true;
    }

    /** Removes the entries whose deadline is at or before {@code now} and returns them. */
    List<PresenceEntry> removeExpired(long now) {
        List<PresenceEntry> out = new ArrayList<>();
        while (!deadlines.isEmpty() && deadlines.first().at <= now) {
            Deadline d = deadlines.first();
            ClientInfo removed = leave(d.channel, d.client, now).removed();
            if (removed != null) {
                out.add(new PresenceEntry(d.channel, removed));
            }
        }
        pruneStates(now);
        return out;
    }

    /**
     * Runs due vacates, then returns up to {@code max} undelivered events, oldest first. Channels whose vacated
     * event was dropped because the queue was full are added to {@code dropped}.
     */
    List<ChannelEvent> poll(int max, long now, List<String> dropped) {
        while (!pendingOrder.isEmpty() && pendingOrder.first().at <= now) {
            Deadline d = pendingOrder.pollFirst();
            pendingDue.remove(d.channel);
            ChannelState s = states.get(d.channel);
            if (s == null || !s.occupied || channels.containsKey(d.channel)) {
                continue;
            }
            s.occupied = false;
            s.version++;
            s.vacatedAt = now;
            if (s.events.indexOf('v') >= 0 && append(d.channel, ChannelEvent.VACATED,
                    d.at - state.vacatedEventDelay().toMillis(), s.version) == Change.EventOutcome.DROPPED) {
                dropped.add(d.channel);
            }
        }
        while (!quietOrder.isEmpty() && quietOrder.first().at <= now) {
            Deadline d = quietOrder.pollFirst();
            quietDue.remove(d.channel);
            ChannelState s = states.get(d.channel);
            // Only an occupied channel turns quiet: an offline user is not idle.
            if (s == null || !s.occupied || s.quiet) {
                continue;
            }
            s.quiet = true;
            s.version++;
            if (append(d.channel, ChannelEvent.CHANGED, d.at, s.version, true) == Change.EventOutcome.DROPPED) {
                dropped.add(d.channel);
            }
        }
        List<ChannelEvent> out = new ArrayList<>(Math.min(max, outbox.size()));
        Iterator<ChannelEvent> it = outbox.iterator();
        while (it.hasNext() && out.size() < max) {
            out.add(it.next());
        }
        return out;
    }

    /** Removes delivered events from the head of the queue. */
    void ack(List<ChannelEvent> delivered) {
        for (ChannelEvent e : delivered) {
            if (!outbox.isEmpty() && outbox.peekFirst().id().equals(e.id())) {
                outbox.pollFirst();
            }
        }
    }

    int queued() {
        return outbox.size();
    }

    private Change.EventOutcome append(String channel, String type, long time, long version) {
        return append(channel, type, time, version, ChannelEvent.OCCUPIED.equals(type));
    }

    private Change.EventOutcome append(String channel, String type, long time, long version, boolean occupied) {
        if (outbox.size() >= state.maxQueueSize()) {
            return Change.EventOutcome.DROPPED;
        }
        outbox.addLast(new ChannelEvent(idPrefix + (++eventSeq), partition, channel, type, time, version,
                occupied));
        return Change.EventOutcome.QUEUED;
    }

    private void pruneStates(long now) {
        long cutoff = now - state.stateRetention().toMillis();
        states.values().removeIf(s -> !s.occupied && s.vacatedAt > 0 && s.vacatedAt < cutoff);
    }

    Map<String, ClientInfo> presence(String channel) {
        ChannelPresence ch = channels.get(channel);
        Map<String, ClientInfo> out = new LinkedHashMap<>();
        if (ch != null) {
            ch.clients.forEach((id, slot) -> out.put(id, slot.info));
        }
        return out;
    }

    PresenceStats stats(String channel) {
        ChannelPresence ch = channels.get(channel);
        return ch == null ? new PresenceStats(0, 0) : new PresenceStats(ch.clients.size(), ch.users.size());
    }

    void counts(Map<String, Integer> out) {
        channels.forEach((name, ch) -> out.put(name, ch.clients.size()));
    }

    int size() {
        return size;
    }

    int channelCount() {
        return channels.size();
    }

    private static final class ChannelPresence {
        final Map<String, Slot> clients = new LinkedHashMap<>();
        final Map<String, Integer> users = new HashMap<>();

        void removeUser(String user) {
            users.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
        }
    }

    private static final class ChannelState {
        boolean occupied;
        // Turned quiet (a user: idle) since its last activity, and an event said so.
        boolean quiet;
        long version;
        long vacatedAt;
        String events = "";
    }

    private record Slot(ClientInfo info, long deadline) {
    }

    private record Deadline(long at, String channel, String client) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline o) {
            int c = Long.compare(at, o.at);
            if (c == 0) {
                c = channel.compareTo(o.channel);
            }
            return c != 0 ? c : client.compareTo(o.client);
        }
    }
}
