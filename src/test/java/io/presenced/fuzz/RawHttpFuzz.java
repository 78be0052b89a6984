package io.presenced.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import io.presenced.testing.Engines.Engine;
import io.presenced.testing.TestServer;

/**
 * Fuzzes the HTTP front at the socket level: odd methods, request targets (bad {@code %} escapes in path and
 * query, absolute forms, over-long targets) and versions; odd, repeated and over-long headers; Content-Length
 * that is wrong or unparsable; chunked bodies, good and bad. The server must answer with a status below 500 or
 * close the connection, within the timeout, and a correct call must succeed afterwards.
 */
abstract class RawHttpFuzz extends FuzzSuite {

    private static final String KEY_HEADER = "X-API-Key: " + TestServer.API_KEY;

    /** Runs the properties against a node on {@code engine}, one node per class and engine. */
    RawHttpFuzz(Engine engine) {
        super("raw-http", engine);
    }

    @Property
    void oddRequestLinesNeverFailTheServer(@ForAll("requestLines") RawRequest request) {
        check("requestLines", request);
    }

    @Property
    void oddHeadersAndFramingNeverFailTheServer(@ForAll("headersAndFraming") RawRequest request) {
        check("headersAndFraming", request);
    }

    private void check(String property, RawRequest request) {
        judge(property, () -> {
            RawHttp.Outcome outcome = RawHttp.exchange(target().baseUri(), request);
            Statistics.label("status").collect(outcome.status());
            if (outcome.status() >= 500) {
                throw new AssertionError("server error: " + FuzzInputs.abbreviate(outcome.head()) + " for "
                        + request);
            }
        });
    }

