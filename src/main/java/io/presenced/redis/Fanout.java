package io.presenced.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.presenced.concurrent.Futures;

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
                throw RedisUnavailableException.of(node, Futures.unwrap(e));
            }
            return v;
        });
    }

    /** Completes with every result, in order, once all calls completed; fails as described on the class. */
    static <T> CompletableFuture<List<T>> join(List<CompletableFuture<T>> calls) {
        return Futures.allOf(calls).handle((x, ignored) -> {
            List<T> results = new ArrayList<>(calls.size());
            Throwable first = null;
            for (CompletableFuture<T> call : calls) {
                if (!call.isCompletedExceptionally()) {
                    results.add(call.join());
                    continue;
                }
                Throwable e = Futures.unwrap(call.handle((v, t) -> t).join());
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

    /** Like {@link #join}, with each result keyed by its node's name ({@code names} in the order of {@code calls}). */
    static <T> CompletableFuture<Map<String, T>> joinByNode(List<String> names, List<CompletableFuture<T>> calls) {
        return join(calls).thenApply(replies -> {
            Map<String, T> byNode = new LinkedHashMap<>();
            for (int i = 0; i < replies.size(); i++) {
                byNode.put(names.get(i), replies.get(i));
            }
            return byNode;
        });
    }
}
