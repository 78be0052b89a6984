package io.presenced.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

class FuturesTest {

    @Test
    void allGivesTheResultsInTheOrderOfTheFuturesNotOfTheirCompletion() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<List<String>> all = Futures.all(List.of(first, second));
        second.complete("b");
        assertThat(all).isNotDone();
        first.complete("a");
        assertThat(all.join()).containsExactly("a", "b");
    }

    @Test
    void allFailsWithTheFailureOfAFailedFutureOnceEveryFutureCompleted() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        IOException failure = new IOException("node down");
        CompletableFuture<List<String>> all = Futures.all(List.of(CompletableFuture.failedFuture(failure), pending));
        assertThat(all).isNotDone();
        pending.complete("late");
        assertThat(all.handle((v, e) -> Futures.unwrap(e)).join()).isSameAs(failure);
    }

    @Test
    void unwrapReturnsTheCauseOfACompletionExceptionAndKeepsAnyOtherFailure() {
        IllegalStateException cause = new IllegalStateException("x");
        assertThat(Futures.unwrap(new CompletionException(cause))).isSameAs(cause);
        assertThat(Futures.unwrap(cause)).isSameAs(cause);
        CompletionException bare = new CompletionException("no cause", null);
        assertThat(Futures.unwrap(bare)).isSameAs(bare);
    }

    @Test
    void callTurnsWhatTheWorkThrowsIntoAFailedStageAndOtherwiseReturnsItsStage() {
        IllegalArgumentException thrown = new IllegalArgumentException("bad input");
        CompletionStage<String> failed = Futures.call(() -> {
            throw thrown;
        });
        assertThat(failed.toCompletableFuture().handle((v, e) -> Futures.unwrap(e)).join()).isSameAs(thrown);

        CompletableFuture<String> pending = new CompletableFuture<>();
        assertThat(Futures.call(() -> pending)).isSameAs(pending);
    }
}
