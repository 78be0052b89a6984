package io.presenced.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.presenced.testing.WebhookReceiver;
import io.presenced.testing.WebhookReceiver.Received;

/**
 * Checks of what a receiver got: per channel, after dropping duplicates by id, events alternate occupied,
 * vacated, ... with versions 1, 2, 3, ... in arrival order.
 */
final class StateAssertions {

    private StateAssertions() {
    }

    static void assertStrictAlternation(WebhookReceiver receiver) {
        Map<String, List<Received>> byChannel = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Received e : receiver.events()) {
            if (seen.add(e.id())) {
                byChannel.computeIfAbsent(e.channel(), k -> new ArrayList<>()).add(e);
            }
        }
        byChannel.forEach((channel, events) -> {
            for (int i = 0; i < events.size(); i++) {
                Received e = events.get(i);
                assertThat(e.type()).as("type of event %d of %s: %s", i, channel, events)
                        .isEqualTo(i % 2 == 0 ? "occupied" : "vacated");
                assertThat(e.version()).as("version of event %d of %s: %s", i, channel, events).isEqualTo(i + 1);
            }
        });
    }
}
