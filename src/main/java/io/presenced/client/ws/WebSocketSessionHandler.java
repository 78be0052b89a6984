package io.presenced.client.ws;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.presenced.client.ClientContext;
import io.presenced.client.ClientSession;
import io.presenced.client.ClientTransport;
import io.presenced.client.Disconnect;
import io.presenced.client.protocol.ClientCodec;
import io.presenced.client.protocol.MalformedCommandException;
import io.presenced.logging.RateLimitedLog;
import io.presenced.proto.client.Command;
import io.presenced.proto.client.Reply;

/**
 * One WebSocket connection carrying one {@link ClientSession}: whole messages in (the aggregator has joined
 * fragments, bounded by {@code websocket.message_size_limit}), replies out, several per message, written once per
 * read or completion. A client whose unsent bytes are still past {@code websocket.write_buffer_limit} when more is
 * to be written is disconnected with 3008; a disconnect is a close frame with the code and reason, and the
 * connection closes when it is sent or a second later. Reading pauses while the session has too many
 * commands in flight.
 *
 * <p>Stateful, one per connection; every method runs on the connection's event loop.
 */
final class WebSocketSessionHandler extends ChannelInboundHandlerAdapter implements ClientTransport {

    private static final Logger log = LoggerFactory.getLogger(WebSocketSessionHandler.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    private static final RateLimitedLog WARNINGS = new RateLimitedLog(log, Duration.ofSeconds(1));

    private final ClientContext context;
    private final ClientCodec codec;
    private final int maxCommands;
    private final List<Reply> outbox = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private ClientSession session;
    private boolean closing;

    WebSocketSessionHandler(ClientContext context, ClientCodec codec, int maxCommands) {
        this.context = context;
        this.codec = codec;
        this.maxCommands = maxCommands;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        session = context.open(this);
        session.start();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing) {
                return;
            }
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                onMessage((WebSocketFrame) msg);
            } else if (msg instanceof PingWebSocketFrame ping) {
                ctx.write(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame) {
                closing = true;
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onMessage(WebSocketFrame frame) {
        if (codec.isBinary() && frame instanceof TextWebSocketFrame) {
            session.onMalformed();
            return;
        }
        List<Command> commands;
        try {
            commands = codec.decode(frame.content(), maxCommands);
        } catch (MalformedCommandException e) {
            log.debug("[{}] malformed command: {}", ctx.channel().remoteAddress(), e.getMessage());
            session.onMalformed();
            return;
        }
        session.onCommands(commands);
        if (session.isBusy()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        outbox.clear();
        session.onClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            closeWith(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG));
        } else if (cause instanceof CorruptedWebSocketFrameException || cause instanceof IOException) {
            // The decoder has answered a broken frame with its close frame already; a reset is the peer's doing.
            log.debug("[{}] closing WebSocket: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            WARNINGS.warn(String.valueOf(ctx.channel().remoteAddress()), "closing WebSocket: " + cause);
            closeWith(new CloseWebSocketFrame(Disconnect.INTERNAL.code(), Disconnect.INTERNAL.reason()));
        }
    }

    @Override
    public void send(Reply reply) {
        if (!closing) {
            outbox.add(reply);
        }
    }

    @Override
    public void flush() {
        if (!outbox.isEmpty() && !closing && !ctx.channel().isWritable()) {
            // What was written before is still unsent past the limit: the client does not keep up.
            close(Disconnect.SLOW);
            return;
        }
        if (!outbox.isEmpty() && !closing) {
            ByteBuf payload = codec.encode(outbox, ctx.alloc());
            outbox.clear();
            ctx.writeAndFlush(codec.isBinary() ? new BinaryWebSocketFrame(payload) : new TextWebSocketFrame(payload));
        }
        if (!closing && !ctx.channel().config().isAutoRead() && !session.isBusy()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void close(Disconnect reason) {
        if (reason != Disconnect.SLOW) {
            flush();
        }
        closeWith(new CloseWebSocketFrame(reason.code(), reason.reason()));
    }

    // The close frame goes out behind what is queued; a client that reads nothing more is cut off after a grace.
    private void closeWith(CloseWebSocketFrame frame) {
        if (closing) {
            frame.release();
            return;
        }
        closing = true;
        outbox.clear();
        ctx.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
        ctx.executor().schedule(() -> {
            ctx.close();
        }, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public ScheduledExecutorService loop() {
        return ctx.executor();
    }
}
