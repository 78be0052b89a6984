package io.presenced.presence.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.presenced.config.ChannelStateConfig;
import io.presenced.presence.Change;
import io.presenced.presence.ClientInfo;
import io.presenced.presence.PresenceEntry;
import io.presenced.presence.PresenceStats;
import io.presenced.presence.memory.MemoryPartition;
import io.presenced.state.ChannelEvent;

class MemoryPartitionTest {

    private static final ChannelStateConfig STATE = new ChannelStateConfig(Duration.ofSeconds(5), 3,
            Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofMillis(50), false, "http://x", Duration.ofSeconds(1),
            100, Duration.ZERO, Map.of(), 65_536, "", Duration.ofMillis(100), Duration.ofSeconds(20));

    private final MemoryPartition p = new MemoryPartition(0, "e", STATE, ch -> ch.startsWith("s:") ? "ov" : "");

    private static PresenceEntry entry(String channel, String client) {
        return new PresenceEntry(channel, new ClientInfo(client, "u", null, null));
    }

    private List<ChannelEvent> drain(long now) {
        List<ChannelEvent> events = p.poll(100, now, new ArrayList<>());
        p.ack(events);
        return events;
    }

    @Test
    void firstJoinQueuesOccupiedAndLastLeaveQueuesVacatedOnceDue() {
        assertThat(p.join(entry("s:1", "a"), 1_000_000, 1000))
                .isEqualTo(new Change(true, Change.EventOutcome.QUEUED, true, false, null));
        assertThat(p.join(entry("s:1", "b"), 1_000_000, 1001))
                .isEqualTo(new Change(false, Change.EventOutcome.NONE, true, false, null));
        // Joining again refreshes the entry: not new.
        assertThat(p.join(entry("s:1", "b"), 1_000_000, 1001)).isEqualTo(Change.NOTHING);
        List<ChannelEvent> first = drain(1002);
        assertThat(first).extracting(ChannelEvent::type, ChannelEvent::version, ChannelEvent::timeMs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("occupied", 1L, 1000L));

        assertThat(p.leave("s:1", "a", 2000)).extracting(Change::edge, c -> c.removed().client())
                .containsExactly(false, "a");
        assertThat(p.leave("s:1", "b", 3000).edge()).isTrue();
        assertThat(drain(7999)).isEmpty();
        assertThat(drain(8000)).extracting(ChannelEvent::type, ChannelEvent::version, ChannelEvent::timeMs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("vacated", 2L, 3000L));
    }

    @Test
    void rejoinBeforeTheVacateIsDueCancelsIt() {
        p.join(entry("s:2", "a"), 1_000_000, 0);
        drain(0);
        p.leave("s:2", "a", 100);
        assertThat(p.join(entry("s:2", "z"), 1_000_000, 200).event()).isEqualTo(Change.EventOutcome.NONE);
        assertThat(drain(10_000)).isEmpty();
    }

    @Test
    void expiryLeavesLikeALeave() {
        p.join(entry("s:3", "a"), 500, 0);
        drain(0);
        assertThat(p.removeExpired(499)).isEmpty();
        assertThat(p.removeExpired(500)).containsExactly(entry("s:3", "a"));
        assertThat(drain(5500)).extracting(ChannelEvent::type).containsExactly("vacated");
    }

    @Test
    void fullQueueDropsTheEventButStillChangesState() {
        for (int i = 0; i < 3; i++) {
            assertThat(p.join(entry("s:q" + i, "a"), 1_000_000, 0).event()).isEqualTo(Change.EventOutcome.QUEUED);
        }
        assertThat(p.join(entry("s:q3", "a"), 1_000_000, 0).event()).isEqualTo(Change.EventOutcome.DROPPED);
        drain(0);
        p.leave("s:q3", "a", 10);
        assertThat(drain(5010)).extracting(ChannelEvent::channel, ChannelEvent::type, ChannelEvent::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("s:q3", "vacated", 2L));
    }

