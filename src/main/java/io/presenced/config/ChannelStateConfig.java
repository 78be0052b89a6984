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
 * @param maxResponseSize     most bytes of an HTTP answer read; a longer answer fails the attempt
 * @param webhookSecret       Standard Webhooks signing secret ({@code whsec_<base64>} or raw text); empty: unsigned
 * @param retryMinBackoff     first retry delay
 * @param retryMaxBackoff     largest retry delay
 */
public record ChannelStateConfig(Duration vacatedEventDelay, int maxQueueSize, Duration stateRetention,
                                 Duration leaseTtl, Duration pollInterval, boolean allowPartitionChange,
                                 String endpoint, Duration timeout, int batchSize, Duration batchLinger,
                                 Map<String, String> staticHeaders, int maxResponseSize, String webhookSecret,
                                 Duration retryMinBackoff, Duration retryMaxBackoff) {

    public static final Duration DEFAULT_VACATED_EVENT_DELAY = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_QUEUE_SIZE = 10_000;
    public static final Duration DEFAULT_STATE_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(50);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final int DEFAULT_MAX_RESPONSE_SIZE = 65_536;
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

    /**
     * Returns {@code endpoint} as it may be shown in a log line or an error: without user-info, query and fragment,
     * which may carry credentials; a removed query shows as {@code ?…}. Works on malformed endpoints too.
     */
    public static String shownEndpoint(String endpoint) {
        int scheme = endpoint.indexOf("://");
        int authority = scheme < 0 ? 0 : scheme + 3;
        int end = endpoint.length();
        for (char c : new char[] {'?', '#'}) {
            int at = endpoint.indexOf(c, authority);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        int path = endpoint.indexOf('/', authority);
        int authorityEnd = path < 0 || path > end ? end : path;
        int userInfo = endpoint.lastIndexOf('@', authorityEnd - 1);
        int hostStart = userInfo >= authority ? userInfo + 1 : authority;
        String host = endpoint.substring(hostStart, end);
        String query = endpoint.indexOf('?', authority) >= 0 ? "?…" : "";
        return endpoint.substring(0, authority) + host + query;
    }

    @Override
    public String toString() {
        return "ChannelStateConfig[endpoint=" + shownEndpoint(endpoint) + ", vacatedEventDelay=" + vacatedEventDelay
                + ", webhookSecret=" + Redact.secret(webhookSecret) + "]";
    }
}
