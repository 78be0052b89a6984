package io.presenced.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Joins commands sent to several nodes: every result in order, or the first node's failure with the other
 * nodes' failures attached as suppressed.
 */
final class Fanout {

    private Fanout() {
    }

    /**
     * Runs {@code call}; a thrown exception or a failed stage becomes a {@link RedisUnavailableException} naming
     * {@code node}.
     */
    static <T> CompletableFuture<T> guard(String node, Supplier<? extends CompletionStage<T>> call) {
        CompletableFuture<T> started;
        try {
            started = call.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(RedisUnavailableException.of(node, e));
        }
        return started.handle((v, e) -> {
            if (e != null) {
                throw RedisUnavailableException.of(node, unwrap(e));
            }
            return v;
        });
    }

    /** Completes with every result, in order, once all calls completed; fails as described on the class. */
    static <T> CompletableFuture<List<T>> join(List<CompletableFuture<T>> calls) {
        return CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).handle((x, ignored) -> {
            List<T> results = new ArrayList<>(calls.size());
            Throwable first = null;
            for (CompletableFuture<T> call : calls) {
                if (!call.isCompletedExceptionally()) {
                    results.add(call.join());
                    continue;
                }
                Throwable e = unwrap(call.handle((v, t) -> t).join());
                if (first == null) {
                    first = e;
                } else if (e != first) {
                    first.addSuppressed(e);
                }
            }
            if (first != null) {
                throw first instanceof RuntimeException ? (RuntimeException) first : new CompletionException(first);
            }
            return results;
        });
    }

    static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
