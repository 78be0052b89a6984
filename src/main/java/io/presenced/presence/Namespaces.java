package io.presenced.presence;

import java.util.Map;

import io.presenced.config.ChannelConfig;
import io.presenced.config.NamespaceOptions;

/**
 * Resolves a channel name to its namespace and checks the channel rules: non-empty, printable ASCII, at most
 * {@code channel.max_length} bytes; a known namespace; presence enabled there. A refusal is a
 * {@link ChannelException} whose kind the transports map to their codes.
 */
public final class Namespaces {

    private final Map<String, NamespaceOptions> namespaces;
    private final NamespaceOptions withoutNamespace;
    private final String boundary;
    private final int maxLength;

    /** Creates the resolver for the configured namespaces. */
    public Namespaces(ChannelConfig config) {
        this.namespaces = config.namespaces();
        this.withoutNamespace = config.withoutNamespace();
        this.boundary = config.namespaceBoundary();
        this.maxLength = config.maxLength();
    }

    /**
     * Returns the options of {@code channel}'s namespace after checking the channel rules; {@code field} names
     * the request field in errors.
     *
     * @throws ChannelException {@code MALFORMED} or {@code UNKNOWN_NAMESPACE}
     */
    public NamespaceOptions resolve(String channel, String field) {
        String malformed = malformation(channel);
        if (malformed != null) {
            throw new ChannelException(ChannelException.Kind.MALFORMED, field, malformed);
        }
        NamespaceOptions ns = namespaceOf(channel);
        if (ns == null) {
            throw new ChannelException(ChannelException.Kind.UNKNOWN_NAMESPACE, field,
                    "namespace \"" + namespaceName(channel) + "\" is not configured");
        }
        return ns;
    }

    /**
     * Returns the state policy of the configured namespaces: which events each channel sends, {@code ""} for a
     * channel without state (its namespace has no {@code state_proxy_enabled}, or it is not a valid channel).
     */
    public StatePolicy statePolicy() {
        return channel -> {
            NamespaceOptions ns = malformation(channel) == null ? namespaceOf(channel) : null;
            if (ns == null || !ns.stateProxyEnabled() || !ns.presence()) {
                return "";
            }
            return (ns.sends("occupied") ? "o" : "") + (ns.sends("vacated") ? "v" : "");
        };
    }

    /** Returns whether joins and leaves in {@code channel} are pushed to subscribers (its namespace's join_leave). */
    public boolean emitsJoinLeave(String channel) {
        NamespaceOptions ns = malformation(channel) == null ? namespaceOf(channel) : null;
        return ns != null && ns.joinLeave();
    }

    /**
     * Returns the options of {@code channel}'s namespace after also checking that presence is enabled there.
     *
     * @throws ChannelException {@code MALFORMED}, {@code UNKNOWN_NAMESPACE} or {@code PRESENCE_DISABLED}
     */
    public NamespaceOptions requirePresence(String channel, String field) {
        NamespaceOptions ns = resolve(channel, field);
        if (!ns.presence()) {
            throw new ChannelException(ChannelException.Kind.PRESENCE_DISABLED, field, "presence is not enabled for "
                    + (ns.name().isEmpty() ? "channels without a namespace" : "namespace \"" + ns.name() + "\""));
        }
        return ns;
    }

    // Returns what is wrong with the name, or null when it follows the rules.
    private String malformation(String channel) {
        if (channel.isEmpty()) {
            return "must not be empty";
        }
        if (channel.length() > maxLength) {
            return channel.length() + " bytes (expected: at most " + maxLength + ")";
        }
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return "character " + i + " is not printable ASCII";
            }
        }
        return null;
    }

    // Returns the namespace of a well-formed name, or null when its namespace is not configured.
    private NamespaceOptions namespaceOf(String channel) {
        String name = namespaceName(channel);
        return name == null ? withoutNamespace : namespaces.get(name);
    }

    // Returns the namespace part, or null for a channel without one. A leading '$' marks a private channel; it is
    // not part of the namespace name.
    private String namespaceName(String channel) {
        String name = channel.charAt(0) == '$' ? channel.substring(1) : channel;
        int at = name.indexOf(boundary);
        return at < 0 ? null : name.substring(0, at);
    }
}
