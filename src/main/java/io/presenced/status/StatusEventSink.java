package io.presenced.status;

import java.util.List;
import java.util.concurrent.CompletionStage;

import io.presenced.state.ChannelEvent;
import io.presenced.state.EventSink;

/**
 * The backend's sink of user events: adds the user's status to each {@code user_status} event, then hands the batch
 * to the endpoint's sink. A failed read of the statuses fails the attempt, which is retried like a failed delivery.
 */
public final class StatusEventSink implements EventSink {

    private final StatusEvents status;
    private final EventSink endpoint;

    /** Creates the sink in front of {@code endpoint}, which it closes. */
    public StatusEventSink(StatusEvents status, EventSink endpoint) {
        this.status = status;
        this.endpoint = endpoint;
    }

    @Override
    public CompletionStage<Void> send(List<ChannelEvent> events) {
        return status.forBackend(events).thenCompose(endpoint::send);
    }

    @Override
    public String describe() {
        return endpoint.describe();
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
