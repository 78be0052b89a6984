package io.presenced.api.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Chooses the native epoll transport where it loads, and NIO elsewhere.
 */
public final class Transports {

    private Transports() {
    }

    /** Returns a new event-loop group of {@code threads} threads (0 for Netty's default) named {@code name}. */
    public static EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new io.netty.util.concurrent.DefaultThreadFactory(name),
                factory);
    }

    /** Returns the transport's name for the start-up log. */
    public static String name() {
        return Epoll.isAvailable() ? "epoll" : "nio";
    }

    static Class<? extends ServerChannel> serverChannel(EventLoopGroup group) {
        return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
