package io.presenced.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * One WebSocket client connection of the ws-* scenarios, on a shared Netty event loop: Centrifugo's JSON client
 * protocol (commands with ids, replies matched to them, pushes handed to a listener, server pings answered), or a
 * bare WebSocket that only holds the connection ({@code centrifuge == false}, for the Node.js reference server).
 */
public final class WsConn {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Channel channel;
    private final CompletableFuture<Void> open = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final BiConsumer<WsConn, JsonNode> pushes;
    private volatile String client = "";

    private WsConn(EventLoopGroup group, URI uri, String localHost, boolean centrifuge,
                   BiConsumer<WsConn, JsonNode> pushes) {
        this.pushes = pushes;
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
                .maxFramePayloadLength(1 << 20).handshakeTimeoutMillis(30_000)
                // A browser's Origin would need client.allowed_origins; a generator is not a browser.
                .generateOriginHeader(false).build();
        ChannelFuture connect = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                new WebSocketClientProtocolHandler(config), new Frames(centrifuge));
                    }
                })
                .connect(new InetSocketAddress(uri.getHost(), uri.getPort()), new InetSocketAddress(localHost, 0));
        this.channel = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                open.completeExceptionally(f.cause());
            }
        });
        channel.closeFuture().addListener(f -> {
            open.completeExceptionally(new IllegalStateException("closed before the handshake"));
            closed.complete(-1);
            pending.values().forEach(p -> p.completeExceptionally(new IllegalStateException("connection closed")));
        });
    }

    /** Starts opening a connection to {@code uri} from {@code localHost}; {@link #opened()} completes on handshake. */
    public static WsConn open(EventLoopGroup group, URI uri, String localHost, boolean centrifuge,
                       BiConsumer<WsConn, JsonNode> pushes) {
        return new WsConn(group, uri, localHost, centrifuge, pushes);
    }

    public CompletableFuture<Void> opened() {
        return open;
    }

    /** Completes with the close code the server sent (or -1 when the connection dropped without one). */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** The client id the connect reply gave. */
    public String client() {
        return client;
    }

    /** Sends {@code connect} with {@code token}; completes with the reply's {@code connect} object. */
    public CompletableFuture<JsonNode> connect(String token) {
        return command("connect", JSON.createObjectNode().put("token", token)).thenApply(r -> {
            client = r.path("client").asText();
            return r;
        });
    }

    public CompletableFuture<JsonNode> subscribe(String ch, boolean joinLeave) {
        var body = JSON.createObjectNode().put("channel", ch);
        if (joinLeave) {
            body.put("join_leave", true);
        }
        return command("subscribe", body);
    }

    public CompletableFuture<JsonNode> unsubscribe(String ch) {
        return command("unsubscribe", JSON.createObjectNode().put("channel", ch));
    }

    /** Sends one command; the future fails when the reply carries an error or the connection closes first. */
    public CompletableFuture<JsonNode> command(String method, JsonNode body) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        String text = JSON.createObjectNode().put("id", id).set(method, body).toString();
        channel.writeAndFlush(new TextWebSocketFrame(text)).addListener(f -> {
            if (!f.isSuccess()) {
                pending.remove(id);
                reply.completeExceptionally(f.cause());
            }
        });
        return reply;
    }

    public void close() {
        channel.close();
    }

    private final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {

        private final boolean centrifuge;

        Frames(boolean centrifuge) {
            this.centrifuge = centrifuge;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                open.complete(null);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws Exception {
            if (frame instanceof CloseWebSocketFrame close) {
                closed.complete(close.statusCode());
                return;
            }
            if (!centrifuge || !(frame instanceof TextWebSocketFrame text)) {
                return;
            }
            for (String line : text.text().split("\n")) {
                JsonNode m = JSON.readTree(line);
                if (m.size() == 0) {
                    ctx.writeAndFlush(new TextWebSocketFrame("{}"));
                } else if (m.has("push")) {
                    pushes.accept(WsConn.this, m.get("push"));
                } else {
                    CompletableFuture<JsonNode> reply = pending.remove(m.path("id").asInt());
                    if (reply == null) {
                        continue;
                    }
                    if (m.has("error")) {
                        reply.completeExceptionally(new IllegalStateException("error " + m.get("error")));
                    } else {
                        var fields = m.fields();
                        JsonNode body = JSON.createObjectNode();
                        while (fields.hasNext()) {
                            var f = fields.next();
                            if (!f.getKey().equals("id")) {
                                body = f.getValue();
                            }
                        }
                        reply.complete(body);
                    }
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            open.completeExceptionally(cause);
            ctx.close();
        }
    }
}
