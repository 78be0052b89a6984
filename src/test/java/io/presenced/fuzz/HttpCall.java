package io.presenced.fuzz;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import io.presenced.testing.TestServer;

/**
 * One HTTP API call to fuzz: a path, a body, and headers that authenticate in one of the accepted ways (or,
 * sometimes, do not), ask for the transport error mode, or declare an odd content type or encoding.
 */
record HttpCall(String path, Body body, List<String> headers) {

    /** Returns calls to {@code path} (which may hold a query) with the given bodies. */
    static Arbitrary<HttpCall> to(String path, Arbitrary<String> bodies) {
        return to(Arbitraries.just(path), bodies);
    }

    /** Returns calls to one of {@code paths} with the given bodies. */
    static Arbitrary<HttpCall> to(Arbitrary<String> paths, Arbitrary<String> bodies) {
        return Combinators.combine(paths, Body.of(bodies), auth(), extraHeaders())
                .as((path, body, auth, extra) -> {
                    List<String> headers = new ArrayList<>(extra);
                    String p = path;
                    if (auth.startsWith("?")) {
                        p = path + (path.contains("?") ? "&" : "?") + auth.substring(1);
                    } else if (!auth.isEmpty()) {
                        headers.add(0, auth.substring(0, auth.indexOf(':')));
                        headers.add(1, auth.substring(auth.indexOf(':') + 2));
                    }
                    return new HttpCall(p, body, List.copyOf(headers));
                });
    }

    // "Name: value" for a header, "?query" for the api_key parameter, "" for none.
    private static Arbitrary<String> auth() {
        String key = TestServer.API_KEY;
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of("X-API-Key: " + key, "Authorization: apikey " + key,
                        "Authorization: APIKEY " + key, "?api_key=" + key)),
                Tuple.of(1, Arbitraries.of("", "X-API-Key: wrong", "Authorization: apikey", "Authorization: Bearer "
                        + key, "?api_key=", "X-API-Key: " + key + " ", "Authorization: apikey  " + key)));
    }

    private static Arbitrary<List<String>> extraHeaders() {
        Arbitrary<List<String>> header = Arbitraries.of(
                List.of("X-Centrifugo-Error-Mode", "transport"), List.of("X-Centrifugo-Error-Mode", "TRANSPORT"),
                List.of("X-Centrifugo-Error-Mode", "nonsense"), List.of("Content-Type", "application/json"),
                List.of("Content-Type", "text/plain; charset=utf-16"),
                List.of("Content-Type", "application/x-www-form-urlencoded"),
                List.of("Content-Encoding", "gzip"), List.of("Content-Encoding", "br"),
                List.of("Accept-Encoding", "gzip, deflate"), List.of("X-API-Key", "second-key"),
                List.of("Accept", "application/grpc"), List.of("X-Forwarded-For", "::1, 10.0.0.1"));
        return header.list().ofMaxSize(3).map(l -> {
            List<String> flat = new ArrayList<>();
            l.forEach(flat::addAll);
            return flat;
        });
    }

    @Override
    public String toString() {
        return "POST " + FuzzInputs.abbreviate(path) + " " + headers + " " + body;
    }
}
