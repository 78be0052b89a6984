package io.presenced.api.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.presenced.api.ApiError;
import io.presenced.api.ApiException;
import io.presenced.api.JsonWritable;
import io.presenced.api.ServerApi;

/**
 * The one mapping from failures to HTTP answers: the status and body of every error the HTTP transport sends.
 *
 * <p>Three kinds of answer come from here. A request refused from its head or its framing ({@link Refusal}) gets
 * the refusal's status and an empty body, except a malformed URI, which gets 400 with the error envelope. A request
 * refused before its method runs (a body that is not a JSON object, an invalid batch or legacy body, an unknown
 * method) gets 400 or 404 with the envelope {@code {"error":{"code":N,"message":"..."}}}. A method's error reply
 * gets 200 with the envelope in the default error mode, and in transport error mode the bare error object with the
 * status of Centrifugo's code table. The error objects inside batch replies and legacy reply lines are written
 * here too.
 *
 * <p>Stateless; callable from any thread.
 */
final class HttpErrors {

    private HttpErrors() {
    }

    /** A reason to answer a request from its head, or from its body's framing, without running it. */
    enum Refusal {
        /** A head the codec could not parse. */
        UNPARSABLE_HEAD(HttpResponseStatus.BAD_REQUEST),
        /** A request line over the codec's limit. */
        URI_TOO_LONG(HttpResponseStatus.REQUEST_URI_TOO_LONG),
        /** Headers over the codec's limit. */
        HEADERS_TOO_LARGE(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
        /** Any other part of the message over a codec limit. */
        FRAME_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
        /** A malformed {@code %} escape in the path or query, or an unreadable {@code Content-Length}. */
        MALFORMED_URI(HttpResponseStatus.BAD_REQUEST),
        /** An API request with a method other than POST. */
        METHOD_NOT_ALLOWED(HttpResponseStatus.METHOD_NOT_ALLOWED),
        /** An API request without the API key. */
        UNAUTHORIZED(HttpResponseStatus.UNAUTHORIZED),
        /** An API body over {@code http_api.max_body_size}, declared or as it arrives. */
        BODY_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
        /** An {@code Expect} other than {@code 100-continue}. */
        EXPECTATION_FAILED(HttpResponseStatus.EXPECTATION_FAILED),
        /** A body chunk the codec could not parse. */
        UNPARSABLE_BODY(HttpResponseStatus.BAD_REQUEST);

        private final HttpResponseStatus status;

        Refusal(HttpResponseStatus status) {
            this.status = status;
        }

        /** Returns the status this refusal is answered with. */
        HttpResponseStatus status() {
            return status;
        }
    }

    /** Returns the refusal for a head the codec failed on with {@code cause}, which may be {@code null}. */
    static Refusal unparsableHead(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return Refusal.URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return Refusal.HEADERS_TOO_LARGE;
        }
        return cause instanceof TooLongFrameException ? Refusal.FRAME_TOO_LARGE : Refusal.UNPARSABLE_HEAD;
    }

    /**
     * Returns the answer to {@code refusal}: an empty body, as Centrifugo sends for 401 and 405, except for a
     * malformed URI, whose 400 names the field {@code uri} in the error envelope.
     */
    static FullHttpResponse refuse(Refusal refusal, ByteBufAllocator alloc) {
        if (refusal == Refusal.MALFORMED_URI) {
            return invalidRequest(alloc, ApiException.badField("uri", "malformed percent-encoding or Content-Length"));
        }
        return HttpResponses.empty(refusal.status());
    }

    /**
     * Returns 400 with the envelope of {@code e}: for a request refused before any method ran (a body that is not
     * a JSON object, an invalid batch or legacy body), and for a batch that failed as a whole.
     */
    static FullHttpResponse invalidRequest(ByteBufAllocator alloc, ApiException e) {
        return HttpResponses.json(alloc, HttpResponseStatus.BAD_REQUEST, envelope(e));
    }

    /** Returns 404 with the envelope of error 104 for {@code method}, a method the API does not serve. */
    static FullHttpResponse unknownMethod(ByteBufAllocator alloc, String method) {
        return HttpResponses.json(alloc, HttpResponseStatus.NOT_FOUND, envelope(ServerApi.unknownMethod(method)));
    }

    /**
     * Returns the answer to a method's error reply: 200 with {@code {"error":{...}}} by default, or in transport
     * error mode the bare {@code {"code":N,"message":"..."}} with the status of {@link #transportStatus}.
     */
    static FullHttpResponse errorReply(ByteBufAllocator alloc, ApiException e, boolean transportMode) {
        if (transportMode) {
            return HttpResponses.json(alloc, transportStatus(e.error()), out -> writeError(out, e));
        }
        return HttpResponses.json(alloc, HttpResponseStatus.OK, envelope(e));
    }

    /** Returns the status that transport error mode sends for {@code error}, as Centrifugo's table has it. */
    static HttpResponseStatus transportStatus(ApiError error) {
        switch (error) {
            case UNKNOWN_CHANNEL:
            case NOT_FOUND:
                return HttpResponseStatus.NOT_FOUND;
            case BAD_REQUEST:
            case NOT_AVAILABLE:
                return HttpResponseStatus.BAD_REQUEST;
            case UNRECOVERABLE_POSITION:
                return HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE;
            case CONFLICT:
                return HttpResponseStatus.CONFLICT;
            default:
                // 100, and every code the table does not list (106 among them), is 500 in Centrifugo.
                return HttpResponseStatus.INTERNAL_SERVER_ERROR;
        }
    }

    /** Returns the empty 500 that answers a defect: a failure that is not the client's doing. */
    static FullHttpResponse defect() {
        return HttpResponses.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR);
    }

    /** Returns the plain-text 404 for a path that is neither the API nor another route. */
    static FullHttpResponse noRoute() {
        return HttpResponses.text(HttpResponseStatus.NOT_FOUND, "not found");
    }

    /** Writes the error object {@code {"code":N,"message":"..."}}, as batch replies and legacy lines carry it. */
    static void writeError(JsonGenerator out, ApiException e) throws IOException {
        out.writeStartObject();
        out.writeNumberField("code", e.error().code());
        out.writeStringField("message", e.getMessage());
        out.writeEndObject();
    }

    private static JsonWritable envelope(ApiException e) {
        return out -> {
            out.writeStartObject();
            out.writeFieldName("error");
            writeError(out, e);
            out.writeEndObject();
        };
    }
}
