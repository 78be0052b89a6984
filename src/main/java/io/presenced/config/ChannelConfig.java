package io.presenced.config;

import java.time.Duration;
import java.util.Map;

/**
 * Channels: namespaces, naming rules and how long presence lives.
 *
 * @param namespaces        namespaces by name
 * @param withoutNamespace  options of channels without a namespace
 * @param namespaceBoundary the text that ends a namespace name in a channel ({@code chat:index})
 * @param maxLength         the longest channel name, in bytes
 * @param presenceTtl       how long a presence entry lives unless refreshed
 * @param numPartitions     how many partitions channels are spread over; fixed for the life of the data
 * @param state             channel-state events
 */
public record ChannelConfig(Map<String, NamespaceOptions> namespaces, NamespaceOptions withoutNamespace,
                            String namespaceBoundary, int maxLength, Duration presenceTtl, int numPartitions,
                            ChannelStateConfig state) {

    public static final String DEFAULT_NAMESPACE_BOUNDARY = ":";
    public static final int DEFAULT_MAX_LENGTH = 255;
    public static final Duration DEFAULT_PRESENCE_TTL = Duration.ofSeconds(60);
    public static final int DEFAULT_NUM_PARTITIONS = 128;

    public ChannelConfig {
        namespaces = Map.copyOf(namespaces);
    }

    /** Returns whether any namespace sends channel-state events. */
    public boolean hasStateEvents() {
        return withoutNamespace.stateProxyEnabled()
                || namespaces.values().stream().anyMatch(NamespaceOptions::stateProxyEnabled);
    }
}
