package io.presenced.presence.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.presenced.config.ChannelStateConfig;
import io.presenced.config.RedisConfig;
import io.presenced.presence.ChannelClient;
import io.presenced.presence.Change;
import io.presenced.presence.ClientInfo;
import io.presenced.presence.Occupancy;
import io.presenced.presence.Partitioner;
import io.presenced.presence.PresenceEntry;
import io.presenced.presence.PresenceEvents;
import io.presenced.presence.StateListener;
import io.presenced.redis.RedisConnections;
import io.presenced.state.ChannelEvent;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSupport;
import io.presenced.testing.redis.RequiresRedis;

/**
 * A user stream on Redis, at the store: {@code changed} events and the quiet (idle) timer share a user's version with
 * its occupancy transitions and record whether it is occupied, and reading the occupancy of a thousand users is one
 * script call.
 */
@RequiresRedis
class UserStreamIT {

    private static final ChannelStateConfig STATE = new ChannelStateConfig(Duration.ofSeconds(5), 1000,
            Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofMillis(50), false, "", Duration.ofSeconds(1),
            100, Duration.ZERO, Map.of(), 65_536, "", Duration.ofMillis(100), Duration.ofSeconds(20));

    private final RedisNode redis = RedisSupport.standalone();
    private RedisConnections connections;
    private RedisPresenceStore store;
    private RedisStateOutbox outbox;

    @BeforeEach
    void start() {
        redis.command("FLUSHALL");
        connections = new RedisConnections();
        store = new RedisPresenceStore(connections.get(RedisConfig.standalone(redis.uri())), "t.u",
                new Partitioner(8), STATE, user -> "ov", StateListener.NONE, PresenceEvents.NONE);
        outbox = store.outbox();
    }

    @AfterEach
    void stop() {
        connections.close();
    }

    private List<ChannelEvent> drain(String user) {
        int p = new Partitioner(8).partition(user);
        List<ChannelEvent> events = outbox.poll(p, 100).toCompletableFuture().join();
        outbox.ack(p, events).toCompletableFuture().join();
        return events;
    }

    @Test
    void changesAndTheQuietTimerShareTheUsersVersionAndSayWhetherItIsOccupied() {
        long now = System.currentTimeMillis();
        assertThat(store.changed(List.of("u")).toCompletableFuture().join())
                .containsExactly(Change.EventOutcome.QUEUED);
        store.join(List.of(new PresenceEntry("u", new ClientInfo("c1", "u", null, null))), now + 60_000, 10)
                .toCompletableFuture().join();
        // The first activity of an occupied user is a change; activity again before its quiet time only moves it.
        assertThat(store.active(List.of("u"), now + 60_000).toCompletableFuture().join())
                .containsExactly(Change.EventOutcome.QUEUED);
        assertThat(store.active(List.of("u"), now - 1).toCompletableFuture().join())
                .containsExactly(Change.EventOutcome.NONE);
        // The quiet time has passed: the poll turns the user quiet, then activity is a change again.
        assertThat(drain("u")).extracting(ChannelEvent::type, ChannelEvent::version, ChannelEvent::occupied)
                .containsExactly(tuple("changed", 1L, false), tuple("occupied", 2L, true),
                        tuple("changed", 3L, true), tuple("changed", 4L, true));
        assertThat(store.active(List.of("u"), now + 60_000).toCompletableFuture().join())
                .containsExactly(Change.EventOutcome.QUEUED);
        assertThat(store.occupancy(List.of("u", "nobody")).toCompletableFuture().join())
                .containsExactly(new Occupancy(5, true), Occupancy.NONE);
        store.leave(List.of(new ChannelClient("u", "c1"))).toCompletableFuture().join();
        assertThat(store.occupancy(List.of("u")).toCompletableFuture().join())
                .as("within the grace, still occupied").containsExactly(new Occupancy(5, true));
    }

    @Test
    void theOccupancyOfAThousandUsersIsOneScriptCall() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            users.add("user-" + i);
        }
        store.changed(users.subList(0, 10)).toCompletableFuture().join();
        // Once before counting, so that the script is cached on the server.
        store.occupancy(users.subList(0, 1)).toCompletableFuture().join();
        redis.command("CONFIG", "RESETSTAT");

        List<Occupancy> states = store.occupancy(users).toCompletableFuture().join();

        assertThat(states).hasSize(1000);
        assertThat(states.subList(0, 10)).allMatch(o -> o.version() == 1 && !o.occupied());
        assertThat(states.subList(10, 1000)).containsOnly(Occupancy.NONE);
        String stats = (String) redis.command("INFO", "commandstats");
        // One script call; the HMGETs that Redis also counts ran inside it.
        assertThat(stats).contains("cmdstat_evalsha:calls=1,");
    }
}
