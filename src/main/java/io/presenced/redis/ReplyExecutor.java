package io.presenced.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The threads on which the Redis stores (presence and user status) continue after a reply: decoding members,
 * merging partitions, building lists, and whatever the caller chains on the returned stage (matching a
 * {@code channels} pattern, say).
 *
 * <p>Why not the thread that completed the reply: that is Lettuce's I/O event loop, which every Redis reply of
 * the node shares, so CPU work there delays (and, past the command timeout, fails) every other call. Why not
 * {@code ForkJoinPool.commonPool()}: it has one thread on a two-core machine and anything in the JVM may use it.
 * So: one daemon thread per core, named {@code presenced-replies}, shared by every store of the process; idle
 * threads end after a while, so a process that starts and stops many nodes (the tests) keeps none. Its queue
 * holds one task per Redis reply in flight, so it is bounded by the calls in flight, which the API bounds.
 */
public final class ReplyExecutor {

    private static final ThreadPoolExecutor POOL = create();

    private ReplyExecutor() {
    }

    private static ThreadPoolExecutor create() {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("presenced-replies", true));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Returns the shared executor. */
    public static Executor shared() {
        return POOL;
    }

    /**
     * Returns a stage that completes like {@code reply} but, on success, on a reply thread, so that what is chained
     * on it runs there. A failure completes it at once, on whichever thread failed {@code reply}: error paths are
     * cheap.
     */
    public static <T> CompletableFuture<T> offLoop(CompletionStage<T> reply) {
        return reply.toCompletableFuture().thenApplyAsync(Function.identity(), POOL);
    }
}
