package io.presenced.api.grpc;

import com.google.protobuf.Message;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.presenced.proto.api.CentrifugoApiGrpc;
import io.presenced.proto.presence.PresenceApiGrpc;

/**
 * The two gRPC services, each RPC bound to its {@link ProtoMethods} mapping: serving a new unary method is one line
 * here and one mapping there.
 */
final class ApiServices {

    private ApiServices() {
    }

    /** Centrifugo's {@code centrifugal.centrifugo.api.CentrifugoApi}: exactly Centrifugo's method set. */
    static ServerServiceDefinition centrifugo(ApiCalls calls) {
        return ServerServiceDefinition.builder(CentrifugoApiGrpc.getServiceDescriptor())
                .addMethod(CentrifugoApiGrpc.getBatchMethod(), ServerCalls.asyncUnaryCall(calls::batch))
                .addMethod(unary(calls, CentrifugoApiGrpc.getRPCMethod(), ProtoMethods.RPC))
                .addMethod(unary(calls, CentrifugoApiGrpc.getPresenceMethod(), ProtoMethods.PRESENCE))
                .addMethod(unary(calls, CentrifugoApiGrpc.getPresenceStatsMethod(), ProtoMethods.PRESENCE_STATS))
                .addMethod(unary(calls, CentrifugoApiGrpc.getInfoMethod(), ProtoMethods.INFO))
                .addMethod(unary(calls, CentrifugoApiGrpc.getChannelsMethod(), ProtoMethods.CHANNELS))
                .addMethod(unary(calls, CentrifugoApiGrpc.getUpdateUserStatusMethod(), ProtoMethods.UPDATE_USER_STATUS))
                .addMethod(unary(calls, CentrifugoApiGrpc.getGetUserStatusMethod(), ProtoMethods.GET_USER_STATUS))
                .addMethod(unary(calls, CentrifugoApiGrpc.getDeleteUserStatusMethod(), ProtoMethods.DELETE_USER_STATUS))
                .build();
    }

    /**
     * presenced's own {@code presenced.api.PresenceApi}: the presence-management methods a backend calls and the rich
     * status model's user-status methods, kept out
     * of Centrifugo's service so that its method set stays exactly Centrifugo's.
     */
    static ServerServiceDefinition presence(ApiCalls calls) {
        return ServerServiceDefinition.builder(PresenceApiGrpc.getServiceDescriptor())
                .addMethod(unary(calls, PresenceApiGrpc.getPresenceJoinMethod(), ProtoMethods.PRESENCE_JOIN))
                .addMethod(unary(calls, PresenceApiGrpc.getPresenceLeaveMethod(), ProtoMethods.PRESENCE_LEAVE))
                .addMethod(unary(calls, PresenceApiGrpc.getPresenceRefreshMethod(), ProtoMethods.PRESENCE_REFRESH))
                .addMethod(unary(calls, PresenceApiGrpc.getPresenceDisconnectMethod(),
                        ProtoMethods.PRESENCE_DISCONNECT))
                .addMethod(unary(calls, PresenceApiGrpc.getUpdateUserStatusMethod(),
                        ProtoMethods.RICH_UPDATE_USER_STATUS))
                .addMethod(unary(calls, PresenceApiGrpc.getSetUserStatusMethod(), ProtoMethods.SET_USER_STATUS))
                .addMethod(unary(calls, PresenceApiGrpc.getGetUserStatusMethod(), ProtoMethods.RICH_GET_USER_STATUS))
                .build();
    }

    private static <P extends Message, S extends Message> ServerMethodDefinition<P, S> unary(
            ApiCalls calls, MethodDescriptor<P, S> grpcMethod, ProtoMethod<P, S> method) {
        return ServerMethodDefinition.create(grpcMethod,
                ServerCalls.asyncUnaryCall((request, out) -> calls.unary(method, request, out)));
    }
}
