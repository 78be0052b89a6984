package io.presenced.api;

/**
 * The server-API error codes, with the messages Centrifugo uses for them.
 */
public enum ApiError {
    INTERNAL(100, "internal server error"),
    UNKNOWN_CHANNEL(102, "unknown channel"),
    NOT_FOUND(104, "not found"),
    // Transport error mode maps it to 500 / INTERNAL, as Centrifugo's tables do for every code they do not list.
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

    /** Returns the HTTP status used in transport error mode. */
    public int httpStatus() {
        switch (this) {
            case UNKNOWN_CHANNEL:
            case NOT_FOUND:
                return 404;
            case BAD_REQUEST:
            case NOT_AVAILABLE:
                return 400;
            case UNRECOVERABLE_POSITION:
                return 416;
            case CONFLICT:
                return 409;
            default:
                return 500;
        }
    }
}
