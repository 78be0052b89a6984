package io.presenced.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.presenced.api.ApiException;
import io.presenced.api.ApiReply;
import io.presenced.api.ServerApi;

/**
 * The legacy {@code POST /api} dialect: a stream of {@code {"id"?, "method", "params"}} objects (one per line in
 * practice), run in order, answered by one {@code {"id"?, "result"|"error"}} line each, joined with {@code \n}.
 */
final class LegacyApi {

    // Method numbers of Centrifugo's legacy API enum, for callers that send "method": 16.
    private static final Map<Integer, String> METHOD_NUMBERS = Map.of(
            4, "presence", 5, "presence_stats", 8, "channels", 9, "info", 10, "rpc",
            15, "update_user_status", 16, "get_user_status", 17, "delete_user_status");

    private final ServerApi api;

    LegacyApi(ServerApi api) {
        this.api = api;
    }

    CompletionStage<FullHttpResponse> handle(FullHttpRequest req, ByteBufAllocator alloc) {
        List<JsonNode> commands;
        try {
            commands = parseCommands(req);
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(HttpErrors.invalidRequest(alloc, e));
        }
        List<Long> ids = new ArrayList<>(commands.size());
        CompletableFuture<List<ApiReply>> all = CompletableFuture.completedFuture(new ArrayList<>());
        for (JsonNode command : commands) {
            ids.add(id(command));
            all = all.thenCompose(done -> run(command).thenApply(reply -> {
                done.add(reply);
                return done;
            }));
        }
        return all.thenApply(replies -> HttpResponses.response(HttpResponseStatus.OK,
                encode(alloc, ids, replies), HttpHeaderValues.APPLICATION_JSON));
    }

    private CompletionStage<ApiReply> run(JsonNode command) {
        JsonNode method = command.get("method");
        String name;
        if (method != null && method.isTextual()) {
            name = method.textValue().toLowerCase(Locale.ROOT);
        } else if (method != null && method.isIntegralNumber()) {
            name = METHOD_NUMBERS.getOrDefault(method.intValue(), "#" + method.intValue());
        } else {
            return CompletableFuture.completedFuture(ApiReply.error(
                    ApiException.badField("method", "expected a method name")));
        }
        if (ServerApi.BATCH.equals(name)) {
            return CompletableFuture.completedFuture(ApiReply.error(ServerApi.unknownMethod(name)));
        }
        return api.call(name, command.get("params"));
    }

    private static long id(JsonNode command) {
        JsonNode id = command.get("id");
        return id != null && id.canConvertToLong() ? id.longValue() : 0;
    }

    private List<JsonNode> parseCommands(FullHttpRequest req) {
        if (!req.content().isReadable()) {
            throw ApiException.badField("body", "empty (expected: one or more JSON commands)");
        }
        List<JsonNode> commands = new ArrayList<>();
        // Values one after another (one per line in practice), each an object; anything else after the last
        // one, garbage or a stray bracket, fails the whole body.
        try (JsonParser p = ApiHttpService.MAPPER.createParser(
                (InputStream) new ByteBufInputStream(req.content().duplicate()))) {
            while (p.nextToken() != null) {
                api.checkBatchSize(commands.size() + 1);
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    throw ApiException.badField("body", "command " + commands.size() + " is not a JSON object");
                }
                commands.add(ApiHttpService.MAPPER.readTree(p));
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badField("body", HttpResponses.describe(e));
        } catch (IOException e) {
            throw ApiException.badField("body", "unreadable (" + e.getMessage() + ")");
        }
        if (commands.isEmpty()) {
            throw ApiException.badField("body", "no commands");
        }
        api.checkBatchSize(commands.size());
        return commands;
    }

    private static ByteBuf encode(ByteBufAllocator alloc, List<Long> ids, List<ApiReply> replies) {
        ByteBuf buf = alloc.buffer(128 * replies.size());
        for (int i = 0; i < replies.size(); i++) {
            if (i > 0) {
                buf.writeByte('\n');
            }
            long id = ids.get(i);
            ApiReply reply = replies.get(i);
            HttpResponses.append(buf, out -> {
                out.writeStartObject();
                if (id != 0) {
                    out.writeNumberField("id", id);
                }
                if (reply.isError()) {
                    out.writeFieldName("error");
                    HttpErrors.writeError(out, reply.error());
                } else {
                    out.writeFieldName("result");
                    reply.result().writeTo(out);
                }
                out.writeEndObject();
            });
        }
        return buf;
    }
}
