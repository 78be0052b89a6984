package io.presenced.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.presenced.proto.api.CentrifugoApiGrpc;
import io.presenced.proto.api.CentrifugoApiGrpc.CentrifugoApiBlockingStub;
import io.presenced.proto.presence.PresenceApiGrpc;
import io.presenced.proto.presence.PresenceApiGrpc.PresenceApiBlockingStub;

/**
 * gRPC clients for tests: generated stubs with chosen metadata, and raw calls whose request and response are
 * bytes the test encodes and decodes itself.
 */
public final class GrpcClients {

    private GrpcClients() {
    }

    /** Returns metadata holding the given name/value pairs, in order; a name may repeat. */
    public static Metadata metadata(String... namesAndValues) {
        Metadata md = new Metadata();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            md.put(Metadata.Key.of(namesAndValues[i], Metadata.ASCII_STRING_MARSHALLER), namesAndValues[i + 1]);
        }
        return md;
    }

    /** Returns {@code channel} sending {@code headers} with every call. */
    public static Channel withHeaders(Channel channel, Metadata headers) {
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** Returns a CentrifugoApi stub sending {@code authorization: apikey <key>}. */
    public static CentrifugoApiBlockingStub api(Channel channel, String key) {
        return CentrifugoApiGrpc.newBlockingStub(withHeaders(channel, metadata("authorization", "apikey " + key)));
    }

    /** Returns a PresenceApi stub sending {@code authorization: apikey <key>}. */
    public static PresenceApiBlockingStub presenceApi(Channel channel, String key) {
        return PresenceApiGrpc.newBlockingStub(withHeaders(channel, metadata("authorization", "apikey " + key)));
    }

    /**
     * Calls unary method {@code fullName} (such as {@code centrifugal.centrifugo.api.CentrifugoApi/Info}) with a
     * request already encoded, and returns the response's bytes undecoded.
     */
    public static byte[] callRaw(Channel channel, String fullName, byte[] request) {
        return callRaw(channel, fullName, request, CallOptions.DEFAULT);
    }

    /** Calls like {@link #callRaw(Channel, String, byte[])}, with {@code options} (a deadline, say). */
    public static byte[] callRaw(Channel channel, String fullName, byte[] request, CallOptions options) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName)
                .setRequestMarshaller(RawBytes.INSTANCE)
                .setResponseMarshaller(RawBytes.INSTANCE)
                .build();
        return ClientCalls.blockingUnaryCall(channel, method, options, request);
    }

    private enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
