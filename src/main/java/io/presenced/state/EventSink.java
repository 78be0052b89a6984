package io.presenced.state;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where channel-state events are delivered: the backend's endpoint.
 */
public interface EventSink extends AutoCloseable {

    /**
     * Delivers one batch. Completes normally only when the backend accepted every event; fails with a
     * message naming the endpoint and the reason otherwise. Never blocks the caller.
     */
    CompletionStage<Void> send(List<ChannelEvent> events);

    /** Returns the endpoint, for logs. */
    String describe();

    @Override
    void close();
}
