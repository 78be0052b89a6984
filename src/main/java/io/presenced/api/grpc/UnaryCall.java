package io.presenced.api.grpc;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.presenced.concurrent.Futures;

/**
 * Runs one unary call on an asynchronous stage: a call whose deadline has passed or that was cancelled is not
 * started, and a response is sent only while the caller still waits for it.
 *
 * <p>{@link #run} returns as soon as the work is started and never blocks, so it may run on gRPC's transport
 * threads; the response is sent from whichever thread completes the stage.
 */
final class UnaryCall {

    private static final Logger log = LoggerFactory.getLogger(UnaryCall.class);

    private UnaryCall() {
    }

    /**
     * Starts {@code work} for the current call, then sends the response it completes with. A stage that fails with
     * a {@link StatusRuntimeException} closes the call with that status; any other failure is logged and closes it
     * with {@code INTERNAL}.
     *
     * @param method   the method name, for the log
     * @param observer the call's response observer, as gRPC passes it to a service method
     * @param work     starts the call's work; it is not called when the call is already over
     */
    static <S> void run(String method, StreamObserver<S> observer, Supplier<CompletionStage<S>> work) {
        ServerCallStreamObserver<S> call = (ServerCallStreamObserver<S>) observer;
        // With a handler set, a response that meets a cancelled call is dropped instead of throwing; the caller has
        // gone and nothing needs cleaning up.
        call.setOnCancelHandler(() -> log.debug("[{}] cancelled by the caller", method));
        Context context = Context.current();
        if (context.isCancelled()) {
            Status status = Contexts.statusFromCancelled(context);
            log.debug("[{}] not started: {}", method, status);
            call.onError((status == null ? Status.CANCELLED : status).asRuntimeException());
            return;
        }
        Futures.call(work).whenComplete((response, failure) -> send(method, call, response, failure));
    }

    private static <S> void send(String method, ServerCallStreamObserver<S> call, S response, Throwable failure) {
        if (call.isCancelled()) {
            log.debug("[{}] finished after the caller went away; response dropped", method);
            return;
        }
        if (failure == null) {
            call.onNext(response);
            call.onCompleted();
            return;
        }
        Throwable cause = Futures.unwrap(failure);
        if (cause instanceof StatusRuntimeException) {
            call.onError(cause);
            return;
        }
        log.error("[{}] unexpected failure", method, cause);
        call.onError(Status.INTERNAL.withDescription("internal server error").asRuntimeException());
    }
}
