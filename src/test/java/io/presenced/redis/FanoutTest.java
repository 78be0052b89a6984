package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.presenced.concurrent.Futures;

class FanoutTest {

    @Test
    void resultsComeBackInCallOrder() {
        CompletableFuture<String> slow = new CompletableFuture<>();
        CompletableFuture<List<String>> all = Fanout.join(List.of(slow, CompletableFuture.completedFuture("b")));
        slow.complete("a");
        assertThat(all.join()).containsExactly("a", "b");
    }

    @Test
    void firstFailingNodeIsNamedAndTheOthersAreSuppressed() {
        CompletableFuture<String> a = Fanout.guard("node-a", () -> CompletableFuture.failedFuture(
                new IllegalStateException("refused")));
        CompletableFuture<String> b = Fanout.guard("node-b", () -> CompletableFuture.completedFuture("ok"));
        CompletableFuture<String> c = Fanout.guard("node-c", () -> {
            throw new IllegalStateException("not connected");
        });
        Throwable failure = Fanout.join(List.of(a, b, c)).handle((v, e) -> Futures.unwrap(e)).join();
        assertThat(failure).isInstanceOf(RedisUnavailableException.class).hasMessage("redis node-a: refused");
        assertThat(failure.getSuppressed()).extracting(Throwable::getMessage)
                .containsExactly("redis node-c: not connected");
    }
}
