package io.presenced.config;

import java.time.Duration;
import java.util.Map;

/**
 * Channel-state events: when they fire, how they queue, and where they go.
 *
 * @param vacatedEventDelay   how long a channel must stay empty before {@code vacated} is sent
 * @param maxQueueSize        most undelivered events per partition; past it new events are dropped and counted
 * @param stateRetention      how long a vacated channel's version is remembered
 * @param leaseTtl            how long a node owns a partition's delivery without renewing (Redis engine)
 * @param pollInterval        how often an owner looks for events written by other nodes and for due vacates
 * @param allowPartitionChange whether start-up proceeds (with a loud warning) when stored data was written with
 *                            another partition count
 * @param endpoint            where events go: {@code http(s)://...} or {@code grpc://host:port}; empty disables
 *                            delivery
 * @param timeout             time allowed for one delivery request
 * @param batchSize           most events in one request
 * @param batchLinger         how long a new event waits for others to share its request
 * @param staticHeaders       headers added to every HTTP request (metadata for gRPC)
 * @param webhookSecret       Standard Webhooks signing secret ({@code whsec_<base64>} or raw text); empty: unsigned
 * @param retryMinBackoff     first retry delay
 * @param retryMaxBackoff     largest retry delay
 */
public record ChannelStateConfig(Duration vacatedEventDelay, int maxQueueSize, Duration stateRetention,
                                 Duration leaseTtl, Duration pollInterval, boolean allowPartitionChange,
                                 String endpoint, Duration timeout, int batchSize, Duration batchLinger,
                                 Map<String, String> staticHeaders, String webhookSecret,
                                 Duration retryMinBackoff, Duration retryMaxBackoff) {

    public static final Duration DEFAULT_VACATED_EVENT_DELAY = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_QUEUE_SIZE = 10_000;
    public static final Duration DEFAULT_STATE_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(50);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final Duration DEFAULT_BATCH_LINGER = Duration.ofMillis(2);
    public static final Duration DEFAULT_RETRY_MIN_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(20);

    public ChannelStateConfig {
        staticHeaders = Map.copyOf(staticHeaders);
    }

    /** Returns whether events are delivered somewhere. */
    public boolean hasEndpoint() {
        return !endpoint.isEmpty();
    }

    @Override
    public String toString() {
        return "ChannelStateConfig[endpoint=" + endpoint + ", vacatedEventDelay=" + vacatedEventDelay
                + ", webhookSecret=" + Redact.secret(webhookSecret) + "]";
    }
}
