package io.presenced.api.http;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * What the HTTP port serves, by path: the server API under its prefix, the routes beside it (such as
 * {@code /health}) and the paths whose requests take their connection over. Routes and upgrades match exactly.
 *
 * <p>Immutable and thread-safe.
 *
 * @param api      the server API and its authorization
 * @param routes   the routes outside the API prefix
 * @param upgrades the upgrade paths
 */
record HttpPaths(ApiHttpService api, Map<String, HttpRoute> routes, Map<String, HttpUpgrade> upgrades) {

    HttpPaths {
        routes = Map.copyOf(routes);
        upgrades = Map.copyOf(upgrades);
    }

    /** Returns the upgrade served at {@code path}, or null when the path is not an upgrade path. */
    HttpUpgrade upgrade(String path) {
        return upgrades.get(path);
    }

    /**
     * Answers {@code r} from the API or a route, or with 404 when nothing is served at its path. Runs on the
     * channel's event loop; the answer may complete on another thread.
     */
    CompletionStage<FullHttpResponse> answer(ChannelHandlerContext ctx, ApiRequest r) {
        if (api.isApiPath(r.path())) {
            return api.handle(r.request(), r.path(), ctx.alloc(), ctx.executor());
        }
        HttpRoute route = routes.get(r.path());
        if (route != null) {
            return route.handle(r.request(), r.authorized(), ctx.alloc());
        }
        return CompletableFuture.completedFuture(HttpErrors.noRoute());
    }
}
