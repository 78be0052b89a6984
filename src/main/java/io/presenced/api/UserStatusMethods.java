package io.presenced.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonGenerator;

import io.presenced.status.DeviceReport;
import io.presenced.status.StatusJson;
import io.presenced.status.StatusModel;
import io.presenced.status.StatusPatch;
import io.presenced.status.StatusPatch.Change;
import io.presenced.status.StatusRecord;
import io.presenced.status.StatusRecord.Device;
import io.presenced.status.StatusRecord.Activity;
import io.presenced.status.StatusRecord.CustomStatus;
import io.presenced.status.StatusRecord.ManualState;
import io.presenced.status.StatusRecord.Platform;
import io.presenced.status.UserStatus;
import io.presenced.status.UserStatusService;

/**
 * The user-status methods: {@code update_user_status}, {@code set_user_status}, {@code get_user_status},
 * {@code delete_user_status}. Centrifugo's calls and answers are unchanged; the rich model's fields are optional on
 * the way in and appear on the way out only when asked for ({@code detail}, {@code format}, {@code view}).
 */
public final class UserStatusMethods implements ApiMethodGroup {

    /** The {@code view} that hides an invisible user from its readers. */
    public static final String PUBLIC_VIEW = "public";
    /** The {@code format} of Zulip's presence answer. */
    public static final String ZULIP_FORMAT = "zulip";

    /**
     * Request of {@code update_user_status}: Centrifugo's {@code users} and {@code state}, plus an optional device
     * report ({@code ""} for each part left out).
     */
    public record UpdateRequest(List<String> users, String state, String device, String platform, String status) {

        /** Returns Centrifugo's request: no device. */
        public UpdateRequest(List<String> users, String state) {
            this(users, state, "", "", "");
        }
    }

    /**
     * Request of {@code get_user_status}.
     *
     * @param detail whether to answer with the rich model's facts and the derived status
     * @param format {@code ""}, or {@code "zulip"} for Zulip's presence answer
     * @param view   {@code ""} (the truth) or {@code "public"} (an invisible user looks unknown)
     * @param viewer a user who sees the truth about itself in the public view; {@code ""} none
     */
    public record GetRequest(List<String> users, boolean detail, String format, String view, String viewer) {

        /** Returns Centrifugo's request. */
        public GetRequest(List<String> users) {
            this(users, false, "", "", "");
        }
    }

    /** Request of {@code delete_user_status}. */
    public record UsersRequest(List<String> users) {
    }

    /**
     * Request of {@code set_user_status}, before validation: each part kept, cleared or set. The manual state is
     * its wire name; {@code ""} clears it as JSON null does.
     */
    public record SetRequest(String user, Change<String> state, Change<CustomStatus> custom,
                             Change<Activity> activity) {
    }

    /**
     * The answer of {@code get_user_status}: Centrifugo's statuses, or the rich model's views.
     *
     * @param plain  Centrifugo's statuses, when neither detail nor a format was asked for
     * @param views  the records and derived statuses otherwise
     * @param zulip  whether {@code views} are answered in Zulip's format
     * @param now    the read time, Unix seconds
     */
    public record Statuses(List<UserStatus> plain, List<View> views, boolean zulip, long now) {
    }

    /**
     * One user's facts as the reader may see them, the derived status, for the Zulip format the summary
     * ({@code null} otherwise, or when nothing of the user was ever heard), and with {@code detail} the user's
     * version in the user-event stream ({@code -1} when user events are off).
     */
    public record View(StatusRecord record, StatusModel.Derived status, StatusModel.Aggregated aggregated,
                       long version) {
    }

    private final UserStatusService service;
    private final Validation validation;

    /** Creates the methods over {@code service}. */
    public UserStatusMethods(UserStatusService service, Validation validation) {
        this.service = service;
        this.validation = validation;
    }

    @Override
    public List<ApiMethod<?, ?>> methods() {
        return List.of(update(), set(), get(), delete());
    }

    /** The RPC names of the user-status documentation. */
    @Override
    public Map<String, String> rpcAliases() {
        return Map.of("updateActiveStatus", "update_user_status", "getUserStatus", "get_user_status",
                "deleteUserStatus", "delete_user_status", "setUserStatus", "set_user_status");
    }

    /** Returns {@code update_user_status}: marks the users active now, or records a device's report. */
    public ApiMethod<UpdateRequest, Void> update() {
        return new ApiMethod<>("update_user_status",
                p -> new UpdateRequest(p.strings("users"), p.string("state"), p.string("device"),
                        p.string("platform"), p.string("status")),
                this::update, ApiMethod.emptyResult());
    }

