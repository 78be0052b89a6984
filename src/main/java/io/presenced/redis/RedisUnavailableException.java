package io.presenced.redis;

import io.presenced.PresenceException;

/**
 * A Redis command failed because the setup could not be reached or did not answer in time.
 */
public final class RedisUnavailableException extends PresenceException {

    private static final long serialVersionUID = 1L;

    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception for a command to {@code setup} that failed with {@code cause}. */
    public static RedisUnavailableException of(String setup, Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new RedisUnavailableException("redis " + setup + ": " + reason, cause);
    }
}
