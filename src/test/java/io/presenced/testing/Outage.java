package io.presenced.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.presenced.testing.StatusUpdateLoad.Call;
import io.presenced.testing.StatusUpdateLoad.Kind;

/**
 * A Redis outage as a {@link StatusUpdateLoad} saw it: the calls between the failure being caused and the first
 * call that succeeded afterwards.
 *
 * @param calls     every call of the load
 * @param caused    nanoTime when the failure was caused (a node killed)
 * @param recovered nanoTime when the first successful call after {@code caused} started
 */
public record Outage(List<Call> calls, long caused, long recovered) {

    /**
     * Asserts the node rode the outage out: every call came back as a result or as error 100 (never a hang, a
     * transport failure or another error); failures happened only during the outage, and each named
     * {@code failingRedis}; every call that started after recovery succeeded.
     *
     * @return how long updates failed, from the last success before the failure to the first after it
     */
    public Duration assertRiddenOut(String failingRedis) {
        assertThat(calls).as("calls that hung or failed otherwise").filteredOn(c -> c.kind() == Kind.OTHER)
                .isEmpty();
        List<Call> failures = calls.stream().filter(c -> c.kind() == Kind.ERROR_100).toList();
        assertThat(failures).as("calls answered with error 100 during the outage").isNotEmpty();
        assertThat(failures).as("failures before the outage").allMatch(c -> c.ended() > caused);
        assertThat(failures).extracting(Call::detail)
                .allMatch(m -> m.startsWith("internal server error: redis "), "starts with the Redis prefix")
                .anyMatch(m -> m.contains(failingRedis));
        assertThat(calls).as("calls after recovery").filteredOn(c -> c.started() >= recovered)
                .isNotEmpty().allMatch(c -> c.kind() == Kind.OK);
        long lastBefore = calls.stream().filter(c -> c.kind() == Kind.OK && c.ended() < caused)
                .mapToLong(Call::ended).max().orElse(caused);
        long firstAfter = calls.stream().filter(c -> c.kind() == Kind.OK && c.started() >= recovered)
                .mapToLong(Call::ended).min().orElseThrow();
        return Duration.ofNanos(firstAfter - lastBefore);
    }

    /** Returns a line for the test log: the gap, the number of failed calls and the slowest failure. */
    public String describe(String what, Duration gap) {
        List<Call> failures = calls.stream().filter(c -> c.kind() == Kind.ERROR_100).toList();
        long slowest = failures.stream().mapToLong(c -> c.ended() - c.started()).max().orElse(0);
        return what + ": updates failed for " + gap.toMillis() + " ms (" + failures.size()
                + " calls answered error 100, the slowest in " + Duration.ofNanos(slowest).toMillis()
                + " ms), then succeeded again without a restart";
    }
}
