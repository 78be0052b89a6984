package io.presenced.api.grpc;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.presenced.api.JsonParams;
import io.presenced.api.NodeInfo;
import io.presenced.api.PresenceMethods;
import io.presenced.api.PresenceMethods.ChannelRequest;
import io.presenced.api.RawJson;
import io.presenced.api.UserStatusMethods.GetRequest;
import io.presenced.api.UserStatusMethods.UpdateRequest;
import io.presenced.api.UserStatusMethods.UsersRequest;
import io.presenced.proto.api.ChannelsRequest;
import io.presenced.proto.api.ChannelsResponse;
import io.presenced.proto.api.Command;
import io.presenced.proto.api.DeleteUserStatusRequest;
import io.presenced.proto.api.DeleteUserStatusResponse;
import io.presenced.proto.api.GetUserStatusRequest;
import io.presenced.proto.api.GetUserStatusResponse;
import io.presenced.proto.api.GetUserStatusResult;
import io.presenced.proto.api.InfoRequest;
import io.presenced.proto.api.InfoResponse;
import io.presenced.proto.api.InfoResult;
import io.presenced.proto.api.NodeResult;
import io.presenced.proto.api.PresenceDisconnectRequest;
import io.presenced.proto.api.PresenceDisconnectResponse;
import io.presenced.proto.api.PresenceJoinRequest;
import io.presenced.proto.api.PresenceJoinResponse;
import io.presenced.proto.api.PresenceLeaveRequest;
import io.presenced.proto.api.PresenceLeaveResponse;
import io.presenced.proto.api.PresenceRefreshRequest;
import io.presenced.proto.api.PresenceRefreshResponse;
import io.presenced.proto.api.PresenceRequest;
import io.presenced.proto.api.PresenceResponse;
import io.presenced.proto.api.PresenceStatsRequest;
import io.presenced.proto.api.PresenceStatsResponse;
import io.presenced.proto.api.RPCRequest;
import io.presenced.proto.api.RPCResponse;
import io.presenced.proto.api.RPCResult;
import io.presenced.proto.api.UpdateUserStatusRequest;
import io.presenced.proto.api.UpdateUserStatusResponse;
import io.presenced.proto.presence.SetUserStatusRequest;
import io.presenced.proto.presence.SetUserStatusResponse;

/**
 * The protobuf side of every server-API method: one {@link ProtoMethod} each. Serving a new method over gRPC
 * and in Batch means adding one {@link ProtoMethod#of} (or {@link ProtoMethod#ofEmptyResult}) mapping here.
 */
final class ProtoMethods {

    static final ProtoMethod<UpdateUserStatusRequest, UpdateUserStatusResponse> UPDATE_USER_STATUS =
            ProtoMethod.ofEmptyResult("update_user_status", Command.UPDATE_USER_STATUS_FIELD_NUMBER,
                    UpdateUserStatusResponse.getDefaultInstance(),
                    (UpdateUserStatusRequest p) -> new UpdateRequest(p.getUsersList(), p.getState()));

    static final ProtoMethod<GetUserStatusRequest, GetUserStatusResponse> GET_USER_STATUS =
            ProtoMethod.of("get_user_status", Command.GET_USER_STATUS_FIELD_NUMBER,
                    GetUserStatusResponse.getDefaultInstance(),
                    (GetUserStatusRequest p) -> new GetRequest(p.getUsersList()),
                    StatusProtos::centrifugo);

    static final ProtoMethod<DeleteUserStatusRequest, DeleteUserStatusResponse> DELETE_USER_STATUS =
            ProtoMethod.ofEmptyResult("delete_user_status", Command.DELETE_USER_STATUS_FIELD_NUMBER,
                    DeleteUserStatusResponse.getDefaultInstance(),
                    (DeleteUserStatusRequest p) -> new UsersRequest(p.getUsersList()));

    static final ProtoMethod<InfoRequest, InfoResponse> INFO =
            ProtoMethod.of("info", Command.INFO_FIELD_NUMBER, InfoResponse.getDefaultInstance(),
                    (InfoRequest p) -> null, ProtoMethods::info);

    // RPC's params and data are raw JSON, as in the HTTP API, so the inner method decodes JSON on both transports.
    static final ProtoMethod<RPCRequest, RPCResponse> RPC =
            ProtoMethod.custom("rpc", Command.RPC_FIELD_NUMBER, RPCResponse.getDefaultInstance(),
                    (api, p) -> api.rpc(p.getMethod(), JsonParams.parse(p.getParams().toByteArray(), "params")),
                    reply -> RPCResult.newBuilder().setData(RawJson.of(reply.result())).build());

    static final ProtoMethod<PresenceRequest, PresenceResponse> PRESENCE =
            ProtoMethod.of("presence", Command.PRESENCE_FIELD_NUMBER, PresenceResponse.getDefaultInstance(),
                    (PresenceRequest p) -> new ChannelRequest(p.getChannel()), PresenceProtos::presence);

