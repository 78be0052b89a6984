package io.presenced.api;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;

import io.presenced.status.UserStatus;
import io.presenced.status.UserStatusService;

/**
 * The user-status methods: {@code update_user_status}, {@code get_user_status}, {@code delete_user_status}.
 */
public final class UserStatusMethods implements ApiMethodGroup {

    /** Request of {@code update_user_status}. */
    public record UpdateRequest(List<String> users, String state) {
    }

    /** Request of {@code get_user_status} and {@code delete_user_status}. */
    public record UsersRequest(List<String> users) {
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
        return List.of(update(), get(), delete());
    }

    /** The RPC names of the user-status documentation. */
    @Override
    public Map<String, String> rpcAliases() {
        return Map.of("updateActiveStatus", "update_user_status", "getUserStatus", "get_user_status",
                "deleteUserStatus", "delete_user_status");
    }

    /** Returns {@code update_user_status}: marks the users active now. */
    public ApiMethod<UpdateRequest, Void> update() {
        return new ApiMethod<>("update_user_status",
                p -> new UpdateRequest(p.strings("users"), p.string("state")),
                q -> service.updateActive(validation.users(q.users()), validation.state(q.state())),
                ApiMethod.emptyResult());
    }

    /** Returns {@code get_user_status}: the users' statuses, in request order. */
    public ApiMethod<UsersRequest, List<UserStatus>> get() {
        return new ApiMethod<>("get_user_status",
                p -> new UsersRequest(p.strings("users")),
                q -> service.get(validation.users(q.users())),
                UserStatusMethods::writeStatuses);
    }

    /** Returns {@code delete_user_status}: removes the users' records. */
    public ApiMethod<UsersRequest, Void> delete() {
        return new ApiMethod<>("delete_user_status",
                p -> new UsersRequest(p.strings("users")),
                q -> service.delete(validation.users(q.users())),
                ApiMethod.emptyResult());
    }

    static void writeStatuses(List<UserStatus> statuses, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("statuses");
        for (UserStatus s : statuses) {
            // Zero and empty fields are left out, so a user without a record is {"user": id} only.
            out.writeStartObject();
            out.writeStringField("user", s.user());
            if (s.active() != 0) {
                out.writeNumberField("active", s.active());
            }
            if (s.online() != 0) {
                out.writeNumberField("online", s.online());
            }
            if (!s.state().isEmpty()) {
                out.writeStringField("state", s.state());
            }
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }
}
