package io.presenced.presence.memory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.presenced.config.ChannelStateConfig;
import io.presenced.presence.Change;
import io.presenced.presence.ChannelClient;
import io.presenced.presence.ChannelLimitException;
import io.presenced.presence.ClientInfo;
import io.presenced.presence.Partitioner;
import io.presenced.presence.PresenceCounts;
import io.presenced.presence.Occupancy;
import io.presenced.presence.PresenceEntry;
import io.presenced.presence.PresenceEvents;
import io.presenced.presence.PresenceStats;
import io.presenced.presence.PresenceStore;
import io.presenced.presence.StateListener;
import io.presenced.presence.StatePolicy;

/**
 * Keeps channel presence in this process, for the embedded engine. Channels are spread over partitions, each
 * guarded by its own lock, so changes to one channel are serialized and different partitions proceed in
 * parallel. Memory follows the live entries: an emptied channel and an expired entry leave nothing behind.
 * The same partitions hold the occupancy state machine and its event queues, changed under the same lock; the
 * delivery engine reads the queues through {@link #outbox()}.
 * Event ids are {@code <partition>-<epoch>-<seq>}, with a random node epoch chosen at creation: nothing survives
 * a restart, versions start again at 1, but ids are never reused.
 */
public final class InMemoryPresenceStore implements PresenceStore {

    private final Partitioner partitioner;
    private final Clock clock;
    private final StateListener listener;
    private final PresenceEvents events;
    private final MemoryPartition[] partitions;
    private final InMemoryStateOutbox outbox;
    // client -> channels it is in, for refresh and disconnect by client id.
    private final ConcurrentHashMap<String, ClientChannels> clients = new ConcurrentHashMap<>();

