package io.presenced.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the {@code channel} section (Centrifugo v6 names) and the engine's presence options.
 */
final class ChannelConfigReader {

    private static final Pattern NAMESPACE_NAME = Pattern.compile("[-a-zA-Z0-9_.]{2,}");
    private static final int MIN_RESPONSE_SIZE = 64;
    private static final int MAX_RESPONSE_SIZE = 64 << 20;

    private ChannelConfigReader() {
    }

    static ChannelConfig read(ConfigReader r, EngineConfig engine) {
        String boundary = r.string("channel.namespace_boundary", ChannelConfig.DEFAULT_NAMESPACE_BOUNDARY);
        if (boundary.isEmpty()) {
            r.problem("channel.namespace_boundary", "\"\" (expected: a non-empty string)");
        }
        int maxLength = r.integer("channel.max_length", ChannelConfig.DEFAULT_MAX_LENGTH, 1, 65_536);
        NamespaceOptions without = namespace(r, "channel.without_namespace.", "");
        Map<String, NamespaceOptions> namespaces = new LinkedHashMap<>();
        List<JsonNode> entries = r.objects("channel.namespaces");
        for (int i = 0; i < entries.size(); i++) {
            ConfigReader e = r.element(entries.get(i), "channel.namespaces[" + i + "]");
            String name = e.string("name", "");
            if (!NAMESPACE_NAME.matcher(name).matches()) {
                e.problem("name", "\"" + name + "\" (expected: 2 or more of a-z A-Z 0-9 - _ .)");
            } else if (namespaces.containsKey(name)) {
                e.problem("name", "\"" + name + "\" (expected: a name used by one namespace only)");
            }
            namespaces.put(name, namespace(e, "", name));
        }
        String engineKey = engine.isRedis() ? "engine.redis." : "engine.memory.";
        Duration ttl = r.duration(engineKey + "presence_ttl", ChannelConfig.DEFAULT_PRESENCE_TTL,
                Duration.ofMillis(100));
        int partitions = r.integer(engineKey + "channel_state.num_partitions", ChannelConfig.DEFAULT_NUM_PARTITIONS,
                1, 16_384);
        ChannelStateConfig state = readState(r, engineKey + "channel_state.");
        ChannelConfig c = new ChannelConfig(namespaces, without, boundary, maxLength, ttl, partitions, state);
        if (c.hasStateEvents() && !state.hasEndpoint()) {
            r.problem("channel.proxy.state.endpoint", "missing (expected: an http(s):// or grpc:// endpoint, "
                    + "since a namespace has state_proxy_enabled)");
        }
        return c;
    }

    private static ChannelStateConfig readState(ConfigReader r, String at) {
        ChannelStateConfig queueing = new ChannelStateConfig(
                r.duration(at + "vacated_event_delay", ChannelStateConfig.DEFAULT_VACATED_EVENT_DELAY, Duration.ZERO),
                r.integer(at + "max_queue_size", ChannelStateConfig.DEFAULT_MAX_QUEUE_SIZE, 1, 100_000_000),
                r.duration(at + "state_retention", ChannelStateConfig.DEFAULT_STATE_RETENTION, Duration.ofSeconds(1)),
                r.duration(at + "lease_ttl", ChannelStateConfig.DEFAULT_LEASE_TTL, Duration.ofMillis(100)),
                r.duration(at + "poll_interval", ChannelStateConfig.DEFAULT_POLL_INTERVAL, Duration.ofMillis(1)),
                r.bool(at + "allow_partition_change", false),
                "", ChannelStateConfig.DEFAULT_TIMEOUT, ChannelStateConfig.DEFAULT_BATCH_SIZE,
                ChannelStateConfig.DEFAULT_BATCH_LINGER, Map.of(), ChannelStateConfig.DEFAULT_MAX_RESPONSE_SIZE, "",
                ChannelStateConfig.DEFAULT_RETRY_MIN_BACKOFF, ChannelStateConfig.DEFAULT_RETRY_MAX_BACKOFF);
        return readDelivery(r, "channel.proxy.state.", queueing, queueing.vacatedEventDelay());
    }

