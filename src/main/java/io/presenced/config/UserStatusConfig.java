package io.presenced.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The user-status feature.
 *
 * @param enabled        whether the user-status methods are served
 * @param expireInterval how long a record lives after its last update
 * @param redis          the Redis that holds records: its own, or the engine's; empty means memory
 * @param buckets        how many Redis hashes the records are packed into; fixed for the life of the data
 * @param sweepInterval  how often the expiry sweep runs; on Redis each run visits its share of the buckets so that
 *                       all of them are visited about every ten minutes
 * @param idleAfter      how long after the last activity a present user's derived status turns {@code idle}
 * @param offlineAfter   how long after the last sign of life a user's derived status turns {@code offline}
 * @param maxDevices     most devices kept per user; the least recently heard leave first
 * @param events         the user-status event stream: its delivery ({@code user_status.proxy.*}), its queueing
 *                       (shared with channel state), and, as the vacate delay, {@code user_status.offline_grace}: how
 *                       long a user must hold no live connection before {@code user_offline}
 * @param watch          clients watching users' status
 */
public record UserStatusConfig(boolean enabled, Duration expireInterval, Optional<RedisConfig> redis,
                               int buckets, Duration sweepInterval, Duration idleAfter, Duration offlineAfter,
                               int maxDevices, ChannelStateConfig events, Watch watch) {

    /**
     * Clients watching users' status.
     *
     * @param enabled  whether clients may watch
     * @param channel  the channel a client subscribes to for its watch list
     * @param maxUsers most users one connection may watch
     */
    public record Watch(boolean enabled, String channel, int maxUsers) {

        public static final String DEFAULT_CHANNEL = "$watch";
        /** The scale: one client watching a thousand users. */
        public static final int DEFAULT_MAX_USERS = 1_000;
    }

    /** Records live 31 days after their last update, as the user-status documentation says. */
    public static final Duration DEFAULT_EXPIRE_INTERVAL = Duration.ofDays(31);
    /** About 100 records a bucket at 1.6 million users keeps each bucket in Redis's compact hash encoding. */
    public static final int DEFAULT_BUCKETS = 16_384;
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(1);
    /** Five minutes without input, the design notes' and Slack-like threshold. */
    public static final Duration DEFAULT_IDLE_AFTER = Duration.ofMinutes(5);
    /** Zulip's offline threshold: a client reports about once a minute, so two missed reports and a margin. */
    public static final Duration DEFAULT_OFFLINE_AFTER = Duration.ofSeconds(140);
    public static final int DEFAULT_MAX_DEVICES = 8;
    /** Long enough for a page reload or a network switch, short enough that "offline" is still news. */
    public static final Duration DEFAULT_OFFLINE_GRACE = Duration.ofSeconds(5);

    /** Returns whether user events ({@code user_online}, {@code user_offline}) are delivered to a backend. */
    public boolean hasEvents() {
        return enabled && events.hasEndpoint();
    }

    /** Returns whether clients may watch users' status. */
    public boolean watched() {
        return enabled && watch.enabled();
    }

    /** Returns how long a user holds no live connection before {@code user_offline}. */
    public Duration offlineGrace() {
        return events.vacatedEventDelay();
    }

    /** Returns where records are kept, for the start-up line: {@code redis <setup>} or {@code memory}. */
    public String describeStore() {
        return redis.map(r -> "redis " + r.describe()).orElse("memory");
    }
}
