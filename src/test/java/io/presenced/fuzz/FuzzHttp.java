package io.presenced.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.presenced.testing.TestServer;

/**
 * An HTTP/1.1 client whose every call is bounded by {@link FuzzTarget#CALL_TIMEOUT}: a call that gets no answer in
 * time, or whose connection closes without an answer, fails the try with an {@link AssertionError}.
 */
final class FuzzHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(FuzzTarget.CALL_TIMEOUT)
            .build();

    FuzzHttp(URI base) {
        this.base = base;
    }

    /** One answer, with what was asked, for failure messages. */
    record Answer(String request, int status, String body) {

        /** Returns the body as JSON, or a missing node when it is not JSON. */
        JsonNode json() {
            try {
                return body.isEmpty() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + FuzzInputs.abbreviate(body) + " for " + request;
        }
    }

    /** Returns the header that authenticates with the test key. */
    static List<String> authorized() {
        return List.of("X-API-Key", TestServer.API_KEY);
    }

    /** POSTs a UTF-8 body. {@code headers} are name/value pairs. */
    Answer post(String pathAndQuery, String body, List<String> headers) {
        return send("POST", pathAndQuery, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Sends any method with a body of raw bytes ({@code null} for none). {@code headers} are name/value pairs. */
    Answer send(String method, String pathAndQuery, byte[] body, List<String> headers) {
        String described = method + " " + pathAndQuery + " " + headerText(headers) + " body "
                + (body == null ? "none" : FuzzInputs.abbreviate(new String(body, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(FuzzTarget.CALL_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.size(); i += 2) {
            b.header(headers.get(i), headers.get(i + 1));
        }
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(described, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new AssertionError("no answer within " + FuzzTarget.CALL_TIMEOUT + " (hung) for " + described, e);
        } catch (IOException e) {
            throw new AssertionError("connection failed without an answer (" + e + ") for " + described, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String headerText(List<String> headers) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < headers.size(); i += 2) {
            s.append(i == 0 ? "" : ", ").append(headers.get(i)).append(": ")
                    .append(FuzzInputs.abbreviate(headers.get(i + 1)));
        }
        return s.append('}').toString();
    }
}
