package io.presenced.presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The presence of one partition's channels, with their deadlines in order. Not thread-safe: the owner holds the
 * partition's lock around every call.
 */
final class MemoryPartition {

    private final Map<String, ChannelPresence> channels = new HashMap<>();
    private final TreeSet<Deadline> deadlines = new TreeSet<>();
    private int size;

    /** Adds or replaces an entry; returns whether the channel was empty before. */
    boolean join(PresenceEntry e, long deadline) {
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
        return wasEmpty;
    }

    /** Removes an entry; returns whether the channel is empty now. */
    boolean leave(String channel, String client) {
        ChannelPresence ch = channels.get(channel);
        if (ch == null) {
            return true;
        }
        Slot old = ch.clients.remove(client);
        if (old != null) {
            size--;
            deadlines.remove(new Deadline(old.deadline, channel, client));
            ch.removeUser(old.info.user());
        }
        if (ch.clients.isEmpty()) {
            channels.remove(channel);
            return true;
        }
        return false;
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
    List<ChannelClient> removeExpired(long now) {
        List<ChannelClient> out = new ArrayList<>();
        while (!deadlines.isEmpty() && deadlines.first().at <= now) {
            Deadline d = deadlines.first();
            out.add(new ChannelClient(d.channel, d.client));
            leave(d.channel, d.client);
        }
        return out;
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

    private static final class ChannelPresence {
        final Map<String, Slot> clients = new LinkedHashMap<>();
        final Map<String, Integer> users = new HashMap<>();

        void removeUser(String user) {
            users.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
        }
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
