package io.presenced.status;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import io.presenced.status.StatusRecord.Device;

/**
 * Writes a user's status as JSON, the one shape every reader sees: {@code get_user_status} with {@code detail},
 * user events, and watchers' pushes. Zero and empty fields are left out.
 */
public final class StatusJson {

    private StatusJson() {
    }

    /** Writes Centrifugo's fields of a status: {@code user}, and {@code active}, {@code online}, {@code state}. */
    public static void writeBase(String user, long active, long online, String state, JsonGenerator out)
            throws IOException {
        out.writeStringField("user", user);
        if (active != 0) {
            out.writeNumberField("active", active);
        }
        if (online != 0) {
            out.writeNumberField("online", online);
        }
        if (!state.isEmpty()) {
            out.writeStringField("state", state);
        }
    }

    /**
     * Writes the rich model's fields into the current object: {@code status}, {@code manual_state}, {@code custom},
     * {@code activity}, and {@code devices} when asked for.
     */
    public static void writeModel(StatusRecord r, StatusModel.Derived status, boolean devices, JsonGenerator out)
            throws IOException {
        out.writeStringField("status", status.wire());
        if (r.manual() != null) {
            out.writeStringField("manual_state", r.manual().wire());
        }
        if (r.custom() != null) {
            out.writeObjectFieldStart("custom");
            out.writeStringField("text", r.custom().text());
            if (!r.custom().emoji().isEmpty()) {
                out.writeStringField("emoji", r.custom().emoji());
            }
            if (r.custom().expiresAt() != 0) {
                out.writeNumberField("expires_at", r.custom().expiresAt());
            }
            out.writeEndObject();
        }
        if (r.activity() != null) {
            out.writeObjectFieldStart("activity");
            out.writeStringField("type", r.activity().type());
            if (r.activity().expiresAt() != 0) {
                out.writeNumberField("expires_at", r.activity().expiresAt());
            }
            out.writeEndObject();
        }
        if (devices && !r.devices().isEmpty()) {
            out.writeArrayFieldStart("devices");
            for (Device d : r.devices()) {
                out.writeStartObject();
                out.writeStringField("id", d.id());
                out.writeStringField("platform", d.platform().wire());
                out.writeStringField("status", d.status());
                out.writeNumberField("heard", d.heard());
                if (d.active() != 0) {
                    out.writeNumberField("active", d.active());
                }
                out.writeEndObject();
            }
            out.writeEndArray();
        }
    }
}
