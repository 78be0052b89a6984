package io.presenced.config;

import java.time.Duration;

/**
 * The gRPC listener and its server API.
 *
 * @param enabled                whether the gRPC API listens at all
 * @param address                interface to bind, empty for all interfaces
 * @param port                   TCP port
 * @param key                    key that callers present as {@code authorization: apikey <key>}; empty means the
 *                               gRPC API has no auth, as in Centrifugo
 * @param errorMode              {@code ""} for errors inside the response's {@code error} field,
 *                               {@code "transport"} for gRPC status codes
 * @param maxReceiveMessageSize  largest request message accepted, in bytes
 * @param connections            how long connections may idle and how much each may ask for
 */
public record GrpcConfig(boolean enabled, String address, int port, String key, String errorMode,
                         int maxReceiveMessageSize, Connections connections) {

    public static final int DEFAULT_PORT = 10000;
    public static final int DEFAULT_MAX_RECEIVE_MESSAGE_SIZE = 4 * 1024 * 1024;

    /** Creates a config with the default connection limits. */
    public GrpcConfig(boolean enabled, String address, int port, String key, String errorMode,
                      int maxReceiveMessageSize) {
        this(enabled, address, port, key, errorMode, maxReceiveMessageSize, Connections.defaults());
    }

    /**
     * The limits of the gRPC listener's connections.
     *
     * @param handshakeTimeout            time for a new connection to complete the HTTP/2 (or TLS) handshake
     * @param maxConnectionIdle           time a connection with no call in progress stays open
     * @param keepaliveTime               time without reads after which the server pings the client
     * @param keepaliveTimeout            time the server waits for that ping's answer before closing
     * @param permitKeepaliveTime         shortest interval between client pings the server tolerates
     * @param permitKeepaliveWithoutCalls whether clients may ping while no call is in progress
     * @param maxConcurrentCalls          most calls one connection may have in progress at once
     */
    public record Connections(Duration handshakeTimeout, Duration maxConnectionIdle, Duration keepaliveTime,
                              Duration keepaliveTimeout, Duration permitKeepaliveTime,
                              boolean permitKeepaliveWithoutCalls, int maxConcurrentCalls) {

        public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);
        public static final Duration DEFAULT_MAX_CONNECTION_IDLE = Duration.ofMinutes(5);
        public static final Duration DEFAULT_KEEPALIVE_TIME = Duration.ofMinutes(1);
        public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(20);
        public static final Duration DEFAULT_PERMIT_KEEPALIVE_TIME = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_CONCURRENT_CALLS = 128;

        /** Returns the defaults. */
        public static Connections defaults() {
            return new Connections(DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_MAX_CONNECTION_IDLE, DEFAULT_KEEPALIVE_TIME,
                    DEFAULT_KEEPALIVE_TIMEOUT, DEFAULT_PERMIT_KEEPALIVE_TIME, false, DEFAULT_MAX_CONCURRENT_CALLS);
        }
    }

    /** Returns whether errors become gRPC statuses for every call, not only those that ask for it. */
    public boolean isTransportErrorMode() {
        return "transport".equals(errorMode);
    }

    @Override
    public String toString() {
        return "GrpcConfig[enabled=" + enabled + ", address=" + address + ", port=" + port + ", key="
                + Redact.secret(key) + ", errorMode=" + errorMode + ", maxReceiveMessageSize="
                + maxReceiveMessageSize + ", connections=" + connections + "]";
    }
}
