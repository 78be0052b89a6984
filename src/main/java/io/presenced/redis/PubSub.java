package io.presenced.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.netty.util.concurrent.EventExecutorGroup;
import io.presenced.logging.RateLimitedLog;

/**
 * One pub/sub connection subscribed to a fixed set of channels: opened in the background like the command
 * connections (retried until the first attempt succeeds), and subscribed again by Lettuce after each reconnect.
 * What is published while it is down is lost: pub/sub is at most once.
 */
final class PubSub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PubSub.class);
    private static final RateLimitedLog listenerLog = new RateLimitedLog(log, Duration.ofSeconds(10));

    private final BackgroundConnection<StatefulRedisPubSubConnection<String, String>> connection;

    private PubSub(BackgroundConnection<StatefulRedisPubSubConnection<String, String>> connection) {
        this.connection = connection;
    }

    /**
     * Opens the connection in the background and subscribes it to {@code channels}; {@code listener} gets each
     * message (channel, message) on a Lettuce I/O thread, and must not block. A listener that throws is logged,
     * rate-limited, and keeps receiving.
     */
    static PubSub open(String node, Supplier<? extends CompletionStage<? extends StatefulRedisPubSubConnection<String,
            String>>> connector, List<String> channels, BiConsumer<String, String> listener,
                       EventExecutorGroup timer) {
        String[] names = channels.toArray(String[]::new);
        Supplier<CompletionStage<StatefulRedisPubSubConnection<String, String>>> subscribed = () ->
                connector.get().thenCompose(c -> subscribe(c, names, listener));
        return new PubSub(new BackgroundConnection<>(node + " pub/sub", subscribed, timer).start());
    }

    private static CompletionStage<StatefulRedisPubSubConnection<String, String>> subscribe(
            StatefulRedisPubSubConnection<String, String> c, String[] channels, BiConsumer<String, String> listener) {
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                try {
                    listener.accept(channel, message);
                } catch (RuntimeException e) {
                    listenerLog.warn("pub/sub", "a message on " + channel + " could not be handled: " + e);
                }
            }
        });
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> done = new CompletableFuture<>();
        c.async().subscribe(channels).whenComplete((v, e) -> {
            if (e == null) {
                done.complete(c);
            } else {
                // A connection that could not subscribe is of no use: the next attempt opens a new one.
                c.closeAsync();
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Returns whether the first attempt has connected and subscribed. */
    boolean isSubscribed() {
        return connection.getIfConnected() != null;
    }

    @Override
    public void close() {
        connection.close();
    }
}
