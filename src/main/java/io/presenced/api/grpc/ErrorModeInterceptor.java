package io.presenced.api.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Decides per call whether API errors become gRPC statuses (transport error mode): always when configured, or
 * when the request carries {@code x-centrifugo-error-mode: transport}. The decision travels in the call's
 * {@link Context}; read it with {@link #isTransportMode()}.
 */
final class ErrorModeInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> ERROR_MODE =
            Metadata.Key.of("x-centrifugo-error-mode", Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<Boolean> TRANSPORT_MODE = Context.keyWithDefault("presenced-error-mode", false);

    private final boolean transportByDefault;

    ErrorModeInterceptor(boolean transportByDefault) {
        this.transportByDefault = transportByDefault;
    }

    /** Returns whether the current call runs in transport error mode; {@code false} outside a call. */
    static boolean isTransportMode() {
        return TRANSPORT_MODE.get();
    }

    @Override
    public <Q, S> ServerCall.Listener<Q> interceptCall(ServerCall<Q, S> call, Metadata headers,
                                                      ServerCallHandler<Q, S> next) {
        boolean transport = transportByDefault || "transport".equalsIgnoreCase(headers.get(ERROR_MODE));
        return Contexts.interceptCall(Context.current().withValue(TRANSPORT_MODE, transport), call, headers, next);
    }
}
