package io.presenced.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.presenced.testing.LogCapture;

/**
 * How one unary call starts and ends: never started past its deadline or after cancellation, silent when the
 * caller has gone, and explicit about every other ending.
 */
class UnaryCallTest {

    private static ScheduledExecutorService timer;

    @BeforeAll
    static void startTimer() {
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void callPastItsDeadlineIsNotStartedAndEndsWithDeadlineExceeded() {
        FakeCall call = new FakeCall();
        AtomicInteger started = new AtomicInteger();
        Context.CancellableContext expired = Context.current().withDeadline(Deadline.after(-1, TimeUnit.SECONDS),
                timer);
        try {
            expired.run(() -> UnaryCall.run("m", call, () -> {
                started.incrementAndGet();
                return CompletableFuture.completedFuture("never");
            }));
        } finally {
            expired.cancel(null);
        }
        assertThat(started).hasValue(0);
        assertThat(call.values).isEmpty();
        assertThat(call.error.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }

    @Test
    void callCancelledBeforeItStartsIsNotStarted() {
        FakeCall call = new FakeCall();
        AtomicInteger started = new AtomicInteger();
        Context.CancellableContext cancelled = Context.current().withCancellation();
        cancelled.cancel(null);
        cancelled.run(() -> UnaryCall.run("m", call, () -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("never");
        }));
        assertThat(started).hasValue(0);
        assertThat(call.error.getCode()).isEqualTo(Status.Code.CANCELLED);
    }

    @Test
    void responseIsSentAndTheCallCompleted() {
        FakeCall call = new FakeCall();
        CompletableFuture<String> work = new CompletableFuture<>();
        UnaryCall.run("m", call, () -> work);
        assertThat(call.values).isEmpty();
        work.complete("done");
        assertThat(call.values).containsExactly("done");
        assertThat(call.completed).isTrue();
        assertThat(call.error).isNull();
    }

    @Test
    void responseToACallerThatWentAwayIsDroppedAndNothingIsLogged() {
        FakeCall call = new FakeCall();
        CompletableFuture<String> work = new CompletableFuture<>();
        UnaryCall.run("m", call, () -> work);
        assertThat(call.onCancel).as("a cancel handler stops gRPC throwing on a late response").isNotNull();
        call.cancel();
        try (LogCapture log = LogCapture.of("io.presenced", Level.DEBUG)) {
            work.complete("late");
            assertThat(log.messagesAtLeast(Level.WARN)).isEmpty();
            assertThat(log.events()).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        }
        assertThat(call.values).isEmpty();
        assertThat(call.completed).isFalse();
        assertThat(call.error).isNull();
    }

    @Test
    void failureAfterTheCallerWentAwayIsNotLoggedEither() {
        FakeCall call = new FakeCall();
        CompletableFuture<String> work = new CompletableFuture<>();
        UnaryCall.run("m", call, () -> work);
        call.cancel();
        try (LogCapture log = LogCapture.of("io.presenced", Level.DEBUG)) {
            work.completeExceptionally(new IllegalStateException("store gone"));
            assertThat(log.messagesAtLeast(Level.WARN)).isEmpty();
        }
        assertThat(call.error).isNull();
    }

    @Test
    void statusFailureEndsTheCallWithThatStatusAndNoErrorLog() {
        FakeCall call = new FakeCall();
        try (LogCapture log = LogCapture.of(UnaryCall.class, Level.DEBUG)) {
            UnaryCall.run("m", call, () -> CompletableFuture.failedFuture(
                    Status.NOT_FOUND.withDescription("nope").asRuntimeException()));
            assertThat(log.messagesAtLeast(Level.WARN)).isEmpty();
        }
        assertThat(call.error.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(call.error.getDescription()).isEqualTo("nope");
    }

    @Test
    void unexpectedFailureIsLoggedAndEndsTheCallAsInternal() {
        FakeCall call = new FakeCall();
        try (LogCapture log = LogCapture.of(UnaryCall.class, Level.DEBUG)) {
            UnaryCall.run("m", call, () -> {
                throw new IllegalStateException("bug");
            });
            assertThat(log.messagesAtLeast(Level.ERROR)).containsExactly("[m] unexpected failure");
        }
        assertThat(call.error.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(call.error.getDescription()).isEqualTo("internal server error");
    }

    /** Records what a call receives; cancelled only when the test says so. */
    private static final class FakeCall extends ServerCallStreamObserver<String> {

        final List<String> values = new ArrayList<>();
        boolean completed;
        Status error;
        Runnable onCancel;
        private volatile boolean cancelled;

        void cancel() {
            cancelled = true;
            if (onCancel != null) {
                onCancel.run();
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void setOnCancelHandler(Runnable handler) {
            onCancel = handler;
        }

        @Override
        public void onNext(String value) {
            values.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error = Status.fromThrowable(t);
        }

        @Override
        public void onCompleted() {
            completed = true;
        }

        @Override
        public void setCompression(String compression) {
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setOnReadyHandler(Runnable handler) {
        }

        @Override
        public void disableAutoInboundFlowControl() {
        }

        @Override
        public void request(int count) {
        }

        @Override
        public void setMessageCompression(boolean enable) {
        }
    }
}
