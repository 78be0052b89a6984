package io.presenced.api.grpc;

import io.presenced.api.ApiException;
import io.presenced.api.UserStatusMethods.GetRequest;
import io.presenced.api.UserStatusMethods.SetRequest;
import io.presenced.api.UserStatusMethods.Statuses;
import io.presenced.api.UserStatusMethods.UpdateRequest;
import io.presenced.api.UserStatusMethods.View;
import io.presenced.proto.presence.Activity;
import io.presenced.proto.presence.CustomStatus;
import io.presenced.proto.presence.Device;
import io.presenced.proto.presence.GetUserStatusRequest;
import io.presenced.proto.presence.GetUserStatusResult;
import io.presenced.proto.presence.SetUserStatusRequest;
import io.presenced.proto.presence.UpdateUserStatusRequest;
import io.presenced.proto.presence.UserStatusDetail;
import io.presenced.proto.presence.ZulipClient;
import io.presenced.proto.presence.ZulipPresence;
import io.presenced.status.StatusModel;
import io.presenced.status.StatusPatch.Change;
import io.presenced.status.StatusRecord;
import io.presenced.status.UserStatus;

/**
 * Mapping between the rich status model's protobuf messages ({@code presenced.api}) and the request and result
 * records of {@link io.presenced.api.UserStatusMethods}. Each JSON field has the protobuf field of the same name; a
 * JSON {@code null} that clears a part is {@code clear_custom} or {@code clear_activity} here.
 */
final class StatusProtos {

    private StatusProtos() {
    }

    static UpdateRequest update(UpdateUserStatusRequest p) {
        return new UpdateRequest(p.getUsersList(), p.getState(), p.getDevice(), p.getPlatform(), p.getStatus());
    }

    static GetRequest get(GetUserStatusRequest p) {
        return new GetRequest(p.getUsersList(), p.getDetail(), p.getFormat(), p.getView(), p.getViewer());
    }

    static SetRequest set(SetUserStatusRequest p) {
        if (p.getClearCustom() && p.hasCustom()) {
            throw ApiException.badField("clear_custom", "true together with custom (expected: one of them)");
        }
        if (p.getClearActivity() && p.hasActivity()) {
            throw ApiException.badField("clear_activity", "true together with activity (expected: one of them)");
        }
        Change<StatusRecord.CustomStatus> custom = p.getClearCustom() ? Change.clear()
                : p.hasCustom() ? Change.to(new StatusRecord.CustomStatus(p.getCustom().getText(),
                        p.getCustom().getEmoji(), p.getCustom().getExpiresAt()))
                : Change.keep();
        Change<StatusRecord.Activity> activity = p.getClearActivity() ? Change.clear()
                : p.hasActivity() ? Change.to(new StatusRecord.Activity(p.getActivity().getType(),
                        p.getActivity().getExpiresAt()))
                : Change.keep();
        return new SetRequest(p.getUser(), p.hasState() ? Change.to(p.getState()) : Change.keep(), custom, activity);
    }

    /** Returns Centrifugo's result: the statuses without the model's fields. */
    static io.presenced.proto.api.GetUserStatusResult centrifugo(Statuses s) {
        io.presenced.proto.api.GetUserStatusResult.Builder b = io.presenced.proto.api.GetUserStatusResult.newBuilder();
        for (UserStatus u : s.plain()) {
            b.addStatuses(io.presenced.proto.api.UserStatus.newBuilder().setUser(u.user()).setActive(u.active())
                    .setOnline(u.online()).setState(u.state()));
        }
        return b.build();
    }

    static GetUserStatusResult result(Statuses s) {
        GetUserStatusResult.Builder b = GetUserStatusResult.newBuilder();
        if (s.zulip()) {
            for (View v : s.views()) {
                StatusModel.Aggregated a = v.aggregated();
                if (a == null) {
                    continue;
                }
                ZulipPresence.Builder z = ZulipPresence.newBuilder().setAggregated(ZulipClient.newBuilder()
                        .setClient(a.client()).setStatus(a.status()).setTimestamp(a.timestamp()));
                for (StatusRecord.Device d : v.record().devices()) {
                    z.putClients(d.id(), ZulipClient.newBuilder().setClient(d.id()).setStatus(d.status())
                            .setTimestamp(d.heard()).setPlatform(d.platform().wire()).build());
                }
                b.putPresences(v.record().user(), z.build());
            }
            return b.setServerTimestamp(s.now()).build();
        }
        for (UserStatus u : s.plain()) {
            b.addStatuses(UserStatusDetail.newBuilder().setUser(u.user()).setActive(u.active())
                    .setOnline(u.online()).setState(u.state()));
        }
        for (View v : s.views()) {
            b.addStatuses(detail(v));
        }
        return b.build();
    }

    private static UserStatusDetail detail(View v) {
        StatusRecord r = v.record();
        UserStatusDetail.Builder d = UserStatusDetail.newBuilder().setUser(r.user()).setActive(r.active())
                .setOnline(r.online()).setState(r.state()).setStatus(v.status().wire());
        if (r.manual() != null) {
            d.setManualState(r.manual().wire());
        }
        if (r.custom() != null) {
            d.setCustom(CustomStatus.newBuilder().setText(r.custom().text()).setEmoji(r.custom().emoji())
                    .setExpiresAt(r.custom().expiresAt()));
        }
        if (r.activity() != null) {
            d.setActivity(Activity.newBuilder().setType(r.activity().type())
                    .setExpiresAt(r.activity().expiresAt()));
        }
        for (StatusRecord.Device x : r.devices()) {
            d.addDevices(Device.newBuilder().setId(x.id()).setPlatform(x.platform().wire()).setStatus(x.status())
                    .setHeard(x.heard()).setActive(x.active()));
        }
        return d.build();
    }
}
