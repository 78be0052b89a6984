package io.presenced.api;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one API call: a result that writes itself as JSON, or an error.
 *
 * @param result the writer of the result object, {@code null} on failure
 * @param value  the typed result (a record of the method), {@code null} on failure
 * @param error  the error, {@code null} on success
 */
public record ApiReply(JsonWritable result, Object value, ApiException error) {

    public ApiReply {
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("a reply has either a result or an error (expected: exactly one)");
        }
    }

    /** Returns a successful reply; {@code value} is the typed result that {@code result} writes. */
    public static ApiReply ok(Object value, JsonWritable result) {
        return new ApiReply(requireNonNull(result, "result"), value, null);
    }

    /** Returns a failed reply. */
    public static ApiReply error(ApiException error) {
        return new ApiReply(null, null, requireNonNull(error, "error"));
    }

    /** Returns whether the call failed. */
    public boolean isError() {
        return error != null;
    }
}
