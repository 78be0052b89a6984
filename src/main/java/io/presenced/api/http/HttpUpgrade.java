package io.presenced.api.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * A path on the HTTP port whose requests take the connection over, such as the WebSocket endpoint. The HTTP
 * handlers (request reader, timeouts, API handler) have left the pipeline when it is called; the HTTP codec is still
 * there for the answer to the upgrade request. The connection stays counted against
 * {@code http_server.max_connections} until it closes.
 */
@FunctionalInterface
public interface HttpUpgrade {

    /**
     * Takes the connection over for {@code request}, on the channel's event loop; must not block. Releases
     * {@code request}.
     */
    void upgrade(Channel channel, FullHttpRequest request);
}