    /**
     * Creates an empty store over the partitioner's partitions.
     *
     * @param state  channel-state settings (vacate delay, queue bound, retention)
     * @param policy which channels keep occupancy state
     * @param clock    source of transition times
     * @param listener told about events dropped because a queue was full
     * @param events   told about every entry added or removed
     */
    public InMemoryPresenceStore(Partitioner partitioner, ChannelStateConfig state, StatePolicy policy, Clock clock,
                                 StateListener listener, PresenceEvents events) {
        this.partitioner = partitioner;
        this.clock = clock;
        this.listener = listener;
        this.events = events;
        this.partitions = new MemoryPartition[partitioner.count()];
        String epoch = newEpoch();
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = new MemoryPartition(i, epoch, state, policy);
        }
        this.outbox = new InMemoryStateOutbox(partitions, clock, listener);
    }

    /** Returns the channel-state queues of this store's partitions, for the delivery engine. */
    public InMemoryStateOutbox outbox() {
        return outbox;
    }

    /**
     * Returns a node epoch for event ids: random rather than the start time, so that neither a clock set back nor
     * a test clock fixed at one instant can make two runs share one.
     */
    private static String newEpoch() {
        return String.format("%016x", new SecureRandom().nextLong());
    }

    MemoryPartition partitionOf(String channel) {
        return partitions[partitioner.partition(channel)];
    }

    @Override
    public CompletionStage<List<Change>> join(List<PresenceEntry> entries, long deadlineMillis, int channelLimit) {
        try {
            admit(entries, channelLimit);
        } catch (ChannelLimitException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<Change> wasEmpty = new ArrayList<>(entries.size());
        for (PresenceEntry e : entries) {
            MemoryPartition p = partitionOf(e.channel());
            Change c;
            synchronized (p) {
                c = p.join(e, deadlineMillis, clock.millis());
                // Under the partition's lock, so that reports of one channel keep the order of its changes.
                if (c.announced()) {
                    events.joined(e.channel(), e.info());
                }
            }
            if (c.event() == Change.EventOutcome.DROPPED) {
                listener.dropped(e.channel());
            }
            wasEmpty.add(c);
        }
        return CompletableFuture.completedFuture(wasEmpty);
    }

    /**
     * Adds the entries' channels to their clients' channel sets, each client atomically and only when it stays
     * within the limit. When one would not, the channels already added for the others are taken back and the
     * failure is thrown: the call then changes nothing. (A concurrent call that joined one of those channels for
     * the same client in between loses its index entry too; that entry then expires with its TTL, as on Redis.)
     */
    private void admit(List<PresenceEntry> entries, int channelLimit) {
        Map<String, List<PresenceEntry>> byClient = new LinkedHashMap<>();
        entries.forEach(e -> byClient.computeIfAbsent(e.info().client(), k -> new ArrayList<>()).add(e));
        Map<String, List<String>> added = new LinkedHashMap<>();
        for (Map.Entry<String, List<PresenceEntry>> group : byClient.entrySet()) {
            int[] over = {0};
            List<String> fresh = new ArrayList<>();
            clients.compute(group.getKey(), (id, cc) -> {
                ClientChannels c = cc == null ? new ClientChannels() : cc;
                Set<String> wanted = new LinkedHashSet<>();
                group.getValue().forEach(e -> wanted.add(e.channel()));
                wanted.removeAll(c.channels);
                if (c.channels.size() + wanted.size() > channelLimit) {
                    over[0] = c.channels.size() + wanted.size();
                    return cc;
                }
                List<PresenceEntry> mine = group.getValue();
                c.user = mine.get(mine.size() - 1).info().user();
                c.channels.addAll(wanted);
                fresh.addAll(wanted);
                return c;
            });
            if (over[0] > 0) {
                added.forEach((client, channels) -> channels.forEach(ch -> forgetChannel(client, ch)));
                throw new ChannelLimitException(group.getKey(), over[0], channelLimit);
            }
            added.put(group.getKey(), fresh);
        }
    }

    @Override
    public CompletionStage<List<Change>> leave(List<ChannelClient> entries) {
        List<Change> nowEmpty = new ArrayList<>(entries.size());
        for (ChannelClient e : entries) {
            nowEmpty.add(removeEntry(e.channel(), e.client()));
            forgetChannel(e.client(), e.channel());
        }
        return CompletableFuture.completedFuture(nowEmpty);
    }

    @Override
    public CompletionStage<List<String>> refresh(List<String> clientIds, long deadlineMillis) {
        List<String> users = new ArrayList<>();
        for (String client : clientIds) {
            ClientChannels c = clients.get(client);
            if (c == null) {
                continue;
            }
            boolean any = false;
            for (String channel : c.snapshot()) {
                MemoryPartition p = partitionOf(channel);
                synchronized (p) {
                    any |= p.refresh(channel, client, deadlineMillis);
                }
            }
            if (any) {
                users.add(c.user);
            }
        }
        return CompletableFuture.completedFuture(users);
    }

    @Override
    public CompletionStage<List<Change.EventOutcome>> changed(List<String> channels) {
        List<Change.EventOutcome> out = new ArrayList<>(channels.size());
        for (String channel : channels) {
            MemoryPartition p = partitionOf(channel);
            synchronized (p) {
                out.add(p.changed(channel, clock.millis()));
            }
        }
        reportDrops(channels, out);
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletionStage<List<Change.EventOutcome>> active(List<String> channels, long quietAtMillis) {
        List<Change.EventOutcome> out = new ArrayList<>(channels.size());
        for (String channel : channels) {
            MemoryPartition p = partitionOf(channel);
            synchronized (p) {
                out.add(p.active(channel, quietAtMillis, clock.millis()));
            }
        }
        reportDrops(channels, out);
        return CompletableFuture.completedFuture(out);
    }

    private void reportDrops(List<String> channels, List<Change.EventOutcome> outcomes) {
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == Change.EventOutcome.DROPPED) {
                listener.dropped(channels.get(i));
            }
        }
    }

    @Override
    public CompletionStage<List<Occupancy>> occupancy(List<String> channels) {
        List<Occupancy> out = new ArrayList<>(channels.size());
        for (String channel : channels) {
            MemoryPartition p = partitionOf(channel);
            synchronized (p) {
                out.add(p.occupancy(channel));
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletionStage<List<String>> withoutEntries(List<String> clientIds) {
        List<String> out = new ArrayList<>();
        for (String client : clientIds) {
            ClientChannels c = clients.get(client);
            if (c == null || c.channels.isEmpty()) {
                out.add(client);
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletionStage<Void> disconnect(List<String> clientIds) {
        for (String client : clientIds) {
            ClientChannels c = clients.remove(client);
            if (c != null) {
                for (String channel : c.snapshot()) {
                    removeEntry(channel, client);
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Map<String, ClientInfo>> presence(String channel) {
        MemoryPartition p = partitionOf(channel);
        synchronized (p) {
            return CompletableFuture.completedFuture(p.presence(channel));
        }
    }

    @Override
    public CompletionStage<PresenceStats> stats(String channel) {
        MemoryPartition p = partitionOf(channel);
        synchronized (p) {
            return CompletableFuture.completedFuture(p.stats(channel));
        }
    }

    @Override
    public CompletionStage<Map<String, Integer>> channels() {
        Map<String, Integer> out = new HashMap<>();
        for (MemoryPartition p : partitions) {
            synchronized (p) {
                p.counts(out);
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletionStage<Integer> sweep(long nowMillis) {
        int removed = 0;
        for (MemoryPartition p : partitions) {
            List<PresenceEntry> expired;
            synchronized (p) {
                expired = p.removeExpired(nowMillis);
                expired.forEach(e -> events.left(e.channel(), e.info()));
            }
            for (PresenceEntry e : expired) {
                forgetChannel(e.info().client(), e.channel());
            }
            removed += expired.size();
        }
        return CompletableFuture.completedFuture(removed);
    }

    @Override
    public CompletionStage<PresenceCounts> counts() {
        long entries = 0;
        long channels = 0;
        for (MemoryPartition p : partitions) {
            synchronized (p) {
                entries += p.size();
                channels += p.channelCount();
            }
        }
        return CompletableFuture.completedFuture(new PresenceCounts(entries, channels));
    }

    /** Returns the number of entries held, over all channels. */
    public int size() {
        int n = 0;
        for (MemoryPartition p : partitions) {
            synchronized (p) {
                n += p.size();
            }
        }
        return n;
    }

    private Change removeEntry(String channel, String client) {
        MemoryPartition p = partitionOf(channel);
        synchronized (p) {
            Change c = p.leave(channel, client, clock.millis());
            if (c.removed() != null) {
                events.left(channel, c.removed());
            }
            return c;
        }
    }

    private void forgetChannel(String client, String channel) {
        clients.computeIfPresent(client, (id, c) -> {
            c.channels.remove(channel);
            return c.channels.isEmpty() ? null : c;
        });
    }

    @Override
    public void close() {
        clients.clear();
    }

    /** The channels of one client; changed only inside {@code clients.compute*}, read from anywhere. */
    private static final class ClientChannels {
        volatile String user = "";
        final Set<String> channels = ConcurrentHashMap.newKeySet();

        List<String> snapshot() {
            return new ArrayList<>(channels);
        }
    }
}
