package io.presenced.fuzz;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.presenced.testing.redis.RedisSupport;

/**
 * The judgement on one answer: it must not be a server error. That is an HTTP status of 500 or more, or error code
 * 100 in any reply of the answer, unless the store really failed: error 100 is Centrifugo's "internal error", and
 * the only internal failure a client may see is the store's. The campaign never stops its Redis, so a 100 passes
 * only if that Redis does not answer {@code PING} at the time.
 */
final class Verdict {

    static final int INTERNAL = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Verdict() {
    }

    /** Fails unless the HTTP answer is free of server errors. */
    static void assertNoServerError(FuzzTarget target, FuzzHttp.Answer answer) {
        if (answer.status() >= 500) {
            throw new AssertionError("server error: " + answer);
        }
        // The legacy route answers one JSON object per line; every other route one object.
        for (String line : answer.body().split("\n")) {
            JsonNode reply = parse(line);
            if (reply == null) {
                continue;
            }
            if (hasInternalCode(reply) && !storeFailed(target)) {
                throw new AssertionError("error 100 while the store works: " + answer);
            }
        }
    }

    /** Fails when a protobuf reply carries error 100 while the store works; {@code what} describes the call. */
    static void assertNotInternal(FuzzTarget target, int code, String what) {
        if (code == INTERNAL && !storeFailed(target)) {
            throw new AssertionError("error 100 while the store works: " + what);
        }
    }

    // Error objects sit at fixed places in the envelope: {"error":{...}}, the bare error of the transport error
    // mode {"code":..}, and {"replies":[{"error":{...}}]}. Fields under "result" are data (such as conn_info given
    // by a client) and are not looked at.
    private static boolean hasInternalCode(JsonNode reply) {
        if (reply.path("error").path("code").asInt() == INTERNAL || reply.path("code").asInt() == INTERNAL) {
            return true;
        }
        for (JsonNode r : reply.path("replies")) {
            if (r.path("error").path("code").asInt() == INTERNAL) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode parse(String line) {
        try {
            return line.isBlank() ? null : JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean storeFailed(FuzzTarget target) {
        if (!target.onRedis()) {
            return false;
        }
        try {
            return !"PONG".equals(RedisSupport.standalone().command("PING"));
        } catch (RuntimeException e) {
            return true;
        }
    }
}
