package io.presenced.api.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.presenced.config.HttpConfig;

/**
 * Closes a connection whose client is too slow: a request head that is not complete {@code header_timeout} after
 * the connection opened or the head's first byte arrived, a body not complete {@code body_timeout} after its head,
 * or an idle connection (every request answered) that sends nothing for {@code keepalive_timeout}. No timer runs
 * while the server itself works on a request.
 *
 * <p>Sits before the codec, so it sees raw bytes; {@link HttpRequestReader} and {@link HttpApiHandler} report the
 * request's progress. One per connection, used only on its event loop. A single timer is kept and moved lazily,
 * so a request costs no scheduling in the common case.
 */
final class HttpTimeoutHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HttpTimeoutHandler.class);

    private enum Phase { HEAD, BODY, SERVING, IDLE, STOPPED }

    private final HttpConfig.Connections limits;
    private final HttpConnections connections;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.HEAD;
    private long deadline;
    private ScheduledFuture<?> timer;
    private long timerAt;

    HttpTimeoutHandler(HttpConfig.Connections limits, HttpConnections connections) {
        this.limits = limits;
        this.connections = connections;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        enter(Phase.HEAD, limits.headerTimeout());
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.IDLE || phase == Phase.SERVING) {
            // The first bytes of the next request: its head now has header_timeout to complete.
            enter(Phase.HEAD, limits.headerTimeout());
        }
        ctx.fireChannelRead(msg);
    }

    /** Records that a request's head is complete; a body, if any, now has body_timeout to arrive. */
    void headReceived(boolean hasBody) {
        if (phase == Phase.HEAD) {
            if (hasBody) {
                enter(Phase.BODY, limits.bodyTimeout());
            } else {
                enter(Phase.SERVING, null);
            }
        }
    }

    /** Records that a request's body is complete. */
    void bodyReceived() {
        if (phase == Phase.BODY) {
            enter(Phase.SERVING, null);
        }
    }

    /** Records that every request received so far is answered: the connection idles until the next one. */
    void allAnswered() {
        if (phase == Phase.SERVING) {
            enter(Phase.IDLE, limits.keepaliveTimeout());
        }
    }

    /** Stops every timer for good, when the connection is closing by other means. */
    void stop() {
        phase = Phase.STOPPED;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void enter(Phase next, Duration timeout) {
        phase = next;
        if (timeout == null) {
            return;
        }
        deadline = System.nanoTime() + timeout.toNanos();
        if (timer != null && timerAt - deadline > 0) {
            timer.cancel(false);
            timer = null;
        }
        if (timer == null) {
            schedule(deadline);
        }
    }

    private void schedule(long at) {
        timerAt = at;
        timer = ctx.executor().schedule(this::check, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        if (phase == Phase.SERVING || phase == Phase.STOPPED) {
            return;
        }
        if (deadline - System.nanoTime() > 0) {
            schedule(deadline);
            return;
        }
        log.debug("[{}] closing connection: {} timeout", ctx.channel().remoteAddress(), describe(phase));
        connections.timedOut();
        phase = Phase.STOPPED;
        ctx.close();
    }

    private static String describe(Phase p) {
        return switch (p) {
            case HEAD -> "header";
            case BODY -> "body";
            default -> "keep-alive";
        };
    }
}
