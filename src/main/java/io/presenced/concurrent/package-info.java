/**
 * Small helpers for {@link java.util.concurrent.CompletableFuture}s that every package uses: waiting for a list
 * of them and finding the failure a {@link java.util.concurrent.CompletionException} carries. Nothing here knows
 * Redis, HTTP or the domain; Redis-specific joining (naming the node that failed) lives in {@code redis}.
 */
package io.presenced.concurrent;