    @Provide
    Arbitrary<RawRequest> requestLines() {
        Arbitrary<String> method = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("POST", "GET")),
                Tuple.of(2, Arbitraries.of("PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT", "PRI",
                        "get", "P0ST", "", "GET GET", "\u00d6", "M".repeat(5000))));
        Arbitrary<String> path = Arbitraries.frequencyOf(
                Tuple.of(3, routes()),
                Tuple.of(2, Combinators.combine(routes(), Arbitraries.of("%zz", "%", "%2", "%00", "%ff", "%C0%AE",
                        "%u0041", "%2f", "\u00e9", "%e9"), Arbitraries.of(true, false))
                        .as((r, odd, inQuery) -> inQuery ? r + "?x=" + odd : r + odd)),
                Tuple.of(1, Arbitraries.of("*", "", "http://127.0.0.1/api/info", "//api/info", "/api/info#frag",
                        "/api/info?api_key=" + TestServer.API_KEY + "&x=%zz", "/health?%zz", "/api%2finfo",
                        "/api/../health", "/" + "a".repeat(10_000), "/api/info?" + "a=b&".repeat(3000),
                        "/api/info\t", "/api/ info", "/api/info?x=\u0000")));
        Arbitrary<String> version = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("HTTP/1.1")),
                Tuple.of(1, Arbitraries.of("HTTP/1.0", "HTTP/2.0", "HTTP/1.2", "HTTP/x", "", "http/1.1",
                        "HTTP/1.1 extra")));
        return Combinators.combine(method, path, version, Arbitraries.of(true, false)).as((m, p, v, withBody) -> {
            byte[] body = withBody ? "{\"users\":[\"a\"]}".getBytes(StandardCharsets.UTF_8) : new byte[0];
            List<String> headers = new ArrayList<>(List.of("Host: 127.0.0.1", KEY_HEADER));
            if (withBody) {
                headers.add("Content-Length: " + body.length);
            }
            String line = v.isEmpty() ? m + " " + p : m + " " + p + " " + v;
            return new RawRequest(line, headers, body, true);
        });
    }

    @Provide
    Arbitrary<RawRequest> headersAndFraming() {
        Arbitrary<String> oddHeader = Arbitraries.of("Content-Type: application/json; charset=utf-16",
                "Transfer-Encoding: gzip", "Expect: 100-continue", "Expect: nonsense", "Connection: close",
                "Connection: keep-alive, Upgrade", "Upgrade: h2c", "X-Long: " + "x".repeat(10_000),
                "X-Longer: " + "x".repeat(100_000), "X-Nul: a\u0000b", "X-Ctl: \u0001\u007f", "X-Utf8: \u00e9\u65e5",
                " Leading-Space: x", "NoColon", ": empty-name", "X-Fold: a\r\n b", "Bad Name: x",
                "X-Centrifugo-Error-Mode: transport", "Content-Encoding: gzip", "Host: other", "Host:",
                "X-API-Key: wrong", "X-API-Key: " + TestServer.API_KEY, "Authorization: apikey \u00e9",
                "Authorization: apikey " + TestServer.API_KEY, "X-API-Key: \u0000", "Cookie: a=b;;;");
        Arbitrary<String> auth = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(KEY_HEADER)),
                Tuple.of(1, Arbitraries.of("", "X-API-Key: wrong", "Authorization: apikey")));
        Arbitrary<String> path = Arbitraries.frequencyOf(Tuple.of(4, apiRoutes()), Tuple.of(1, routes()));
        Arbitrary<byte[]> json = Body.of(Arbitraries.oneOf(ApiBodies.params("update_user_status"),
                ApiBodies.params("get_user_status"), ApiBodies.params("presence_join"), ApiBodies.legacy()))
                .map(Body::bytes);
        return Combinators.combine(path, auth, oddHeader.list().ofMaxSize(4), Arbitraries.of(Framing.class), json)
                .as((p, a, extra, framing, body) -> {
                    List<String> headers = new ArrayList<>(List.of("Host: 127.0.0.1"));
                    if (!a.isEmpty()) {
                        headers.add(a);
                    }
                    headers.addAll(extra);
                    return framing.request("POST " + p + " HTTP/1.1", headers, body);
                });
    }

    private static Arbitrary<String> routes() {
        return Arbitraries.oneOf(apiRoutes(), Arbitraries.of("/health", "/ready", "/metrics", "/", "/nope"));
    }

    private static Arbitrary<String> apiRoutes() {
        return Arbitraries.oneOf(Arbitraries.of(ApiBodies.METHODS).map(m -> "/api/" + m),
                Arbitraries.of("/api", "/api/rpc", "/api/batch"));
    }

    /** How a body is delimited, correctly or not. */
    enum Framing {
        NONE, CONTENT_LENGTH, SHORT_CONTENT_LENGTH, LONG_CONTENT_LENGTH, UNPARSABLE_CONTENT_LENGTH,
        NEGATIVE_CONTENT_LENGTH, HUGE_CONTENT_LENGTH, TWO_CONTENT_LENGTHS, CHUNKED, CHUNKED_WITH_EXTENSION_AND_TRAILER,
        CHUNKED_BAD_SIZE, CHUNKED_NO_LAST_CHUNK, CHUNKED_AND_CONTENT_LENGTH, CHUNKED_TWICE, GZIP_THEN_CHUNKED;

        RawRequest request(String line, List<String> headers, byte[] body) {
            List<String> h = new ArrayList<>(headers);
            String n = Integer.toHexString(body.length);
            switch (this) {
                case NONE:
                    return new RawRequest(line, h, new byte[0], true);
                case CONTENT_LENGTH:
                    h.add("Content-Length: " + body.length);
                    return new RawRequest(line, h, body, true);
                case SHORT_CONTENT_LENGTH:
                    h.add("Content-Length: " + body.length / 2);
                    return new RawRequest(line, h, body, false);
                case LONG_CONTENT_LENGTH:
                    h.add("Content-Length: " + (body.length + 10));
                    return new RawRequest(line, h, body, false);
                case UNPARSABLE_CONTENT_LENGTH:
                    h.add("Content-Length: 1x");
                    return new RawRequest(line, h, body, false);
                case NEGATIVE_CONTENT_LENGTH:
                    h.add("Content-Length: -" + body.length);
                    return new RawRequest(line, h, body, false);
                case HUGE_CONTENT_LENGTH:
                    h.add("Content-Length: 99999999999999999999");
                    return new RawRequest(line, h, body, false);
                case TWO_CONTENT_LENGTHS:
                    h.add("Content-Length: " + body.length);
                    h.add("Content-Length: " + (body.length + 1));
                    return new RawRequest(line, h, body, false);
                case CHUNKED:
                    h.add("Transfer-Encoding: chunked");
                    return new RawRequest(line, h, chunked(n, body, "0\r\n\r\n"), true);
                case CHUNKED_WITH_EXTENSION_AND_TRAILER:
                    h.add("Transfer-Encoding: chunked");
                    return new RawRequest(line, h, chunked(n + ";a=b", body, "0\r\nX-Trailer: t\r\n\r\n"), true);
                case CHUNKED_BAD_SIZE:
                    h.add("Transfer-Encoding: chunked");
                    return new RawRequest(line, h, chunked("zz", body, "0\r\n\r\n"), false);
                case CHUNKED_NO_LAST_CHUNK:
                    h.add("Transfer-Encoding: chunked");
                    return new RawRequest(line, h, chunked(n, body, ""), false);
                case CHUNKED_AND_CONTENT_LENGTH:
                    h.add("Transfer-Encoding: chunked");
                    h.add("Content-Length: 3");
                    return new RawRequest(line, h, chunked(n, body, "0\r\n\r\n"), false);
                case CHUNKED_TWICE:
                    h.add("Transfer-Encoding: chunked");
                    h.add("Transfer-Encoding: chunked");
                    return new RawRequest(line, h, chunked(n, body, "0\r\n\r\n"), false);
                default:
                    h.add("Transfer-Encoding: gzip, chunked");
                    return new RawRequest(line, h, chunked(n, body, "0\r\n\r\n"), false);
            }
        }

        private static byte[] chunked(String size, byte[] body, String end) {
            byte[] head = (size + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] tail = ("\r\n" + end).getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = new byte[head.length + body.length + tail.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(body, 0, out, head.length, body.length);
            System.arraycopy(tail, 0, out, head.length + body.length, tail.length);
            return out;
        }
    }
}
