package io.presenced.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.api.StatefulConnection;
import io.netty.util.concurrent.EventExecutorGroup;
import io.presenced.concurrent.Futures;

/**
 * A connection opened in the background. The first attempt starts at once; a failed attempt is retried after a
 * delay that doubles from {@link #FIRST_RETRY_DELAY} up to {@link #MAX_RETRY_DELAY}, until one succeeds. From
 * then on Lettuce reconnects the connection by itself. This is what lets a node start while its Redis is still
 * down: commands fail fast until the first attempt succeeds.
 *
 * <p>Thread-safe.
 *
 * @param <C> the kind of connection
 */
final class BackgroundConnection<C extends StatefulConnection<?, ?>> implements AutoCloseable {

    static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(100);
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(BackgroundConnection.class);

    private final String node;
    private final Supplier<? extends CompletionStage<C>> connector;
    private final EventExecutorGroup timer;
    private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
    private volatile C connection;
    private volatile Throwable lastFailure;
    private int failures;
    private boolean closed;
    private ScheduledFuture<?> retry;

    /**
     * Creates the connection; nothing happens until {@link #start()}.
     *
     * @param node      the node or setup, without secrets, for logs and errors
     * @param connector starts one attempt
     * @param timer     schedules retries
     */
    BackgroundConnection(String node, Supplier<? extends CompletionStage<C>> connector, EventExecutorGroup timer) {
        this.node = node;
        this.connector = connector;
        this.timer = timer;
    }

    /** Starts the first attempt and returns at once. */
    BackgroundConnection<C> start() {
        attempt();
        return this;
    }

    /**
     * Returns the connection.
     *
     * @throws RedisUnavailableException when no attempt has succeeded yet
     */
    C get() {
        C c = connection;
        if (c == null) {
            throw RedisUnavailableException.notConnected(node, lastFailure);
        }
        return c;
    }

    /** Returns the connection, or null before the first attempt succeeded. */
    C getIfConnected() {
        return connection;
    }

    /** Waits, at most {@code timeout}, until the first attempt succeeded or failed. Blocks: start-up only. */
    void awaitFirstAttempt(Duration timeout) {
        try {
            firstAttempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Either way the node starts; the attempt goes on in the background.
        }
    }

    private void attempt() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        Futures.call(connector).whenComplete((c, error) -> {
            if (error == null) {
                connected(c);
            } else {
                failed(Futures.unwrap(error));
            }
            firstAttempt.complete(null);
        });
    }

    private synchronized void connected(C c) {
        if (closed) {
            c.closeAsync();
            return;
        }
        connection = c;
        if (failures > 0) {
            log.info("[redis {}] connected after {} failed attempt(s)", node, failures);
        }
    }

    private synchronized void failed(Throwable error) {
        lastFailure = error;
        failures++;
        if (closed) {
            return;
        }
        Duration delay = delay(failures);
        if (failures == 1) {
            log.warn("[redis {}] not reachable ({}); serving errors and retrying in the background", node,
                    RedisUnavailableException.reason(error));
        } else {
            log.debug("[redis {}] attempt {} failed ({}); next in {} ms", node, failures,
                    RedisUnavailableException.reason(error), delay.toMillis());
        }
        retry = timer.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Duration delay(int failures) {
        long millis = FIRST_RETRY_DELAY.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, MAX_RETRY_DELAY.toMillis()));
    }

    /** Stops retrying and closes the connection, if one was made. */
    @Override
    public void close() {
        C c;
        synchronized (this) {
            closed = true;
            if (retry != null) {
                retry.cancel(false);
            }
            c = connection;
            connection = null;
        }
        if (c != null) {
            c.close();
        }
    }
}
