package io.presenced.api;

import io.presenced.PresenceException;

/**
 * A failure that the API reports to its caller as an error code and message.
 *
 * <p>The message is the canonical text of the code, followed by a detail that names the offending field when
 * there is one: {@code bad request: users[2]: expected a string}.
 */
public final class ApiException extends PresenceException {

    private static final long serialVersionUID = 1L;

    private final ApiError error;

    private ApiException(ApiError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** Creates an error with the canonical message of {@code error} and no detail. */
    public static ApiException of(ApiError error) {
        return new ApiException(error, error.message(), null);
    }

    /** Creates an error whose message is the canonical one followed by {@code detail}. */
    public static ApiException of(ApiError error, String detail) {
        return new ApiException(error, error.message() + ": " + detail, null);
    }

    /** Creates a bad-request error about {@code field}: {@code bad request: field: problem}. */
    public static ApiException badField(String field, String problem) {
        return of(ApiError.BAD_REQUEST, field + ": " + problem);
    }

    /** Creates an internal error that keeps {@code cause} for the log and shows {@code detail} to the caller. */
    public static ApiException internal(String detail, Throwable cause) {
        return new ApiException(ApiError.INTERNAL, ApiError.INTERNAL.message() + ": " + detail, cause);
    }

    /** Returns the error code. */
    public ApiError error() {
        return error;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // Bad requests are routine and frequent; their stack trace says nothing the message does not.
        return error == ApiError.INTERNAL ? super.fillInStackTrace() : this;
    }
}
