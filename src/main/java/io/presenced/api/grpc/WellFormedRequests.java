package io.presenced.api.grpc;

import java.io.InputStream;
import java.util.List;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;

/**
 * Answers {@code INVALID_ARGUMENT} to a request whose bytes are not a message of the method's request type. Left to
 * itself, grpc-java parses the request inside the call's listener and answers an unparsable one with
 * {@code UNKNOWN} ("Application error processing RPC"), a server error for what is a client's mistake.
 *
 * <p>Each method is served with a request marshaller that does not throw: it returns the parsed message, or a marker
 * for bytes that do not parse, and the call's listener answers the marker. A request is parsed once, and responses
 * keep the service's own marshaller.
 */
final class WellFormedRequests {

    private static final Object MALFORMED = new Object();

    private WellFormedRequests() {
    }

    /**
     * Returns {@code service} with its requests checked, and {@code interceptors} applied as
     * {@link ServerInterceptors#intercept} applies them.
     */
    static ServerServiceDefinition wrap(ServerServiceDefinition service, List<ServerInterceptor> interceptors) {
        ServiceDescriptor original = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        List<ServerMethodDefinition<Object, ?>> methods = service.getMethods().stream()
                .<ServerMethodDefinition<Object, ?>>map(WellFormedRequests::checked)
                .toList();
        methods.forEach(m -> descriptor.addMethod(m.getMethodDescriptor()));
        ServerServiceDefinition.Builder checked = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(checked::addMethod);
        return ServerInterceptors.intercept(checked.build(), interceptors);
    }

    private static <Q, S> ServerMethodDefinition<Object, S> checked(ServerMethodDefinition<Q, S> definition) {
        MethodDescriptor<Q, S> typed = definition.getMethodDescriptor();
        MethodDescriptor<Object, S> lenient = typed
                .toBuilder(new LenientRequests<>(typed.getRequestMarshaller()), typed.getResponseMarshaller())
                .build();
        ServerCallHandler<Q, S> handler = definition.getServerCallHandler();
        return ServerMethodDefinition.create(lenient, (call, headers) -> {
            ServerCall.Listener<Q> listener = handler.startCall(new Typed<>(call, typed), headers);
            return new CheckedListener<>(call, listener, typed.getFullMethodName());
        });
    }

    /** Parses requests with the method's marshaller; bytes it refuses become {@link #MALFORMED}. */
    private static final class LenientRequests<Q> implements MethodDescriptor.Marshaller<Object> {

        private final MethodDescriptor.Marshaller<Q> typed;

        LenientRequests(MethodDescriptor.Marshaller<Q> typed) {
            this.typed = typed;
        }

        @Override
        @SuppressWarnings("unchecked")
        public InputStream stream(Object value) {
            return typed.stream((Q) value);
        }

        @Override
        public Object parse(InputStream stream) {
            try {
                return typed.parse(stream);
            } catch (RuntimeException e) {
                return MALFORMED;
            }
        }
    }

    /** The call as the typed service sees it: the same call, under the method's own descriptor. */
    private static final class Typed<Q, S> extends SimpleForwardingServerCall<Q, S> {

        private final MethodDescriptor<Q, S> method;

        @SuppressWarnings("unchecked")
        Typed(ServerCall<Object, S> call, MethodDescriptor<Q, S> method) {
            // Only getMethodDescriptor mentions the request type, and it is overridden below.
            super((ServerCall<Q, S>) (ServerCall<?, S>) call);
            this.method = method;
        }

        @Override
        public MethodDescriptor<Q, S> getMethodDescriptor() {
            return method;
        }
    }

    /** Hands parsed requests to the service and answers a malformed one with INVALID_ARGUMENT. */
    private static final class CheckedListener<Q> extends ServerCall.Listener<Object> {

        private final ServerCall<Object, ?> call;
        private final ServerCall.Listener<Q> delegate;
        private final String methodName;
        private boolean refused;

        CheckedListener(ServerCall<Object, ?> call, ServerCall.Listener<Q> delegate, String methodName) {
            this.call = call;
            this.delegate = delegate;
            this.methodName = methodName;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onMessage(Object message) {
            if (refused) {
                return;
            }
            if (message == MALFORMED) {
                refused = true;
                call.close(Status.INVALID_ARGUMENT.withDescription(
                        "bad request: the request is not a valid " + methodName + " message"), new Metadata());
                return;
            }
            delegate.onMessage((Q) message);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                delegate.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            delegate.onCancel();
        }

        @Override
        public void onComplete() {
            delegate.onComplete();
        }

        @Override
        public void onReady() {
            delegate.onReady();
        }
    }
}
