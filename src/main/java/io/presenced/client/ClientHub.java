package io.presenced.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.presenced.concurrent.OncePerInterval;
import io.presenced.presence.ChannelClient;
import io.presenced.presence.ClientInfo;
import io.presenced.presence.Namespaces;
import io.presenced.presence.NodeClients;
import io.presenced.presence.PresenceEvents;
import io.presenced.presence.PresenceService;
import io.presenced.status.WatchUpdate;
import io.presenced.status.WatchUpdates;
import io.presenced.tasks.BackgroundTasks;

/**
 * The node's client sessions: the connection cap, who is subscribed to which channel here, join and leave delivery
 * to those subscribers, and the bulk presence refresh (one {@link PresenceService#refreshEntries} per
 * {@code client.presence_refresh_batch_size} entries per interval, each a few store calls, never one per connection).
 * Thread-safe.
 */
public final class ClientHub implements PresenceEvents, WatchUpdates {

    static final String REFRESH_TASK = "client-presence-refresh";

    private final PresenceService presence;
    private final BackgroundTasks tasks;
    private final int connectionLimit;
    private final int chunk;
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Set<ClientSession>> channels = new ConcurrentHashMap<>();
    // Watched user -> the sessions watching it here.
    private final ConcurrentHashMap<String, Set<ClientSession>> watchers = new ConcurrentHashMap<>();
    private final AtomicInteger connected = new AtomicInteger();
    // At most one client status write per user per interval; calls within it succeed without a write.
    private final OncePerInterval statusThrottle;
    private final Namespaces namespaces;
    private final NodeClients nodeClients;
    private final Object drain = new Object();
    private int leaving; // guarded by drain

    /**
     * Creates the hub.
     *
     * @param connectionLimit most connected sessions at once
     * @param chunk           most entries per refresh call
     * @param statusInterval  least time between two client status writes for one user
     * @param namespaces      which channels push joins and leaves ({@code join_leave})
     * @param nodeClients     the node lease the sessions' clients are registered with
     */
    public ClientHub(PresenceService presence, BackgroundTasks tasks, int connectionLimit, int chunk,
                     Duration statusInterval, Namespaces namespaces, NodeClients nodeClients) {
        this.namespaces = requireNonNull(namespaces, "namespaces");
        this.nodeClients = requireNonNull(nodeClients, "nodeClients");
        this.presence = requireNonNull(presence, "presence");
        this.tasks = requireNonNull(tasks, "tasks");
        this.connectionLimit = connectionLimit;
        this.chunk = chunk;
        this.statusThrottle = new OncePerInterval(statusInterval.toNanos(), System::nanoTime);
    }

    /** Starts the periodic refresh of the sessions' presence and their users' {@code online} time. */
    public void start(ScheduledExecutorService executor, Duration interval) {
        tasks.every(executor, REFRESH_TASK, interval, interval, this::refresh);
    }

    /** Returns how many sessions are connected now. */
    public int connectedCount() {
        return connected.get();
    }

    /** Closes every session with {@code reason}, from any thread. */
    public void closeAll(Disconnect reason) {
        sessions.forEach(s -> s.closeFromAnyThread(reason));
    }

    /**
     * Waits until every session has closed and the presence of each has been removed (or its removal failed), for
     * at most {@code max}; returns whether that happened. For shutdown, after {@link #closeAll}: the node gives up
     * its lease only after this, so that no entry of its clients is left to the presence TTL.
     */
    public boolean awaitDrained(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (drain) {
            while (!sessions.isEmpty() || leaving > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // Sessions leave the set without a signal: checked again every few milliseconds.
                drain.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 10)));
            }
        }
        return true;
    }

    /** A closed session's presence removal is under way. */
    void leaving() {
        synchronized (drain) {
            leaving++;
        }
    }

    /** A removal counted by {@link #leaving} has completed, one way or another. */
    void left() {
        synchronized (drain) {
            if (--leaving == 0) {
                drain.notifyAll();
            }
        }
    }

    /** Registers {@code s} as a watcher of each user. */
    void watch(Collection<String> users, ClientSession s) {
        for (String user : users) {
            watchers.computeIfAbsent(user, k -> ConcurrentHashMap.newKeySet()).add(s);
        }
    }

    /** Removes {@code s} from the watchers of each user. */
    void unwatch(Collection<String> users, ClientSession s) {
        for (String user : users) {
            watchers.computeIfPresent(user, (k, set) -> {
                set.remove(s);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** Pushes each update to this node's watchers of its user; the push's data is built once per update. */
    @Override
    public void deliver(List<WatchUpdate> updates) {
        for (WatchUpdate u : updates) {
            Set<ClientSession> set = watchers.get(u.user());
            if (set != null) {
                String data = u.pushData();
                set.forEach(s -> s.watchPushFromAnyThread(data));
            }
        }
    }

    boolean admit(ClientSession s) {
        if (connected.incrementAndGet() > connectionLimit) {
            connected.decrementAndGet();
            return false;
        }
        sessions.add(s);
        return true;
    }

    void release(ClientSession s) {
        if (sessions.remove(s)) {
            connected.decrementAndGet();
        }
    }

    void subscribed(String channel, ClientSession s) {
        channels.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(s);
    }

    void unsubscribed(String channel, ClientSession s) {
        channels.computeIfPresent(channel, (c, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    /** The node lease the sessions' clients are registered with. */
    NodeClients nodeClients() {
        return nodeClients;
    }

    OncePerInterval statusThrottle() {
        return statusThrottle;
    }

    @Override
    public void joined(String channel, ClientInfo info) {
        deliver(channel, info, true);
    }

    @Override
    public void left(String channel, ClientInfo info) {
        deliver(channel, info, false);
    }

    // Every join and leave of the presence model arrives here, from this node's store and, on Redis, from the other
    // nodes; only namespaces with join_leave push them.
    private void deliver(String channel, ClientInfo info, boolean join) {
        Set<ClientSession> subscribers = channels.get(channel);
        if (subscribers == null || !namespaces.emitsJoinLeave(channel)) {
            return;
        }
        subscribers.forEach(s -> s.pushFromAnyThread(channel, info, join));
    }

    private void refresh() {
        statusThrottle.prune(1);
        List<ChannelClient> entries = new ArrayList<>();
        List<String> users = new ArrayList<>();
        List<ChannelClient> connections = new ArrayList<>();
        for (ClientSession s : sessions) {
            String client = s.clientId();
            if (client != null) {
                s.presentChannels().forEach(channel -> entries.add(new ChannelClient(channel, client)));
            }
            String user = s.connectedUser();
            if (user != null) {
                users.add(user);
                if (client != null && !user.isEmpty()) {
                    connections.add(new ChannelClient(user, client));
                }
            }
        }
        for (int from = 0; from < connections.size(); from += chunk) {
            List<ChannelClient> part =
                    List.copyOf(connections.subList(from, Math.min(connections.size(), from + chunk)));
            presence.refreshAttached(part).whenComplete((v, e) -> {
                if (e != null) {
                    tasks.failed(REFRESH_TASK, e);
                }
            });
        }
        if (entries.isEmpty()) {
            presence.connected(users);
            return;
        }
        for (int from = 0; from < entries.size(); from += chunk) {
            List<ChannelClient> part = List.copyOf(entries.subList(from, Math.min(entries.size(), from + chunk)));
            // The users go with the first call only: online is per user, not per entry.
            presence.refreshEntries(part, from == 0 ? users : List.of()).whenComplete((v, e) -> {
                if (e != null) {
                    tasks.failed(REFRESH_TASK, e);
                }
            });
        }
    }
}
