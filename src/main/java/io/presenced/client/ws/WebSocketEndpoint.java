package io.presenced.client.ws;

import static java.util.Objects.requireNonNull;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.presenced.api.http.HttpUpgrade;
import io.presenced.client.ClientContext;
import io.presenced.client.protocol.ClientCodec;
import io.presenced.config.ClientConfig;

/**
 * {@code GET /connection/websocket}: checks the {@code Origin}, completes the WebSocket handshake and puts a
 * {@link WebSocketSessionHandler} on the connection. Protobuf is chosen by the subprotocol
 * {@code centrifuge-protobuf} or the query {@code format=protobuf} / {@code cf_protocol=protobuf}; JSON otherwise.
 * A refused upgrade is answered 400 or 403 and closed. Runs on the connection's event loop.
 */
public final class WebSocketEndpoint implements HttpUpgrade {

    static final String PROTOBUF_SUBPROTOCOL = "centrifuge-protobuf";
    private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);

    private final ClientConfig config;
    private final ClientContext context;
    private final OriginCheck origins;
    private final WebSocketDecoderConfig decoderConfig;

    /** Creates the endpoint for the node's sessions. */
    public WebSocketEndpoint(ClientContext context) {
        this.context = requireNonNull(context, "context");
        this.config = context.config();
        this.origins = new OriginCheck(config.allowedOrigins());
        this.decoderConfig = WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(config.messageSizeLimit())
                .allowExtensions(false).build();
    }

    @Override
    public void upgrade(Channel channel, FullHttpRequest request) {
        try {
            if (!origins.accepts(request.headers().get(HttpHeaderNames.ORIGIN))) {
                log.debug("[{}] WebSocket upgrade refused: origin not allowed", channel.remoteAddress());
                refuse(channel, HttpResponseStatus.FORBIDDEN, "origin not allowed\n");
                return;
            }
            QueryStringDecoder query = new QueryStringDecoder(request.uri());
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                    "ws://" + request.headers().get(HttpHeaderNames.HOST) + query.path(), PROTOBUF_SUBPROTOCOL,
                    decoderConfig).newHandshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel)
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            handshake(channel, request, query, handshaker);
        } catch (WebSocketHandshakeException e) {
            log.debug("[{}] WebSocket upgrade refused: {}", channel.remoteAddress(), e.getMessage());
            refuse(channel, HttpResponseStatus.BAD_REQUEST, "not a WebSocket upgrade request\n");
        } finally {
            request.release();
        }
    }

    private void handshake(Channel channel, FullHttpRequest request, QueryStringDecoder query,
                           WebSocketServerHandshaker handshaker) {
        channel.config().setWriteBufferWaterMark(
                new WriteBufferWaterMark(config.writeBufferLimit() / 2, config.writeBufferLimit()));
        // Added behind the HTTP codec, which the handshake replaces with the WebSocket decoder and encoder.
        channel.pipeline()
                .addLast("ws-utf8", new Utf8FrameValidator())
                .addLast("ws-aggregator", new WebSocketFrameAggregator(config.messageSizeLimit()));
        handshaker.handshake(channel, request).addListener(f -> {
            if (!f.isSuccess()) {
                channel.close();
            }
        });
        boolean protobuf = PROTOBUF_SUBPROTOCOL.equals(handshaker.selectedSubprotocol())
                || isProtobuf(query, "format") || isProtobuf(query, "cf_protocol");
        channel.pipeline().addLast("ws-session",
                new WebSocketSessionHandler(context, ClientCodec.of(protobuf), config.maxCommandsPerMessage()));
    }

    private static boolean isProtobuf(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values != null && values.contains("protobuf");
    }

    private static void refuse(Channel channel, HttpResponseStatus status, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, java.nio.charset.StandardCharsets.US_ASCII));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
