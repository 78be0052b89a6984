package io.presenced.api;

/**
 * Sees every API call once it is answered, for metrics. Must be cheap and must not throw.
 */
@FunctionalInterface
public interface ApiObserver {

    /** An observer that records nothing. */
    ApiObserver NONE = (method, code, nanos) -> { };

    /**
     * Records one answered call.
     *
     * @param method the method name
     * @param code   {@code 0} on success, else the error code
     * @param nanos  time from receipt to answer
     */
    void observe(String method, int code, long nanos);

    /**
     * Records that a call failed because a dependency did (a Redis set-up, say); {@code cause} names it. Called
     * before {@link #observe} for the same call.
     */
    default void failed(String method, Throwable cause) {
    }
}
