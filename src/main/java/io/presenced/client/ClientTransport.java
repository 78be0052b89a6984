package io.presenced.client;

import java.util.concurrent.ScheduledExecutorService;

import io.presenced.proto.client.Reply;

/**
 * How a {@link ClientSession} reaches its client: the WebSocket connection, as seen by the protocol. Every method is
 * called on {@link #loop()}.
 */
public interface ClientTransport {

    /** Queues a reply; queued replies leave together, in order, at the next {@link #flush()}. */
    void send(Reply reply);

    /** Writes the queued replies as one message. */
    void flush();

    /** Writes the queued replies, then closes the connection with {@code reason}; later sends are dropped. */
    void close(Disconnect reason);

    /** Returns the one thread the session runs on (the connection's event loop). */
    ScheduledExecutorService loop();
}
