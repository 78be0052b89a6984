package io.presenced.redis;

import java.util.concurrent.CompletableFuture;

import io.presenced.PresenceException;
import io.presenced.concurrent.Futures;

/**
 * A Redis command failed because the setup could not be reached, did not answer in time, or refused it.
 */
public final class RedisUnavailableException extends PresenceException {

    private static final long serialVersionUID = 1L;

    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception for a command to {@code node} that failed with {@code cause}. */
    public static RedisUnavailableException of(String node, Throwable cause) {
        if (cause instanceof RedisUnavailableException) {
            return (RedisUnavailableException) cause;
        }
        return new RedisUnavailableException("redis " + node + ": " + reason(cause), cause);
    }

    /**
     * Creates the exception for a command to {@code node} before its first connection succeeded.
     *
     * @param lastFailure why the last attempt failed, or null when the first attempt is still running
     */
    /**
     * Returns {@code stage} with any failure turned into a {@link RedisUnavailableException} naming {@code setup}
     * (one that already is such an exception is kept as it is).
     */
    public static <T> CompletableFuture<T> wrap(CompletableFuture<T> stage, String setup) {
        return stage.handle((v, e) -> {
            if (e != null) {
                Throwable cause = Futures.unwrap(e);
                if (cause instanceof RedisUnavailableException) {
                    throw (RedisUnavailableException) cause;
                }
                throw of(setup, cause);
            }
            return v;
        });
    }

    static RedisUnavailableException notConnected(String node, Throwable lastFailure) {
        String reason = lastFailure == null ? "still connecting"
                : "not connected yet, retrying (last attempt: " + reason(lastFailure) + ")";
        return new RedisUnavailableException("redis " + node + ": " + reason, lastFailure);
    }

    /** Returns the message of {@code e}, followed by its root cause's when that adds something. */
    static String reason(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        return message;
    }
}
