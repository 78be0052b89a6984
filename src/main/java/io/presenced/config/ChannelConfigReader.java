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
        return new ChannelConfig(namespaces, without, boundary, maxLength, ttl, partitions);
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
        return new NamespaceOptions(name, presence, joinLeave, state, events);
    }
}
