package io.presenced.presence;

/**
 * A snapshot of how much presence there is.
 *
 * @param entries  live presence entries (a client in a channel)
 * @param channels channels with at least one client
 */
public record PresenceCounts(long entries, long channels) {

    /** No presence at all. */
    public static final PresenceCounts ZERO = new PresenceCounts(0, 0);
}
