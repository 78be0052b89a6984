package io.presenced.api;

/**
 * The server-API error codes, with the messages Centrifugo uses for them. Transport-neutral: each transport maps a
 * code to its own status in its one error mapper.
 */
public enum ApiError {
    INTERNAL(100, "internal server error"),
    UNKNOWN_CHANNEL(102, "unknown channel"),
    NOT_FOUND(104, "not found"),
    LIMIT_EXCEEDED(106, "limit exceeded"),
    BAD_REQUEST(107, "bad request"),
    NOT_AVAILABLE(108, "not available"),
    UNRECOVERABLE_POSITION(112, "unrecoverable position"),
    CONFLICT(113, "conflict");

    private final int code;
    private final String message;

    ApiError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /** Returns the numeric code sent on the wire. */
    public int code() {
        return code;
    }

    /** Returns the canonical message; a detail may follow it after {@code ": "}. */
    public String message() {
        return message;
    }
}
