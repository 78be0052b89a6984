package io.presenced.api.grpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Iterator;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Admits a call only when the first {@code authorization} metadata value is exactly {@code apikey <KEY>}, as
 * Centrifugo's gRPC API checks it: case-sensitive, one space, compared in constant time. Anything else is closed
 * with {@code UNAUTHENTICATED} and the description {@code unauthenticated}, before the request is read.
 */
final class ApiKeyInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final byte[] expected;

    ApiKeyInterceptor(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key: empty (expected: a key; without one install no interceptor)");
        }
        this.expected = ("apikey " + key).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, S> ServerCall.Listener<Q> interceptCall(ServerCall<Q, S> call, Metadata headers,
                                                      ServerCallHandler<Q, S> next) {
        if (isAuthorized(headers)) {
            return next.startCall(call, headers);
        }
        call.close(Status.UNAUTHENTICATED.withDescription("unauthenticated"), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private boolean isAuthorized(Metadata headers) {
        Iterable<String> values = headers.getAll(AUTHORIZATION);
        if (values == null) {
            return false;
        }
        Iterator<String> it = values.iterator();
        return it.hasNext() && MessageDigest.isEqual(expected, it.next().getBytes(StandardCharsets.UTF_8));
    }
}