    private CompletionStage<Void> update(UpdateRequest q) {
        List<String> users = validation.users(q.users());
        String state = validation.state(q.state());
        String device = validation.device(q.device());
        Platform platform = null;
        if (!q.platform().isEmpty()) {
            platform = Platform.of(q.platform());
            if (platform == null) {
                throw ApiException.badField("platform", "unknown platform \"" + ServerApi.shown(q.platform())
                        + "\" (expected: web, desktop, mobile or other)");
            }
        }
        boolean idle = switch (q.status()) {
            case "", "active" -> false;
            case "idle" -> true;
            default -> throw ApiException.badField("status", "unknown status \"" + ServerApi.shown(q.status())
                    + "\" (expected: active or idle)");
        };
        if (device.isEmpty()) {
            if (platform != null) {
                throw ApiException.badField("platform", "given without a device (expected: a device to describe)");
            }
            if (idle) {
                throw ApiException.badField("status", "\"idle\" without a device (expected: the device that is idle)");
            }
            return service.updateActive(users, state);
        }
        return service.report(users, state, new DeviceReport(device, platform, idle));
    }

    /** Returns {@code set_user_status}: sets or clears the manual state, the custom status and the activity. */
    public ApiMethod<SetRequest, Void> set() {
        return new ApiMethod<>("set_user_status", UserStatusMethods::decodeSet, this::set, ApiMethod.emptyResult());
    }

    private static SetRequest decodeSet(JsonParams p) {
        Change<String> state = !p.has("state") ? Change.keep() : Change.to(p.string("state"));
        Change<CustomStatus> custom = Change.keep();
        if (p.has("custom")) {
            JsonParams c = p.object("custom");
            custom = c == null ? Change.clear()
                    : Change.to(new CustomStatus(c.string("text"), c.string("emoji"), c.integer("expires_at")));
        }
        Change<Activity> activity = Change.keep();
        if (p.has("activity")) {
            JsonParams a = p.object("activity");
            activity = a == null ? Change.clear() : Change.to(new Activity(a.string("type"), a.integer("expires_at")));
        }
        return new SetRequest(p.string("user"), state, custom, activity);
    }

    private CompletionStage<Void> set(SetRequest q) {
        String user = validation.user(q.user(), "user");
        long now = service.nowSeconds();
        Change<ManualState> manual = Change.keep();
        if (!q.state().isKeep()) {
            String s = q.state().value() == null ? "" : q.state().value();
            if (s.isEmpty()) {
                manual = Change.clear();
            } else {
                ManualState m = ManualState.of(s);
                if (m == null) {
                    throw ApiException.badField("state", "unknown state \"" + ServerApi.shown(s)
                            + "\" (expected: away, busy, dnd, invisible, or null to clear)");
                }
                manual = Change.to(m);
            }
        }
        Change<CustomStatus> custom = q.custom();
        CustomStatus c = custom.value();
        if (c != null) {
            if (c.text().isEmpty()) {
                throw ApiException.badField("custom.text", "must not be empty (expected: null for no custom status)");
            }
            validation.text(c.text(), "custom.text", validation.limits().status().maxCustomText());
            validation.text(c.emoji(), "custom.emoji", validation.limits().status().maxEmojiLength());
            expiry(c.expiresAt(), "custom.expires_at", now);
        }
        Activity a = q.activity().value();
        if (a != null) {
            if (a.type().isEmpty()) {
                throw ApiException.badField("activity.type", "must not be empty (expected: in_call, in_meeting, "
                        + "presenting, focus or an application's own type; null for no activity)");
            }
            validation.text(a.type(), "activity.type", validation.limits().status().maxActivityLength());
            expiry(a.expiresAt(), "activity.expires_at", now);
        }
        return service.set(user, new StatusPatch(manual, custom, q.activity()));
    }

    private static void expiry(long at, String field, long now) {
        if (at < 0) {
            throw ApiException.badField(field, at + " (expected: Unix seconds in the future, or 0 for never)");
        }
        if (at != 0 && at <= now) {
            throw ApiException.badField(field, at + " is in the past (expected: Unix seconds after " + now + ")");
        }
    }

    /** Returns {@code get_user_status}: the users' statuses, in request order. */
    public ApiMethod<GetRequest, Statuses> get() {
        return new ApiMethod<>("get_user_status",
                p -> new GetRequest(p.strings("users"), p.bool("detail"), p.string("format"), p.string("view"),
                        p.string("viewer")),
                this::get,
                UserStatusMethods::writeStatuses);
    }

