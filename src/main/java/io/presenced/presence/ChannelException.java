package io.presenced.presence;

import io.presenced.PresenceException;

/**
 * A channel name that the configured namespaces refuse. The transports map each {@link Kind} to their own error
 * (the server API: 107, 102 and 108); the message names the request field and the problem, without any code text.
 */
public final class ChannelException extends PresenceException {

    private static final long serialVersionUID = 1L;

    /** Why the channel is refused. */
    public enum Kind {
        /** Empty, too long, or not printable ASCII. */
        MALFORMED,
        /** Its namespace is not configured. */
        UNKNOWN_NAMESPACE,
        /** Its namespace does not keep presence. */
        PRESENCE_DISABLED
    }

    private final Kind kind;

    ChannelException(Kind kind, String field, String problem) {
        super(field + ": " + problem);
        this.kind = kind;
    }

    /** Returns why the channel is refused. */
    public Kind kind() {
        return kind;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // A refused channel is a routine client mistake: the message says everything.
        return this;
    }
}
