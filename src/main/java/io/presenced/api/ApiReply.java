package io.presenced.api;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one API call: a result that writes itself as JSON, or an error.
 */
public final class ApiReply {

    private final JsonWritable result;
    private final Object value;
    private final ApiException error;

    private ApiReply(JsonWritable result, Object value, ApiException error) {
        this.result = result;
        this.value = value;
        this.error = error;
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

    /** Returns the error, or {@code null} on success. */
    public ApiException error() {
        return error;
    }

    /** Returns the writer of the result object, or {@code null} on failure. */
    public JsonWritable result() {
        return result;
    }

    /** Returns the typed result (a record of the method), or {@code null} on failure. */
    public Object value() {
        return value;
    }
}
