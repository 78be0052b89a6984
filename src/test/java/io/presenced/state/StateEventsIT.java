package io.presenced.state;

import static io.presenced.state.StateAssertions.assertStrictAlternation;
import static io.presenced.testing.Engines.Set.ALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.presenced.testing.EachEngine;
import io.presenced.testing.WebhookReceiver.Received;

/**
 * Occupied and vacated events delivered to a real HTTP receiver, on every engine.
 */
@EachEngine(ALL)
class StateEventsIT extends StateSuite {

    static String config(String endpoint, String extraNamespaceOptions) {
        return "\"channel\":{\"proxy\":{\"state\":{\"endpoint\":\"" + endpoint + "\",\"retry_max_backoff\":\"1s\"}},"
                + "\"namespaces\":[{\"name\":\"chat\",\"presence\":true,\"state_proxy_enabled\":true"
                + extraNamespaceOptions + "},{\"name\":\"plain\",\"presence\":true}]}";
    }

    @BeforeEach
    void startNode() {
        startServer("300ms", "");
    }

    private void startServer(String delay, String namespaceOptions) {
        start(config(receiver.endpoint(), namespaceOptions), env(delay));
    }

    private void restartServer(String delay, String namespaceOptions) {
        server().close();
        startServer(delay, namespaceOptions);
    }

    private void joinWithUser(String channel, String client) {
        api().callJson("presence_join", "{\"channel\":\"" + channel + "\",\"client\":\"" + client
                + "\",\"user\":\"u-" + client + "\"}");
    }

    @Test
    void firstJoinSendsOccupiedAndLastLeaveSendsVacatedAfterTheDelay() {
        long before = System.currentTimeMillis();
        joinWithUser("chat:1", "a");
        joinWithUser("chat:1", "b");
        Received occupied = awaitEvents("chat:1", 1).get(0);
        assertThat(occupied.type()).isEqualTo("occupied");
        assertThat(occupied.version()).isEqualTo(1);
        assertThat(occupied.id()).isNotEmpty();
        assertThat(occupied.timeMs()).isBetween(before - 1000, System.currentTimeMillis() + 1000);

        leave("chat:1", "a");
        long lastLeave = System.currentTimeMillis();
        leave("chat:1", "b");
        Received vacated = awaitEvents("chat:1", 2).get(1);
        assertThat(vacated.type()).isEqualTo("vacated");
        assertThat(vacated.version()).isEqualTo(2);
        assertThat(vacated.id()).isNotEqualTo(occupied.id());
        // time_ms is the time of the last leave, not of the delivery.
        assertThat(vacated.timeMs()).isBetween(lastLeave - 1000, System.currentTimeMillis());
        assertThat(receiver.events()).extracting(Received::channel).containsOnly("chat:1");
    }

    @Test
    void channelsWithoutStateSendNothing() {
        joinWithUser("plain:1", "a");
        joinWithUser("chat:marker", "m");
        awaitEvents("chat:marker", 1);
        assertThat(receiver.events("plain:1")).isEmpty();
    }

    @Test
    void leaveAndRejoinInsideTheDelaySendsNothing() {
        restartServer("2s", "");
        joinWithUser("chat:2", "a");
        awaitEvents("chat:2", 1);
        leave("chat:2", "a");
        joinWithUser("chat:2", "a");
        leave("chat:2", "a");
        joinWithUser("chat:2", "other");
        // Hold for longer than the delay: no vacated (and no second occupied) may arrive.
        await().during(Duration.ofMillis(3000)).atMost(Duration.ofSeconds(5))
                .until(() -> receiver.events("chat:2").size() == 1);
        leave("chat:2", "other");
        awaitEvents("chat:2", 2);
        assertStrictAlternation(receiver);
    }

    @Test
    void stateEventsOptionLimitsWhichEventsAreSent() {
        restartServer("100ms", ",\"state_events\":[\"vacated\"]");
        joinWithUser("chat:3", "a");
        leave("chat:3", "a");
        Received only = awaitEvents("chat:3", 1).get(0);
        assertThat(only.type()).isEqualTo("vacated");
        // The occupied transition happened and counted, it was just not sent.
        assertThat(only.version()).isEqualTo(2);
    }

    @Test
    void expiredPresenceLeadsToVacated() {
        joinWithUser("chat:4", "doomed");
        awaitEvents("chat:4", 1);
        // No refresh: the entry expires after the 2s TTL, then the 300ms delay runs.
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.events("chat:4").size() == 2);
        assertThat(receiver.events("chat:4").get(1).type()).isEqualTo("vacated");
        assertThat(api().callJson("presence", "{\"channel\":\"chat:4\"}").at("/result/presence").size()).isZero();
    }

    @Test
    void concurrentJoinsAndLeavesFromManyThreadsKeepStrictAlternation() throws Exception {
        int threads = 8;
        int channels = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                Random random = new Random(thread);
                for (int i = 0; i < 150; i++) {
                    String channel = "chat:c" + random.nextInt(channels);
                    String client = "t" + thread + "-" + random.nextInt(3);
                    if (random.nextBoolean()) {
                        joinWithUser(channel, client);
                    } else {
                        leave(channel, client);
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        // Every channel still occupied has sent its occupied event.
        List<String> occupied = new ArrayList<>();
        api().callJson("channels", "{}").at("/result/channels").fieldNames().forEachRemaining(occupied::add);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String channel : occupied) {
                assertThat(receiver.view().get(channel)).as(channel).isEqualTo("occupied");
            }
        });
        StringBuilder clients = new StringBuilder("{\"clients\":[");
        for (int t = 0; t < threads; t++) {
            for (int k = 0; k < 3; k++) {
                clients.append(t + k == 0 ? "" : ",").append("\"t").append(t).append('-').append(k).append('"');
            }
        }
        api().callJson("presence_disconnect", clients.append("]}").toString());
        // All gone: every channel that ever sent an event ends vacated.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(receiver.view().values()).isNotEmpty().containsOnly("vacated"));
        assertStrictAlternation(receiver);
    }
}