    /**
     * Reads the delivery keys of an event stream under {@code proxy} ({@code channel.proxy.state.} or
     * {@code user_status.proxy.}): endpoint, timeout, batching, headers, signing and retries. Queueing, leases and
     * polling come from {@code queueing}, the engine's {@code channel_state} keys, which both streams share; the
     * delay before an "emptied" event is {@code delay}.
     */
    static ChannelStateConfig readDelivery(ConfigReader r, String proxy, ChannelStateConfig queueing,
                                           Duration delay) {
        String endpoint = r.string(proxy + "endpoint", "");
        if (!endpoint.isEmpty() && !endpoint.matches("(https?|grpc)://[^\\s/]+.*")) {
            r.problem(proxy + "endpoint", "\"" + ChannelStateConfig.shownEndpoint(endpoint)
                    + "\" (expected: http://host[:port]/path, https://..., or grpc://host:port)");
        }
        Duration min = Duration.ofMillis(1);
        String headers = proxy + "http.static_headers";
        String secret = proxy + "webhook_secret";
        ChannelStateConfig c = new ChannelStateConfig(delay, queueing.maxQueueSize(), queueing.stateRetention(),
                queueing.leaseTtl(), queueing.pollInterval(), queueing.allowPartitionChange(),
                endpoint,
                r.duration(proxy + "timeout", ChannelStateConfig.DEFAULT_TIMEOUT, min),
                r.integer(proxy + "batch_size", ChannelStateConfig.DEFAULT_BATCH_SIZE, 1, 10_000),
                r.duration(proxy + "batch_linger", ChannelStateConfig.DEFAULT_BATCH_LINGER, Duration.ZERO),
                r.stringMap(headers),
                r.integer(proxy + "http.max_response_size", ChannelStateConfig.DEFAULT_MAX_RESPONSE_SIZE,
                        MIN_RESPONSE_SIZE, MAX_RESPONSE_SIZE),
                r.string(secret, ""),
                r.duration(proxy + "retry_min_backoff", ChannelStateConfig.DEFAULT_RETRY_MIN_BACKOFF, min),
                r.duration(proxy + "retry_max_backoff", ChannelStateConfig.DEFAULT_RETRY_MAX_BACKOFF, min));
        StateProxyChecks.headers(r, headers, c.staticHeaders(), endpoint);
        StateProxyChecks.secret(r, secret, c.webhookSecret());
        if (c.retryMaxBackoff().compareTo(c.retryMinBackoff()) < 0) {
            r.problem(proxy + "retry_max_backoff", "\"" + Durations.format(c.retryMaxBackoff())
                    + "\" (expected: >= retry_min_backoff)");
        }
        return c;
    }

    private static NamespaceOptions namespace(ConfigReader r, String at, String name) {
        boolean presence = r.bool(at + "presence", false);
        boolean joinLeave = r.bool(at + "join_leave", false);
        boolean state = r.bool(at + "state_proxy_enabled", false);
        List<String> events = r.stringList(at + "state_events", NamespaceOptions.ALL_STATE_EVENTS);
        for (String event : events) {
            if (!NamespaceOptions.ALL_STATE_EVENTS.contains(event)) {
                r.problem(at + "state_events", "\"" + event + "\" (expected: \"occupied\" or \"vacated\")");
            }
        }
        if (state && !presence) {
            r.problem(at + "state_proxy_enabled", "true (expected: presence true as well, state events need it)");
        }
        NamespaceOptions.ClientPermissions client = new NamespaceOptions.ClientPermissions(
                r.bool(at + "force_push_join_leave", false),
                r.bool(at + "allow_subscribe_for_client", false),
                r.bool(at + "allow_subscribe_for_anonymous", false),
                r.bool(at + "allow_presence_for_subscriber", false),
                r.bool(at + "allow_presence_for_client", false),
                r.bool(at + "allow_presence_for_anonymous", false));
        return new NamespaceOptions(name, presence, joinLeave, state, events, client);
    }
}
