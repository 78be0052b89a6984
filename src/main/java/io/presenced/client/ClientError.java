package io.presenced.client;

import io.presenced.proto.client.Error;

/** The client protocol's error replies that presenced gives, with Centrifugo's codes and messages. */
enum ClientError {
    INTERNAL(100, "internal server error", true),
    UNKNOWN_CHANNEL(102, "unknown channel", false),
    PERMISSION_DENIED(103, "permission denied", false),
    METHOD_NOT_FOUND(104, "method not found", false),
    ALREADY_SUBSCRIBED(105, "already subscribed", false),
    LIMIT_EXCEEDED(106, "limit exceeded", false),
    BAD_REQUEST(107, "bad request", false),
    NOT_AVAILABLE(108, "not available", false),
    TOKEN_EXPIRED(109, "token expired", false);

    private final Error proto;

    ClientError(int code, String message, boolean temporary) {
        this.proto = Error.newBuilder().setCode(code).setMessage(message).setTemporary(temporary).build();
    }

    /** Returns the error as the protocol carries it. */
    Error proto() {
        return proto;
    }
}
