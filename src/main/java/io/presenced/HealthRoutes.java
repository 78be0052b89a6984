package io.presenced;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.presenced.api.http.HttpRoute;
import io.presenced.api.http.HttpRoutes;
import io.presenced.redis.RedisHealth;
import io.presenced.redis.RedisHealth.SetupState;

/**
 * The probe routes, answered for any HTTP method, with or without the API key:
 * <ul>
 *   <li>{@code /health} (liveness) is always 200 while the node runs;
 *   <li>{@code /ready} (readiness) is 200 when every Redis setup answers {@code PING} and 503 otherwise.
 * </ul>
 * Without the API key the body is only {@code {"status":"ok"|"unavailable"}}: orchestrators need the status code,
 * not the topology. With the key (any form the API accepts) it lists each Redis setup:
 * {@code {"status":"ok"|"unavailable","redis":[{"setup":"...","prefix":"...","status":"up"|"down",
 * "error":"..."}]}}, one entry per distinct Redis setup, in the order they were opened; a setup that is down
 * carries the reason.
 */
final class HealthRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthRoutes() {
    }

    static HttpRoute health(RedisHealth redis) {
        return (req, authorized, alloc) -> redis.check().thenApply(states ->
                HttpRoutes.json(alloc, HttpResponseStatus.OK, body("ok", states, authorized)));
    }

    static HttpRoute ready(RedisHealth redis) {
        return (req, authorized, alloc) -> redis.check().thenApply(states -> {
            boolean ready = states.stream().allMatch(SetupState::up);
            return HttpRoutes.json(alloc, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    body(ready ? "ok" : "unavailable", states, authorized));
        });
    }

    static String body(String status, List<SetupState> states, boolean details) {
        ObjectNode root = JSON.createObjectNode().put("status", status);
        if (!details) {
            return root.toString();
        }
        ArrayNode list = root.putArray("redis");
        for (SetupState s : states) {
            ObjectNode n = list.addObject().put("setup", s.setup()).put("prefix", s.prefix())
                    .put("status", s.up() ? "up" : "down");
            if (!s.up()) {
                n.put("error", s.error());
            }
            if (!s.warning().isEmpty()) {
                n.put("warning", s.warning());
            }
        }
        return root.toString();
    }

}
