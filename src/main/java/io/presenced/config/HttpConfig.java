package io.presenced.config;

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
 */
public record HttpConfig(String address, int port, String apiKey, boolean insecure, String apiPrefix,
                         String errorMode, int maxBodySize) {

    public static final int DEFAULT_PORT = 8000;
    public static final String DEFAULT_API_PREFIX = "/api";
    public static final int DEFAULT_MAX_BODY_SIZE = 4 * 1024 * 1024;

    @Override
    public String toString() {
        return "HttpConfig[address=" + address + ", port=" + port + ", apiKey=" + Redact.secret(apiKey)
                + ", insecure=" + insecure + ", apiPrefix=" + apiPrefix + ", errorMode=" + errorMode
                + ", maxBodySize=" + maxBodySize + "]";
    }
}