    @Test
    void joiningAgainWithOtherInfosIsAnUpdateNotANewEntry() {
        p.join(entry("plain", "a"), 1_000_000, 0);
        Change update = p.join(new PresenceEntry("plain", new ClientInfo("a", "u", null, "{\"v\":2}")), 1_000_000, 1);
        assertThat(update).isEqualTo(new Change(false, Change.EventOutcome.NONE, false, true, null));
        assertThat(update.announced()).isTrue();
        assertThat(Change.NOTHING.announced()).isFalse();
    }

    @Test
    void channelsWithoutStateQueueNothing() {
        assertThat(p.join(entry("plain", "a"), 1_000_000, 0))
                .isEqualTo(new Change(true, Change.EventOutcome.NONE, true, false, null));
        p.leave("plain", "a", 1);
        assertThat(drain(100_000)).isEmpty();
    }

    @Test
    void statsCountUsersOnceAndFollowReplacedUsers() {
        p.join(new PresenceEntry("s:u", new ClientInfo("a", "1", null, null)), 1_000_000, 0);
        p.join(new PresenceEntry("s:u", new ClientInfo("b", "1", null, null)), 1_000_000, 0);
        p.join(new PresenceEntry("s:u", new ClientInfo("b", "2", null, null)), 1_000_000, 0);
        assertThat(p.stats("s:u")).isEqualTo(new PresenceStats(2, 2));
        assertThat(p.size()).isEqualTo(2);
    }

    @Test
    void changesAndTheQuietTimerShareTheChannelsVersionAndSayWhetherItIsOccupied() {
        // Changed before any occupancy: version 1, not occupied.
        assertThat(p.changed("s:u", 10)).isEqualTo(Change.EventOutcome.QUEUED);
        p.join(entry("s:u", "a"), 1_000_000, 20);
        // The first activity of an occupied channel is a change; its quiet time is set.
        assertThat(p.active("s:u", 5_000, 30)).isEqualTo(Change.EventOutcome.QUEUED);
        // Activity again before the quiet time only moves it.
        assertThat(p.active("s:u", 6_000, 40)).isEqualTo(Change.EventOutcome.NONE);
        assertThat(drain(5_999)).extracting(ChannelEvent::type, ChannelEvent::version, ChannelEvent::occupied)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("changed", 1L, false),
                        org.assertj.core.groups.Tuple.tuple("occupied", 2L, true),
                        org.assertj.core.groups.Tuple.tuple("changed", 3L, true));
        // Due: the channel turns quiet, with an event at its quiet time; activity after that is another change.
        assertThat(drain(6_000)).extracting(ChannelEvent::type, ChannelEvent::version, ChannelEvent::timeMs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("changed", 4L, 6_000L));
        assertThat(p.active("s:u", 20_000, 7_000)).isEqualTo(Change.EventOutcome.QUEUED);
        assertThat(p.occupancy("s:u")).isEqualTo(new io.presenced.presence.Occupancy(5, true));
        assertThat(p.occupancy("s:none")).isEqualTo(io.presenced.presence.Occupancy.NONE);
    }

    @Test
    void anEmptyChannelNeverTurnsQuiet() {
        p.join(entry("s:q", "a"), 1_000_000, 0);
        p.active("s:q", 5_000, 10);
        p.leave("s:q", "a", 100);
        // Vacated at 5,100; the quiet time at 5,000 finds it still occupied (within the vacate delay) and turns it
        // quiet; once vacated, a later quiet time does nothing.
        assertThat(drain(5_000)).extracting(ChannelEvent::type).containsExactly("occupied", "changed", "changed");
        assertThat(drain(5_100)).extracting(ChannelEvent::type).containsExactly("vacated");
        p.active("s:q", 9_000, 5_200);
        assertThat(drain(9_000)).isEmpty();
    }
}
