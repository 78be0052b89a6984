package io.presenced.delivery;

import java.net.URI;
import java.time.Clock;

import io.presenced.config.ChannelStateConfig;
import io.presenced.state.EventSink;

/**
 * Creates the sink for the configured endpoint: {@code grpc://host:port} for gRPC, HTTP otherwise.
 */
public final class EventSinks {

    private EventSinks() {
    }

    /** Returns the sink of {@code config.endpoint()} for channel-state events. */
    public static EventSink create(ChannelStateConfig config, Clock clock) {
        return create(config, clock, EventNaming.CHANNELS);
    }

    /** Returns the sink of {@code config.endpoint()} for the stream {@code naming} names. */
    public static EventSink create(ChannelStateConfig config, Clock clock, EventNaming naming) {
        String endpoint = config.endpoint();
        if (endpoint.startsWith("grpc://")) {
            return new GrpcEventSink(endpoint.substring("grpc://".length()), config.timeout(),
                    config.staticHeaders(), naming);
        }
        WebhookSignature signature = config.webhookSecret().isEmpty() ? null
                : new WebhookSignature(config.webhookSecret());
        return new HttpEventSink(URI.create(endpoint), config.timeout(), config.maxResponseSize(),
                config.staticHeaders(), signature, clock, naming);
    }
}
