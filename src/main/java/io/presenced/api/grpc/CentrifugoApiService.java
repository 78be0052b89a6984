package io.presenced.api.grpc;

import io.grpc.stub.StreamObserver;
import io.presenced.proto.api.BatchRequest;
import io.presenced.proto.api.BatchResponse;
import io.presenced.proto.api.CentrifugoApiGrpc;
import io.presenced.proto.api.ChannelsRequest;
import io.presenced.proto.api.ChannelsResponse;
import io.presenced.proto.api.DeleteUserStatusRequest;
import io.presenced.proto.api.DeleteUserStatusResponse;
import io.presenced.proto.api.GetUserStatusRequest;
import io.presenced.proto.api.GetUserStatusResponse;
import io.presenced.proto.api.InfoRequest;
import io.presenced.proto.api.InfoResponse;
import io.presenced.proto.api.PresenceRequest;
import io.presenced.proto.api.PresenceResponse;
import io.presenced.proto.api.PresenceStatsRequest;
import io.presenced.proto.api.PresenceStatsResponse;
import io.presenced.proto.api.RPCRequest;
import io.presenced.proto.api.RPCResponse;
import io.presenced.proto.api.UpdateUserStatusRequest;
import io.presenced.proto.api.UpdateUserStatusResponse;

/**
 * Centrifugo's {@code centrifugal.centrifugo.api.CentrifugoApi}, each RPC answered by its {@link ProtoMethods}
 * mapping.
 */
final class CentrifugoApiService extends CentrifugoApiGrpc.CentrifugoApiImplBase {

    private final ApiCalls calls;

    CentrifugoApiService(ApiCalls calls) {
        this.calls = calls;
    }

    @Override
    public void batch(BatchRequest request, StreamObserver<BatchResponse> out) {
        calls.batch(request, out);
    }

    @Override
    public void rPC(RPCRequest request, StreamObserver<RPCResponse> out) {
        calls.unary(ProtoMethods.RPC, request, out);
    }

    @Override
    public void presence(PresenceRequest request, StreamObserver<PresenceResponse> out) {
        calls.unary(ProtoMethods.PRESENCE, request, out);
    }

    @Override
    public void presenceStats(PresenceStatsRequest request, StreamObserver<PresenceStatsResponse> out) {
        calls.unary(ProtoMethods.PRESENCE_STATS, request, out);
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> out) {
        calls.unary(ProtoMethods.INFO, request, out);
    }

    @Override
    public void channels(ChannelsRequest request, StreamObserver<ChannelsResponse> out) {
        calls.unary(ProtoMethods.CHANNELS, request, out);
    }

    @Override
    public void updateUserStatus(UpdateUserStatusRequest request, StreamObserver<UpdateUserStatusResponse> out) {
        calls.unary(ProtoMethods.UPDATE_USER_STATUS, request, out);
    }

    @Override
    public void getUserStatus(GetUserStatusRequest request, StreamObserver<GetUserStatusResponse> out) {
        calls.unary(ProtoMethods.GET_USER_STATUS, request, out);
    }

    @Override
    public void deleteUserStatus(DeleteUserStatusRequest request, StreamObserver<DeleteUserStatusResponse> out) {
        calls.unary(ProtoMethods.DELETE_USER_STATUS, request, out);
    }
}
