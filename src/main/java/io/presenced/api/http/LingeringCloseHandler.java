package io.presenced.api.http;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.presenced.config.HttpConfig;

/**
 * Closes a connection the way nginx's lingering close does: once the server has decided to close, everything the
 * client still sends is read and dropped; after the last response the server shuts its output, and closes for good
 * when the client closes, when it has sent nothing for {@code lingering_timeout}, or {@code lingering_time} after
 * the decision, whichever comes first.
 *
 * <p>Closing a socket with unread input makes the kernel send a reset, and a client still sending its body (Python's
 * urllib, say) then loses the response it has not read yet. Reading the input away avoids the reset, so the client
 * reads the 413 or 401 it was sent.
 *
 * <p>Placed first in the pipeline, so nothing reaches the codec any more. One per connection, event loop only.
 */
final class LingeringCloseHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "linger";

    private final HttpConfig.Connections limits;
    private ChannelHandlerContext ctx;
    private long giveUpAt;
    private long lastReadAt;
    private boolean outputShut;
    private ScheduledFuture<?> timer;

    private LingeringCloseHandler(HttpConfig.Connections limits) {
        this.limits = limits;
    }

    /**
     * Starts dropping {@code ch}'s input, once; the connection stays open for the responses still to be written.
     * Call on the channel's event loop.
     */
    static void begin(Channel ch, HttpConfig.Connections limits) {
        if (ch.pipeline().get(NAME) == null) {
            ch.pipeline().addFirst(NAME, new LingeringCloseHandler(limits));
        }
        HttpTimeoutHandler timeouts = ch.pipeline().get(HttpTimeoutHandler.class);
        if (timeouts != null) {
            timeouts.stop();
        }
        // Reading may have been paused for pipelining; input must flow now to be dropped.
        ch.config().setAutoRead(true);
    }

    /** Shuts {@code ch}'s output after its last response has been written, and starts the final wait. */
    static void afterLastResponse(Channel ch, HttpConfig.Connections limits) {
        begin(ch, limits);
        ((LingeringCloseHandler) ch.pipeline().get(NAME)).shutOutput();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long now = System.nanoTime();
        giveUpAt = now + limits.lingeringTime().toNanos();
        lastReadAt = now;
        schedule(giveUpAt);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadAt = System.nanoTime();
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void shutOutput() {
        if (outputShut) {
            return;
        }
        outputShut = true;
        lastReadAt = System.nanoTime();
        Channel ch = ctx.channel();
        if (ch instanceof DuplexChannel duplex && ch.isActive()) {
            duplex.shutdownOutput().addListener(f -> {
                if (!f.isSuccess()) {
                    ch.close();
                }
            });
        } else {
            ch.close();
            return;
        }
        cancel();
        check();
    }

    private void check() {
        timer = null;
        long now = System.nanoTime();
        long due = outputShut ? Math.min(giveUpAt, lastReadAt + limits.lingeringTimeout().toNanos()) : giveUpAt;
        if (due - now <= 0) {
            ctx.close();
            return;
        }
        schedule(due);
    }

    private void schedule(long at) {
        timer = ctx.executor().schedule(this::check, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
