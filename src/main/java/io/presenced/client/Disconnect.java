package io.presenced.client;

/**
 * Why the server ends a connection: Centrifugo's disconnect codes, sent as the WebSocket close code with the reason
 * as close text. Codes from 3500 tell the SDK not to reconnect.
 */
public enum Disconnect {
    SHUTDOWN(3001, "shutdown"),
    INTERNAL(3004, "internal server error"),
    CONNECTION_EXPIRED(3005, "connection expired"),
    SLOW(3008, "slow"),
    INSUFFICIENT_STATE(3010, "insufficient state"),
    NO_PONG(3012, "no pong"),
    INVALID_TOKEN(3500, "invalid token"),
    BAD_REQUEST(3501, "bad request"),
    STALE(3502, "stale"),
    CONNECTION_LIMIT(3504, "connection limit");

    private final int code;
    private final String reason;

    Disconnect(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** Returns the close code. */
    public int code() {
        return code;
    }

    /** Returns the close reason. */
    public String reason() {
        return reason;
    }
}
