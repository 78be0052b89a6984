package io.presenced.config;

import java.time.Duration;

/**
 * The HTTP listener and its server API.
 *
 * @param address       interface to bind, empty for all interfaces
 * @param port          TCP port
 * @param apiKey        key that API callers present; empty refuses every call unless {@code insecure}
 * @param insecure      whether the API accepts calls without a key
 * @param apiPrefix     path prefix of the API routes
 * @param errorMode     {@code ""} for errors inside a 200 response, {@code "transport"} for HTTP status codes
 * @param maxBodySize   largest request body accepted, in bytes; larger bodies get 413
 * @param connections   how long a client may take and how many connections the listener keeps
 */
public record HttpConfig(String address, int port, String apiKey, boolean insecure, String apiPrefix,
                         String errorMode, int maxBodySize, Connections connections) {

    public static final int DEFAULT_PORT = 8000;
    public static final String DEFAULT_API_PREFIX = "/api";
    public static final int DEFAULT_MAX_BODY_SIZE = 4 * 1024 * 1024;

    /**
     * The limits of the HTTP listener's connections, after nginx's settings of the same purpose.
     *
     * @param headerTimeout    time for a request's head (request line and headers) to arrive, counted from the
     *                         connection's start or from the first byte of a later request
     * @param bodyTimeout      time for a whole request body to arrive, counted from the end of its head
     * @param keepaliveTimeout time an idle connection (every request answered) stays open waiting for the next
     * @param maxConnections   most connections open at once; connections over it are closed as soon as accepted
     * @param lingeringTime    longest time input is read and dropped after the server closed its side early
     * @param lingeringTimeout longest wait for more input during that time
     */
    public record Connections(Duration headerTimeout, Duration bodyTimeout, Duration keepaliveTimeout,
                              int maxConnections, Duration lingeringTime, Duration lingeringTimeout) {

        public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(60);
        public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);
        public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(75);
        public static final int DEFAULT_MAX_CONNECTIONS = 4096;
        public static final Duration DEFAULT_LINGERING_TIME = Duration.ofSeconds(30);
        public static final Duration DEFAULT_LINGERING_TIMEOUT = Duration.ofSeconds(5);

        /** Returns the defaults. */
        public static Connections defaults() {
            return new Connections(DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_KEEPALIVE_TIMEOUT,
                    DEFAULT_MAX_CONNECTIONS, DEFAULT_LINGERING_TIME, DEFAULT_LINGERING_TIMEOUT);
        }
    }

    @Override
    public String toString() {
        return "HttpConfig[address=" + address + ", port=" + port + ", apiKey=" + Redact.secret(apiKey)
                + ", insecure=" + insecure + ", apiPrefix=" + apiPrefix + ", errorMode=" + errorMode
                + ", maxBodySize=" + maxBodySize + ", connections=" + connections + "]";
    }
}
