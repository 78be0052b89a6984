package io.presenced.api.grpc;

import io.grpc.stub.StreamObserver;
import io.presenced.proto.api.PresenceDisconnectRequest;
import io.presenced.proto.api.PresenceDisconnectResponse;
import io.presenced.proto.api.PresenceJoinRequest;
import io.presenced.proto.api.PresenceJoinResponse;
import io.presenced.proto.api.PresenceLeaveRequest;
import io.presenced.proto.api.PresenceLeaveResponse;
import io.presenced.proto.api.PresenceRefreshRequest;
import io.presenced.proto.api.PresenceRefreshResponse;
import io.presenced.proto.presence.PresenceApiGrpc;

/**
 * presenced's own {@code presenced.api.PresenceApi}: the presence-management methods a backend calls, kept out of
 * Centrifugo's service so its method set stays exactly Centrifugo's.
 */
final class PresenceApiService extends PresenceApiGrpc.PresenceApiImplBase {

    private final ApiCalls calls;

    PresenceApiService(ApiCalls calls) {
        this.calls = calls;
    }

    @Override
    public void presenceJoin(PresenceJoinRequest request, StreamObserver<PresenceJoinResponse> out) {
        calls.unary(ProtoMethods.PRESENCE_JOIN, request, out);
    }

    @Override
    public void presenceLeave(PresenceLeaveRequest request, StreamObserver<PresenceLeaveResponse> out) {
        calls.unary(ProtoMethods.PRESENCE_LEAVE, request, out);
    }

    @Override
    public void presenceRefresh(PresenceRefreshRequest request, StreamObserver<PresenceRefreshResponse> out) {
        calls.unary(ProtoMethods.PRESENCE_REFRESH, request, out);
    }

    @Override
    public void presenceDisconnect(PresenceDisconnectRequest request,
                                   StreamObserver<PresenceDisconnectResponse> out) {
        calls.unary(ProtoMethods.PRESENCE_DISCONNECT, request, out);
    }
}
