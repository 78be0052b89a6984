package io.presenced.config;

import java.util.List;

/**
 * The options of one channel namespace (or of channels without a namespace), as in Centrifugo's
 * {@code channel.namespaces[]} entries.
 *
 * @param name              the namespace name, {@code ""} for channels without a namespace
 * @param presence          whether presence is kept for the namespace's channels
 * @param joinLeave         whether join and leave pushes are emitted (used by the client protocol)
 * @param stateProxyEnabled whether occupied/vacated events are sent for the namespace's channels
 * @param stateEvents       which state events are sent ({@code occupied}, {@code vacated})
 * @param client            what client connections may do in the namespace's channels
 */
public record NamespaceOptions(String name, boolean presence, boolean joinLeave, boolean stateProxyEnabled,
                               List<String> stateEvents, ClientPermissions client) {

    /**
     * Centrifugo v6's client permissions of a namespace.
     *
     * @param forcePushJoinLeave         join and leave pushes go to every subscriber, asked for or not
     * @param allowSubscribeForClient    any authenticated client may subscribe (else only with a token)
     * @param allowSubscribeForAnonymous anonymous clients may subscribe too (with the previous one)
     * @param allowPresenceForSubscriber a subscriber may read the channel's presence
     * @param allowPresenceForClient     any authenticated client may read the channel's presence
     * @param allowPresenceForAnonymous  anonymous clients may read it too (with the previous one)
     */
    public record ClientPermissions(boolean forcePushJoinLeave, boolean allowSubscribeForClient,
                                    boolean allowSubscribeForAnonymous, boolean allowPresenceForSubscriber,
                                    boolean allowPresenceForClient, boolean allowPresenceForAnonymous) {
    }

    public static final List<String> ALL_STATE_EVENTS = List.of("occupied", "vacated");

    public NamespaceOptions {
        stateEvents = List.copyOf(stateEvents);
    }

    /** Returns whether {@code event} is sent for this namespace. */
    public boolean sends(String event) {
        return stateProxyEnabled && stateEvents.contains(event);
    }
}