    static final ProtoMethod<PresenceStatsRequest, PresenceStatsResponse> PRESENCE_STATS =
            ProtoMethod.of("presence_stats", Command.PRESENCE_STATS_FIELD_NUMBER,
                    PresenceStatsResponse.getDefaultInstance(),
                    (PresenceStatsRequest p) -> new ChannelRequest(p.getChannel()), PresenceProtos::stats);

    static final ProtoMethod<ChannelsRequest, ChannelsResponse> CHANNELS =
            ProtoMethod.of("channels", Command.CHANNELS_FIELD_NUMBER, ChannelsResponse.getDefaultInstance(),
                    (ChannelsRequest p) -> new PresenceMethods.ChannelsRequest(p.getPattern()),
                    PresenceProtos::channels);

    static final ProtoMethod<PresenceJoinRequest, PresenceJoinResponse> PRESENCE_JOIN =
            ProtoMethod.ofEmptyResult("presence_join", Command.PRESENCE_JOIN_FIELD_NUMBER,
                    PresenceJoinResponse.getDefaultInstance(), PresenceProtos::join);

    static final ProtoMethod<PresenceLeaveRequest, PresenceLeaveResponse> PRESENCE_LEAVE =
            ProtoMethod.ofEmptyResult("presence_leave", Command.PRESENCE_LEAVE_FIELD_NUMBER,
                    PresenceLeaveResponse.getDefaultInstance(), PresenceProtos::leave);

    static final ProtoMethod<PresenceRefreshRequest, PresenceRefreshResponse> PRESENCE_REFRESH =
            ProtoMethod.ofEmptyResult("presence_refresh", Command.PRESENCE_REFRESH_FIELD_NUMBER,
                    PresenceRefreshResponse.getDefaultInstance(), PresenceProtos::refresh);

    static final ProtoMethod<PresenceDisconnectRequest, PresenceDisconnectResponse> PRESENCE_DISCONNECT =
            ProtoMethod.ofEmptyResult("presence_disconnect", Command.PRESENCE_DISCONNECT_FIELD_NUMBER,
                    PresenceDisconnectResponse.getDefaultInstance(), PresenceProtos::disconnect);

    // The rich status model, in presenced's own service (Batch does not carry them: Command is Centrifugo's).
    static final ProtoMethod<io.presenced.proto.presence.UpdateUserStatusRequest,
            io.presenced.proto.presence.UpdateUserStatusResponse> RICH_UPDATE_USER_STATUS =
            ProtoMethod.ofEmptyResult("update_user_status", 0,
                    io.presenced.proto.presence.UpdateUserStatusResponse.getDefaultInstance(), StatusProtos::update);

    static final ProtoMethod<SetUserStatusRequest, SetUserStatusResponse> SET_USER_STATUS =
            ProtoMethod.ofEmptyResult("set_user_status", 0, SetUserStatusResponse.getDefaultInstance(),
                    StatusProtos::set);

    static final ProtoMethod<io.presenced.proto.presence.GetUserStatusRequest,
            io.presenced.proto.presence.GetUserStatusResponse> RICH_GET_USER_STATUS =
            ProtoMethod.of("get_user_status", 0,
                    io.presenced.proto.presence.GetUserStatusResponse.getDefaultInstance(), StatusProtos::get,
                    StatusProtos::result);

    /** Every method that Batch can carry, by its {@code Command} field number. */
    static final Map<Integer, ProtoMethod<?, ?>> BY_BATCH_FIELD = List.<ProtoMethod<?, ?>>of(
                    UPDATE_USER_STATUS, GET_USER_STATUS, DELETE_USER_STATUS, INFO, RPC, PRESENCE, PRESENCE_STATS,
                    CHANNELS, PRESENCE_JOIN, PRESENCE_LEAVE, PRESENCE_REFRESH, PRESENCE_DISCONNECT)
            .stream().collect(Collectors.toUnmodifiableMap(ProtoMethod::batchField, Function.identity()));

    private ProtoMethods() {
    }

    private static InfoResult info(NodeInfo.Result result) {
        InfoResult.Builder b = InfoResult.newBuilder();
        for (NodeInfo.Node n : result.nodes()) {
            b.addNodes(NodeResult.newBuilder().setUid(n.uid()).setName(n.name()).setVersion(n.version())
                    .setNumClients(uint32(n.numClients())).setNumUsers(uint32(n.numUsers()))
                    .setNumChannels(uint32(n.numChannels())).setUptime(uint32(n.uptime())));
        }
        return b.build();
    }

    // uint32 travels in a Java int; counts beyond its range are capped rather than wrapped.
    private static int uint32(long value) {
        return (int) Math.min(Math.max(value, 0), 0xFFFF_FFFFL);
    }
}
