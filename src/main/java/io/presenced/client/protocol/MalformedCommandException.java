package io.presenced.client.protocol;

/**
 * Bytes from a client that are no command of the protocol: the connection is closed with 3501 "bad request".
 * The message names what was wrong, never the bytes.
 */
public final class MalformedCommandException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the refusal. */
    public MalformedCommandException(String message) {
        super(message, null, false, false);
    }
}
