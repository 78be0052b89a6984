package io.presenced.client.auth;

import static java.util.Objects.requireNonNull;

/** A token that was refused, and whether refreshing it can help. */
public final class TokenException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a token was refused. */
    public enum Kind {
        /** {@code exp} has passed or {@code nbf} lies in the future: the client should fetch a fresh token. */
        EXPIRED,
        /** Unparsable, wrongly signed, wrong audience or issuer, or claims of the wrong type. */
        INVALID
    }

    private final Kind kind;

    /** Creates a refusal; the message names what was wrong and never contains the token. */
    public TokenException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = requireNonNull(kind, "kind");
    }

    /** Why the token was refused. */
    public Kind kind() {
        return kind;
    }
}
