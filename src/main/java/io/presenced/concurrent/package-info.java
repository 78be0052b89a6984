/**
 * Small concurrency helpers that every package uses: waiting for a list of
 * {@link java.util.concurrent.CompletableFuture}s, finding the failure a
 * {@link java.util.concurrent.CompletionException} carries, and {@link io.presenced.concurrent.OncePerInterval}, a
 * per-key throttle. Nothing here knows Redis, HTTP or the domain; Redis-specific joining (naming the node that
 * failed) lives in {@code redis}.
 */
package io.presenced.concurrent;
