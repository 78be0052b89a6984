package io.presenced.api.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;

/**
 * Answers {@code INVALID_ARGUMENT} to a request whose bytes are not a message of the method's request type. Left to
 * itself, grpc-java parses the request inside the call's listener and answers an unparsable one with
 * {@code UNKNOWN} ("Application error processing RPC"), a server error for what is a client's mistake.
 *
 * <p>The service is served on raw bytes: each request is parsed here to check it, then again by the typed service.
 * Parsing is a small part of a call's cost (requests are at most {@code max_receive_message_size}), and the other
 * ways to avoid the second parse reach into grpc-java's internals.
 */
final class WellFormedRequests {

    private static final MethodDescriptor.Marshaller<Object> PASS_THROUGH = new PassThrough();

    private WellFormedRequests() {
    }

    /**
     * Returns {@code service} with its requests checked before any of {@code interceptors} (applied as
     * {@link ServerInterceptors#intercept} applies them) sees a message.
     */
    static ServerServiceDefinition wrap(ServerServiceDefinition service, List<ServerInterceptor> interceptors) {
        Map<String, MethodDescriptor<?, ?>> methods = new HashMap<>();
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            methods.put(m.getMethodDescriptor().getFullMethodName(), m.getMethodDescriptor());
        }
        ServerServiceDefinition raw = ServerInterceptors.useMarshalledMessages(service, PASS_THROUGH);
        ServerServiceDefinition checked = ServerInterceptors.intercept(raw, new Check(methods));
        return ServerInterceptors.intercept(checked, interceptors);
    }

    /** Parses each request with its method's marshaller, answering INVALID_ARGUMENT when that fails. */
    private static final class Check implements ServerInterceptor {

        private final Map<String, MethodDescriptor<?, ?>> methods;

        Check(Map<String, MethodDescriptor<?, ?>> methods) {
            this.methods = methods;
        }

        @Override
        public <Q, S> ServerCall.Listener<Q> interceptCall(ServerCall<Q, S> call, Metadata headers,
                                                           ServerCallHandler<Q, S> next) {
            MethodDescriptor<?, ?> method = methods.get(call.getMethodDescriptor().getFullMethodName());
            return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                private boolean refused;

                @Override
                public void onMessage(Q message) {
                    if (refused) {
                        return;
                    }
                    try {
                        method.parseRequest(new ByteArrayInputStream((byte[]) message));
                    } catch (RuntimeException e) {
                        refused = true;
                        call.close(Status.INVALID_ARGUMENT.withDescription("bad request: the request is not a"
                                + " valid " + method.getFullMethodName() + " message"), new Metadata());
                        return;
                    }
                    super.onMessage(message);
                }

                @Override
                public void onHalfClose() {
                    if (!refused) {
                        super.onHalfClose();
                    }
                }
            };
        }
    }

    /** The raw layer's marshaller: requests and responses as the bytes they are on the wire. */
    private static final class PassThrough implements MethodDescriptor.Marshaller<Object> {

        @Override
        public InputStream stream(Object value) {
            return new ByteArrayInputStream((byte[]) value);
        }

        @Override
        public Object parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
