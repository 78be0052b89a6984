package io.presenced.api.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.presenced.api.ApiException;
import io.presenced.api.ApiReply;
import io.presenced.api.JsonParams;
import io.presenced.api.ServerApi;
import io.presenced.api.ServerApi.NamedReply;
import io.presenced.config.HttpConfig;

/**
 * Serves the server API over HTTP: {@code POST <prefix>/<method>} with the request as the JSON body, and the
 * legacy {@code POST <prefix>} with newline-delimited {@code {"id","method","params"}} commands.
 *
 * <p>Stateless and shared by every connection. Parsing runs on the calling event loop (it is CPU-bound and
 * bounded by the body limit); the method's work completes wherever its store completes it.
 */
final class ApiHttpService {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ERROR_MODE_HEADER = "X-Centrifugo-Error-Mode";

    private final ServerApi api;
    private final ApiKeyAuth auth;
    private final String prefix;
    private final boolean transportErrorsByDefault;
    private final LegacyApi legacy;

    ApiHttpService(ServerApi api, HttpConfig config) {
        this.api = api;
        this.auth = new ApiKeyAuth(config.apiKey(), config.insecure());
        this.prefix = config.apiPrefix();
        this.transportErrorsByDefault = "transport".equals(config.errorMode());
        this.legacy = new LegacyApi(api);
    }

    /** Returns whether {@code path} belongs to the API. */
    boolean isApiPath(String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** Returns whether the request carries the API key; {@code uri} is the request's, already checked. */
    boolean isAuthorized(HttpHeaders headers, QueryStringDecoder uri) {
        return auth.isAuthorized(headers, uri);
    }

    /**
     * Returns why an API request is refused from its head alone (a method other than POST, or no key), or
     * {@code null} when the request may go on.
     */
    HttpErrors.Refusal refusal(HttpMethod method, boolean authorized) {
        if (!HttpMethod.POST.equals(method)) {
            return HttpErrors.Refusal.METHOD_NOT_ALLOWED;
        }
        return authorized ? null : HttpErrors.Refusal.UNAUTHORIZED;
    }

    /**
     * Answers one API request that {@link #refusal} let through. The request's body is fully read before this
     * returns; the response is built on {@code eventLoop}.
     */
    CompletionStage<FullHttpResponse> handle(FullHttpRequest req, String path, ByteBufAllocator alloc,
                                             Executor eventLoop) {
        boolean transportErrors = transportErrorsByDefault
                || "transport".equalsIgnoreCase(req.headers().get(ERROR_MODE_HEADER));
        if (path.equals(prefix)) {
            return legacy.handle(req, alloc);
        }
        String method = path.substring(prefix.length() + 1);
        JsonNode body;
        try {
            body = parseObject(req);
        } catch (ApiException e) {
            return done(HttpErrors.invalidRequest(alloc, e));
        }
        if (ServerApi.BATCH.equals(method)) {
            return batch(body, alloc);
        }
        if (api.method(method).isEmpty() && !ServerApi.RPC.equals(method)) {
            return done(HttpErrors.unknownMethod(alloc, method));
        }
        // The response is encoded on the connection's event loop, not on the thread that completed the call
        // (Lettuce's, which all Redis replies share).
        return api.call(method, body).thenApplyAsync(reply -> respond(reply, transportErrors, alloc), eventLoop);
    }

    private CompletionStage<FullHttpResponse> batch(JsonNode body, ByteBufAllocator alloc) {
        List<JsonNode> commands;
        boolean parallel;
        try {
            JsonParams p = JsonParams.of(body);
            JsonNode list = p.raw("commands");
            if (list == null || !list.isArray()) {
                throw ApiException.badField("commands", "expected a list of commands");
            }
            commands = new ArrayList<>(list.size());
            list.forEach(commands::add);
            parallel = p.bool("parallel");
        } catch (ApiException e) {
            return done(HttpErrors.invalidRequest(alloc, e));
        }
        return api.batch(commands, parallel)
                .thenApply(replies -> HttpResponses.json(alloc, HttpResponseStatus.OK, out -> {
                    out.writeStartObject();
                    out.writeArrayFieldStart("replies");
                    for (NamedReply r : replies) {
                        writeNamedReply(out, r);
                    }
                    out.writeEndArray();
                    out.writeEndObject();
                }))
                .exceptionally(t -> {
                    ApiException e = t.getCause() instanceof ApiException ? (ApiException) t.getCause()
                            : ApiException.internal("batch failed", t);
                    return HttpErrors.invalidRequest(alloc, e);
                });
    }

    private static void writeNamedReply(com.fasterxml.jackson.core.JsonGenerator out, NamedReply r)
            throws IOException {
        out.writeStartObject();
        if (r.reply().isError()) {
            out.writeFieldName("error");
            HttpErrors.writeError(out, r.reply().error());
        } else {
            out.writeFieldName(r.method());
            r.reply().result().writeTo(out);
        }
        out.writeEndObject();
    }

    private static FullHttpResponse respond(ApiReply reply, boolean transportErrors, ByteBufAllocator alloc) {
        if (!reply.isError()) {
            return HttpResponses.json(alloc, HttpResponseStatus.OK, out -> {
                out.writeStartObject();
                out.writeFieldName("result");
                reply.result().writeTo(out);
                out.writeEndObject();
            });
        }
        return HttpErrors.errorReply(alloc, reply.error(), transportErrors);
    }

    static JsonNode parseObject(FullHttpRequest req) {
        if (!req.content().isReadable()) {
            throw ApiException.badField("body", "empty (expected: a JSON object)");
        }
        JsonNode node;
        try {
            node = JsonParams.readSingle(new ByteBufInputStream(req.content().duplicate()));
        } catch (JsonProcessingException e) {
            throw ApiException.badField("body", HttpResponses.describe(e));
        } catch (IOException e) {
            throw ApiException.badField("body", "unreadable (" + e.getMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badField("body", "expected a JSON object");
        }
        return node;
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
