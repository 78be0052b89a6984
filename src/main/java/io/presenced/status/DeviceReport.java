package io.presenced.status;

import static java.util.Objects.requireNonNull;

/**
 * A report from one device, Zulip style: it is there, and its user is {@code active} or {@code idle} on it.
 *
 * @param id       the device id
 * @param platform what it runs on; {@code null} keeps the stored one ({@code other} for a new device)
 * @param idle     whether the report says {@code idle}; an {@code active} report also marks the user active
 */
public record DeviceReport(String id, StatusRecord.Platform platform, boolean idle) {

    public DeviceReport {
        requireNonNull(id, "id");
    }
}
