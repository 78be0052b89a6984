package io.presenced.presence;

import java.util.Map;

import io.presenced.api.ApiError;
import io.presenced.api.ApiException;
import io.presenced.config.ChannelConfig;
import io.presenced.config.NamespaceOptions;

/**
 * Resolves a channel name to its namespace and checks the channel rules: non-empty, printable ASCII, at most
 * {@code channel.max_length} bytes (107); a known namespace (102); presence enabled there (108).
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
     * @throws ApiException 107 for a malformed name, 102 for an unknown namespace
     */
    public NamespaceOptions resolve(String channel, String field) {
        if (channel.isEmpty()) {
            throw ApiException.badField(field, "must not be empty");
        }
        if (channel.length() > maxLength) {
            throw ApiException.badField(field, channel.length() + " bytes (expected: at most " + maxLength + ")");
        }
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw ApiException.badField(field, "character " + i + " is not printable ASCII");
            }
        }
        // A leading '$' marks a private channel; it is not part of the namespace name.
        String name = channel.charAt(0) == '$' ? channel.substring(1) : channel;
        int at = name.indexOf(boundary);
        if (at < 0) {
            return withoutNamespace;
        }
        NamespaceOptions ns = namespaces.get(name.substring(0, at));
        if (ns == null) {
            throw ApiException.of(ApiError.UNKNOWN_CHANNEL, field + ": namespace \"" + name.substring(0, at)
                    + "\" is not configured");
        }
        return ns;
    }

    /**
     * Returns the state policy of the configured namespaces: which events each channel sends, {@code ""} for a
     * channel without state (its namespace has no {@code state_proxy_enabled}, or it is not a valid channel).
     */
    public StatePolicy statePolicy() {
        return channel -> {
            NamespaceOptions ns;
            try {
                ns = resolve(channel, "channel");
            } catch (ApiException e) {
                return "";
            }
            if (!ns.stateProxyEnabled() || !ns.presence()) {
                return "";
            }
            return (ns.sends("occupied") ? "o" : "") + (ns.sends("vacated") ? "v" : "");
        };
    }

    /**
     * Returns the options of {@code channel}'s namespace after also checking that presence is enabled there.
     *
     * @throws ApiException 107, 102, or 108 when presence is off for the namespace
     */
    public NamespaceOptions requirePresence(String channel, String field) {
        NamespaceOptions ns = resolve(channel, field);
        if (!ns.presence()) {
            throw ApiException.of(ApiError.NOT_AVAILABLE, field + ": presence is not enabled for "
                    + (ns.name().isEmpty() ? "channels without a namespace" : "namespace \"" + ns.name() + "\""));
        }
        return ns;
    }
}
