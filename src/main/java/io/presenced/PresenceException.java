package io.presenced;

/**
 * Root of every unchecked exception that presenced throws on purpose.
 */
public class PresenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that names the failing value and what was expected.
     */
    public PresenceException(String message) {
        super(message);
    }

    /**
     * Creates an exception that wraps the failure that caused it.
     */
    public PresenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
