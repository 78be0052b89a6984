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
 */
public record NamespaceOptions(String name, boolean presence, boolean joinLeave, boolean stateProxyEnabled,
                               List<String> stateEvents) {

    public static final List<String> ALL_STATE_EVENTS = List.of("occupied", "vacated");

    public NamespaceOptions {
        stateEvents = List.copyOf(stateEvents);
    }

    /** Returns whether {@code event} is sent for this namespace. */
    public boolean sends(String event) {
        return stateProxyEnabled && stateEvents.contains(event);
    }
}