    private CompletionStage<Statuses> get(GetRequest q) {
        List<String> users = validation.users(q.users());
        boolean zulip = switch (q.format()) {
            case "" -> false;
            case ZULIP_FORMAT -> true;
            default -> throw ApiException.badField("format", "unknown format \"" + ServerApi.shown(q.format())
                    + "\" (expected: zulip, or none)");
        };
        boolean publicView = switch (q.view()) {
            case "", "full" -> !q.viewer().isEmpty();
            case PUBLIC_VIEW -> true;
            default -> throw ApiException.badField("view", "unknown view \"" + ServerApi.shown(q.view())
                    + "\" (expected: public or full)");
        };
        String viewer = q.viewer().isEmpty() ? "" : validation.user(q.viewer(), "viewer");
        if (!q.detail() && !zulip && !publicView) {
            // Centrifugo's read: one short script, unchanged answers.
            return service.get(users).thenApply(plain -> new Statuses(plain, List.of(), false, 0));
        }
        long now = service.nowSeconds();
        StatusModel model = service.model();
        boolean rich = q.detail() || zulip;
        // The versions let a backend that lost user events resynchronise; they are read beside the records.
        CompletionStage<List<Long>> versions = q.detail() ? service.eventVersions(users)
                : CompletableFuture.completedFuture(null);
        return service.details(users, now).thenCombine(versions, (records, vs) -> {
            List<View> views = new ArrayList<>(rich ? records.size() : 0);
            List<UserStatus> plain = new ArrayList<>(rich ? 0 : records.size());
            for (int i = 0; i < records.size(); i++) {
                StatusRecord r = records.get(i);
                StatusRecord seen = publicView && !r.user().equals(viewer) ? StatusModel.publicView(r) : r;
                if (rich) {
                    views.add(new View(seen, model.derive(seen, now), zulip ? model.aggregate(seen) : null,
                            vs == null ? -1 : vs.get(i)));
                } else {
                    plain.add(seen.base());
                }
            }
            return new Statuses(plain, views, zulip, now);
        });
    }

    /** Returns {@code delete_user_status}: removes the users' records. */
    public ApiMethod<UsersRequest, Void> delete() {
        return new ApiMethod<>("delete_user_status",
                p -> new UsersRequest(p.strings("users")),
                q -> service.delete(validation.users(q.users())),
                ApiMethod.emptyResult());
    }

    static void writeStatuses(Statuses result, JsonGenerator out) throws IOException {
        out.writeStartObject();
        if (result.zulip()) {
            writeZulip(result, out);
        } else if (result.views().isEmpty()) {
            out.writeArrayFieldStart("statuses");
            for (UserStatus s : result.plain()) {
                out.writeStartObject();
                writeBase(s.user(), s.active(), s.online(), s.state(), out);
                out.writeEndObject();
            }
            out.writeEndArray();
        } else {
            out.writeArrayFieldStart("statuses");
            for (View v : result.views()) {
                writeDetail(v, out);
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    // Zero and empty fields are left out, so a user without a record is {"user": id} only.
    private static void writeBase(String user, long active, long online, String state, JsonGenerator out)
            throws IOException {
        StatusJson.writeBase(user, active, online, state, out);
    }

    private static void writeDetail(View v, JsonGenerator out) throws IOException {
        StatusRecord r = v.record();
        out.writeStartObject();
        writeBase(r.user(), r.active(), r.online(), r.state(), out);
        StatusJson.writeModel(r, v.status(), true, out);
        if (v.version() >= 0) {
            out.writeNumberField("version", v.version());
        }
        out.writeEndObject();
    }

    private static void writeZulip(Statuses result, JsonGenerator out) throws IOException {
        out.writeObjectFieldStart("presences");
        for (View v : result.views()) {
            StatusModel.Aggregated z = v.aggregated();
            if (z == null) {
                continue;
            }
            out.writeObjectFieldStart(v.record().user());
            out.writeObjectFieldStart("aggregated");
            out.writeStringField("client", z.client());
            out.writeStringField("status", z.status());
            out.writeNumberField("timestamp", z.timestamp());
            out.writeEndObject();
            for (Device d : v.record().devices()) {
                out.writeObjectFieldStart(d.id());
                out.writeStringField("client", d.id());
                out.writeStringField("status", d.status());
                out.writeNumberField("timestamp", d.heard());
                out.writeStringField("platform", d.platform().wire());
                out.writeEndObject();
            }
            out.writeEndObject();
        }
        out.writeEndObject();
        out.writeNumberField("server_timestamp", result.now());
    }
}
