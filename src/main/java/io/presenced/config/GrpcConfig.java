package io.presenced.config;

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
 */
public record GrpcConfig(boolean enabled, String address, int port, String key, String errorMode,
                         int maxReceiveMessageSize) {

    public static final int DEFAULT_PORT = 10000;
    public static final int DEFAULT_MAX_RECEIVE_MESSAGE_SIZE = 4 * 1024 * 1024;

    /** Returns whether errors become gRPC statuses for every call, not only those that ask for it. */
    public boolean isTransportErrorMode() {
        return "transport".equals(errorMode);
    }

    @Override
    public String toString() {
        return "GrpcConfig[enabled=" + enabled + ", address=" + address + ", port=" + port + ", key="
                + Redact.secret(key) + ", errorMode=" + errorMode + ", maxReceiveMessageSize="
                + maxReceiveMessageSize + "]";
    }
}
