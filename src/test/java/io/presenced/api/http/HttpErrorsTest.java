package io.presenced.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.presenced.api.ApiError;
import io.presenced.api.ApiException;

class HttpErrorsTest {

    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    // Centrifugo's transport-mode table: 100->500, 102/104->404, 107/108->400, 112->416, 113->409, other->500.
    private static final Map<Integer, Integer> CENTRIFUGO = Map.of(
            100, 500, 102, 404, 104, 404, 107, 400, 108, 400, 112, 416, 113, 409);

    private static final Map<HttpErrors.Refusal, Integer> REFUSALS = Map.of(
            HttpErrors.Refusal.UNPARSABLE_HEAD, 400,
            HttpErrors.Refusal.URI_TOO_LONG, 414,
            HttpErrors.Refusal.HEADERS_TOO_LARGE, 431,
            HttpErrors.Refusal.FRAME_TOO_LARGE, 413,
            HttpErrors.Refusal.MALFORMED_URI, 400,
            HttpErrors.Refusal.METHOD_NOT_ALLOWED, 405,
            HttpErrors.Refusal.UNAUTHORIZED, 401,
            HttpErrors.Refusal.BODY_TOO_LARGE, 413,
            HttpErrors.Refusal.EXPECTATION_FAILED, 417,
            HttpErrors.Refusal.UNPARSABLE_BODY, 400);

    @ParameterizedTest
    @EnumSource(ApiError.class)
    void everyApiErrorMapsToCentrifugosTransportStatus(ApiError error) {
        int expected = CENTRIFUGO.getOrDefault(error.code(), 500);
        assertThat(HttpErrors.transportStatus(error).code()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(ApiError.class)
    void transportModeSendsTheBareErrorWithTheMappedStatus(ApiError error) {
        ApiException e = ApiException.of(error, "why");
        Answer a = answer(alloc -> HttpErrors.errorReply(alloc, e, true));
        assertThat(a.status()).isEqualTo(CENTRIFUGO.getOrDefault(error.code(), 500));
        assertThat(a.contentType()).isEqualTo("application/json");
        assertThat(a.body()).isEqualTo("{\"code\":" + error.code() + ",\"message\":\"" + error.message() + ": why\"}");
    }

    @ParameterizedTest
    @EnumSource(ApiError.class)
    void defaultModeSendsTheEnvelopeWith200(ApiError error) {
        ApiException e = ApiException.of(error);
        Answer a = answer(alloc -> HttpErrors.errorReply(alloc, e, false));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).isEqualTo("application/json");
        assertThat(a.body()).isEqualTo(
                "{\"error\":{\"code\":" + error.code() + ",\"message\":\"" + error.message() + "\"}}");
    }

    @ParameterizedTest
    @EnumSource(value = HttpErrors.Refusal.class, names = "MALFORMED_URI", mode = EnumSource.Mode.EXCLUDE)
    void everyRefusalButAMalformedUriIsItsStatusWithAnEmptyBody(HttpErrors.Refusal refusal) {
        Answer a = answer(alloc -> HttpErrors.refuse(refusal, alloc));
        assertThat(a.status()).isEqualTo(REFUSALS.get(refusal));
        assertThat(a.contentType()).isNull();
        assertThat(a.contentLength()).isEqualTo("0");
        assertThat(a.body()).isEmpty();
    }

    @Test
    void everyRefusalHasAStatusInTheTable() {
        assertThat(REFUSALS).hasSize(HttpErrors.Refusal.values().length);
        for (HttpErrors.Refusal r : HttpErrors.Refusal.values()) {
            assertThat(r.status().code()).as(r.name()).isEqualTo(REFUSALS.get(r));
        }
    }

    @Test
    void malformedUriIs400WithTheEnvelopeNamingTheUri() {
        Answer a = answer(alloc -> HttpErrors.refuse(HttpErrors.Refusal.MALFORMED_URI, alloc));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).isEqualTo("application/json");
        assertThat(a.body()).isEqualTo("{\"error\":{\"code\":107,"
                + "\"message\":\"bad request: uri: malformed percent-encoding or Content-Length\"}}");
    }

    @Test
    void codecFailuresOfTheHeadNameTheirRefusal() {
        assertThat(HttpErrors.unparsableHead(new TooLongHttpLineException("line")))
                .isEqualTo(HttpErrors.Refusal.URI_TOO_LONG);
        assertThat(HttpErrors.unparsableHead(new TooLongHttpHeaderException("headers")))
                .isEqualTo(HttpErrors.Refusal.HEADERS_TOO_LARGE);
        assertThat(HttpErrors.unparsableHead(new TooLongFrameException("frame")))
                .isEqualTo(HttpErrors.Refusal.FRAME_TOO_LARGE);
        assertThat(HttpErrors.unparsableHead(new IllegalArgumentException("bad")))
                .isEqualTo(HttpErrors.Refusal.UNPARSABLE_HEAD);
        assertThat(HttpErrors.unparsableHead(null)).isEqualTo(HttpErrors.Refusal.UNPARSABLE_HEAD);
    }

    @Test
    void invalidRequestIs400WithTheEnvelopeWhateverTheCode() {
        Answer a = answer(alloc -> HttpErrors.invalidRequest(alloc, ApiException.of(ApiError.LIMIT_EXCEEDED, "x")));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).isEqualTo("{\"error\":{\"code\":106,\"message\":\"limit exceeded: x\"}}");
    }

    @Test
    void unknownMethodIs404WithError104NamingTheMethod() {
        Answer a = answer(alloc -> HttpErrors.unknownMethod(alloc, "nope"));
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body())
                .isEqualTo("{\"error\":{\"code\":104,\"message\":\"not found: unknown method \\\"nope\\\"\"}}");
    }

    @Test
    void aPathOutsideEveryRouteIsAPlainText404() {
        Answer a = answer(alloc -> HttpErrors.noRoute());
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.contentType()).isEqualTo("text/plain");
        assertThat(a.body()).isEqualTo("not found");
    }

    @Test
    void aDefectIsAnEmpty500() {
        Answer a = answer(alloc -> HttpErrors.defect());
        assertThat(a.status()).isEqualTo(500);
        assertThat(a.contentLength()).isEqualTo("0");
        assertThat(a.body()).isEmpty();
    }

    private static Answer answer(Function<ByteBufAllocator, FullHttpResponse> build) {
        FullHttpResponse r = build.apply(ALLOC);
        try {
            return new Answer(r.status().code(), r.headers().get(HttpHeaderNames.CONTENT_TYPE),
                    r.headers().get(HttpHeaderNames.CONTENT_LENGTH), r.content().toString(StandardCharsets.UTF_8));
        } finally {
            r.release();
        }
    }

    private record Answer(int status, String contentType, String contentLength, String body) {
    }
}
