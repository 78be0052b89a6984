package io.presenced.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.presenced.status.StatusPatch.Change;
import io.presenced.status.StatusRecord.CustomStatus;
import io.presenced.status.StatusRecord.ManualState;
import io.presenced.testing.MutableClock;

class InMemoryStatusStoreTest {

    @Test
    void theSweepDropsExpiredCustomStatusesAndExpiredRecordsWithTheirFacts() {
        MutableClock clock = new MutableClock();
        long now = clock.millis() / 1000;
        InMemoryStatusStore store = new InMemoryStatusStore(clock);
        store.report(List.of("u"), new DeviceReport("d", null, false), "", now, 8, Duration.ofSeconds(30));
        store.set("u", new StatusPatch(Change.to(ManualState.BUSY), Change.to(new CustomStatus("t", "", now + 5)),
                Change.keep()), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(5));
        assertThat(store.sweep()).isZero();
        StatusRecord r = store.details(List.of("u")).toCompletableFuture().join().get(0);
        assertThat(r.custom()).isNull();
        assertThat(r.manual()).isEqualTo(ManualState.BUSY);
        assertThat(r.devices()).extracting(StatusRecord.Device::id).containsExactly("d");

        clock.advance(Duration.ofSeconds(6));
        assertThat(store.sweep()).isEqualTo(1);
        store.touch(List.of("u"), now, 0, "", Duration.ofSeconds(10));
        // A new record starts without the facts of the expired one.
        assertThat(store.details(List.of("u")).toCompletableFuture().join())
                .containsExactly(new StatusRecord("u", now, 0, "", null, null, null, List.of()));
    }
}
