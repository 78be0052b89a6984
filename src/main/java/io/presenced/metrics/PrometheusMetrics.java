package io.presenced.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntToLongFunction;
import java.util.function.LongSupplier;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.presenced.api.ApiObserver;
import io.presenced.redis.RedisUnavailableException;
import io.presenced.state.StateMetrics;
import io.presenced.tasks.BackgroundTasks;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The node's Prometheus metrics, all prefixed {@code presenced_}: API calls by method and code with a latency
 * histogram, Redis command failures, channel-state queues, lag and event counts, live clients and occupied
 * channels, and the JVM basics. One registry per node, so several nodes in one process stay apart.
 */
public final class PrometheusMetrics implements ApiObserver {

    private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5, 5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter apiCalls;
    private final Histogram apiLatency;
    private final Counter redisFailures;

    /** Creates the registry with the API, Redis and JVM metrics. */
    public PrometheusMetrics() {
        apiCalls = Counter.builder().name("presenced_api_requests")
                .help("Server API calls answered, by method and error code (0 for success)")
                .labelNames("method", "code").register(registry);
        apiLatency = Histogram.builder().name("presenced_api_request_duration_seconds")
                .help("Time from receiving a server API call to answering it").labelNames("method")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
        redisFailures = Counter.builder().name("presenced_redis_command_failures")
                .help("Redis calls that failed, by kind: timeout, unavailable (not connected) or error")
                .labelNames("kind").register(registry);
        for (String kind : new String[] {"timeout", "unavailable", "error"}) {
            redisFailures.initLabelValues(kind);
        }
        JvmMetrics.builder().register(registry);
    }

    @Override
    public void observe(String method, int code, long nanos) {
        apiCalls.labelValues(method, Integer.toString(code)).inc();
        apiLatency.labelValues(method).observe(nanos / 1e9);
    }

    @Override
    public void failed(String method, Throwable cause) {
        if (cause instanceof RedisUnavailableException) {
            redisFailures.labelValues(kindOf(cause)).inc();
        }
    }

    private static String kindOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RedisCommandTimeoutException) {
                return "timeout";
            }
            if (c instanceof RedisConnectionException
                    || String.valueOf(c.getMessage()).contains("not connected")) {
                return "unavailable";
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return "error";
    }

    /** Exports the channel-state counters and per-partition queue gauges. */
    public void register(StateMetrics state) {
        register(state, "presenced_channel_state", "Channel state");
    }

    /**
     * Exports an event stream's counters and per-partition queue gauges under {@code prefix}
     * ({@code presenced_channel_state}, {@code presenced_user_events}).
     */
    public void register(StateMetrics state, String prefix, String what) {
        CounterWithCallback.builder().name(prefix + "_events")
                .help(what + " events by outcome: delivered, retried (failed attempts) or dropped (queue full)")
                .labelNames("result")
                .callback(cb -> {
                    cb.call(state.delivered(), "delivered");
                    cb.call(state.retried(), "retried");
                    cb.call(state.droppedCount(), "dropped");
                }).register(registry);
        perPartition(state, prefix + "_queue_length",
                "Undelivered " + what.toLowerCase(java.util.Locale.ROOT)
                        + " events of each partition this node delivers", state::queueLength);
        perPartition(state, prefix + "_consuming_lag_milliseconds",
                "Age of the oldest undelivered event of each partition this node delivers", state::lagMillis);
    }

    private void gauge(String name, String help, LongSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong()))
                .register(registry);
    }

    private void counter(String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong()))
                .register(registry);
    }

    private void perPartition(StateMetrics state, String name, String help, IntToLongFunction value) {
        GaugeWithCallback.builder().name(name).help(help)
                .labelNames("partition")
                .callback(cb -> {
                    for (int p = 0; p < state.partitions(); p++) {
                        cb.call(value.applyAsLong(p), Integer.toString(p));
                    }
                }).register(registry);
    }

    /** Exports the failed runs of each background task. */
    public void register(BackgroundTasks tasks) {
        CounterWithCallback.builder().name("presenced_background_task_failures")
                .help("Runs of a background task (sweep, sampler, lease renewal, state poll) that failed; the task"
                        + " keeps its schedule")
                .labelNames("task")
                .callback(cb -> tasks.snapshot().forEach((name, n) -> cb.call(n, name))).register(registry);
    }

    /** Exports how many Redis setups have a node whose eviction policy can drop presenced's data. */
    public void registerRedis(LongSupplier unsafeEvictionSetups) {
        gauge("presenced_redis_unsafe_eviction_policy",
                "Redis setups with a node whose maxmemory-policy is not noeviction (details in /ready)",
                unsafeEvictionSetups);
    }

    /** Exports the number of live presence entries and of occupied channels, read from cached samples. */
    public void registerPresence(LongSupplier liveClients, LongSupplier occupiedChannels) {
        gauge("presenced_live_clients", "Presence entries (client in channel) alive, sampled every few seconds",
                liveClients);
        gauge("presenced_occupied_channels", "Channels with at least one client, sampled every few seconds",
                occupiedChannels);
    }

    /** Exports the number of client connections (WebSocket sessions past {@code connect}) on this node. */
    public void registerClients(LongSupplier connected) {
        GaugeWithCallback.builder().name("presenced_client_connections")
                .help("Client connections past connect on this node")
                .callback(cb -> cb.call(connected.getAsLong())).register(registry);
    }

    /**
     * Exports the HTTP listener's open connections, the connections it closed on accept because the cap was
     * reached, and those it closed because a client was slower than a timeout allows.
     */
    public void registerHttp(LongSupplier open, LongSupplier rejected, LongSupplier timedOut) {
        gauge("presenced_http_connections", "HTTP connections open now", open);
        counter("presenced_http_connections_rejected",
                "HTTP connections closed on accept because http_server.max_connections were open", rejected);
        counter("presenced_http_connections_timed_out", "HTTP connections closed because the client was slower"
                + " than a header, body or keep-alive timeout allows", timedOut);
    }

    /** Returns the metrics in the Prometheus text format. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Returns the content type of {@link #scrape()}. */
    public String contentType() {
        return writer.getContentType();
    }
}
