package io.presenced.api;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonGenerator;

import io.presenced.concurrent.Futures;

/**
 * One server-API method, independent of transport: how its JSON params decode to a request, what it does, and
 * how its result writes as JSON. gRPC builds the same request records from protobuf and calls {@link #invoke},
 * so validation and error codes are the same on every transport.
 *
 * @param name    the method name as in {@code /api/<name>} and batch commands
 * @param decoder turns JSON params into the request; throws {@link ApiException} for malformed input
 * @param handler validates the request and does the work
 * @param writer  writes the result as a JSON object
 * @param <Q>     the request type
 * @param <R>     the result type
 */
public record ApiMethod<Q, R>(String name, Decoder<Q> decoder, Function<Q, CompletionStage<R>> handler,
                              Writer<R> writer) {

    public ApiMethod {
        requireNonNull(name, "name");
        requireNonNull(decoder, "decoder");
        requireNonNull(handler, "handler");
        requireNonNull(writer, "writer");
    }

    /**
     * Validates and runs {@code request}. Whatever the handler throws (an {@link ApiException} for invalid input, a
     * domain exception such as a refused channel) completes the stage exceptionally instead, for
     * {@link ServerApi} to map to an error reply.
     */
    public CompletionStage<R> invoke(Q request) {
        return Futures.call(() -> handler.apply(request));
    }

    /** Decodes JSON params into a request. */
    @FunctionalInterface
    public interface Decoder<Q> {
        /** Returns the request, or throws {@link ApiException} naming the malformed field. */
        Q decode(JsonParams params);
    }

    /** Writes a result as one JSON object. */
    @FunctionalInterface
    public interface Writer<R> {
        /** Writes {@code result} as one JSON object to {@code out}. */
        void write(R result, JsonGenerator out) throws IOException;
    }

    /** Returns a writer for methods whose result is the empty object {@code {}}. */
    public static <R> Writer<R> emptyResult() {
        return (r, out) -> {
            out.writeStartObject();
            out.writeEndObject();
        };
    }

    /** Returns a decoder that rejects nothing and ignores the params. */
    public static Decoder<Void> noParams() {
        return p -> null;
    }
}
