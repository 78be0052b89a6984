package io.presenced.concurrent;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Joins lists of futures, unwraps their failures and starts work that may throw before it returns its stage: the
 * things {@link CompletableFuture} makes verbose.
 */
public final class Futures {

    private Futures() {
    }

    /**
     * Returns a stage that completes once every one of {@code futures} has completed, like
     * {@link CompletableFuture#allOf}: it fails, with a {@link CompletionException}, when any of them failed.
     */
    public static CompletableFuture<Void> allOf(Collection<? extends CompletableFuture<?>> futures) {
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]));
    }

    /**
     * Returns the results of {@code futures}, in their order, once every one has completed; fails as
     * {@link #allOf} does. The list is unmodifiable.
     */
    public static <T> CompletableFuture<List<T>> all(List<? extends CompletableFuture<? extends T>> futures) {
        return allOf(futures).thenApply(x -> futures.stream().<T>map(CompletableFuture::join).toList());
    }

    /**
     * Returns the stage {@code work} returns, or a stage failed with what it threw: a caller that chains on the
     * result handles a failure in one place, whether it came before or after the work went asynchronous.
     */
    public static <T> CompletionStage<T> call(Supplier<? extends CompletionStage<T>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Returns the cause a {@link CompletionException} carries, or {@code failure} itself when it is not one. */
    public static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
