package io.presenced.status;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Everything stored of one user: the Centrifugo fields ({@code active}, {@code online}, {@code state}) and the rich
 * model's facts (reporting devices, a manual state, a custom status, an activity). Times are Unix seconds; {@code 0}
 * means unknown. Nothing here is derived: {@link StatusModel} computes the status a reader sees.
 *
 * @param user     the user id
 * @param active   the last activity the user itself reported without a device (Centrifugo's {@code active})
 * @param online   the last time the user held a live connection
 * @param state    the application-defined state string of {@code update_user_status}, {@code ""} when none
 * @param manual   the state the user set by hand, {@code null} when none
 * @param custom   the custom status, {@code null} when none
 * @param activity the activity, {@code null} when none
 * @param devices  the reporting devices, in the order of their latest report
 */
public record StatusRecord(String user, long active, long online, String state, ManualState manual,
                           CustomStatus custom, Activity activity, List<Device> devices) {

    public StatusRecord {
        requireNonNull(user, "user");
        requireNonNull(state, "state");
        devices = List.copyOf(devices);
    }

    /** Returns the record of a user presenced knows nothing of. */
    public static StatusRecord unknown(String user) {
        return new StatusRecord(user, 0, 0, "", null, null, null, List.of());
    }

    /** Returns the Centrifugo fields only. */
    public UserStatus base() {
        return new UserStatus(user, active, online, state);
    }

    /**
     * Returns this record as a reader at {@code now} (Unix seconds) sees it: a custom status or an activity whose
     * expiry has come is gone. Both engines read through this, so they agree on the instant of expiry.
     */
    public StatusRecord at(long now) {
        boolean customGone = custom != null && custom.expiresAt() != 0 && custom.expiresAt() <= now;
        boolean activityGone = activity != null && activity.expiresAt() != 0 && activity.expiresAt() <= now;
        if (!customGone && !activityGone) {
            return this;
        }
        return new StatusRecord(user, active, online, state, manual, customGone ? null : custom,
                activityGone ? null : activity, devices);
    }

    /** Returns the newest of {@code online}, {@code active} and every device's last report: the last sign of life. */
    public long lastSeen() {
        long t = Math.max(active, online);
        for (Device d : devices) {
            t = Math.max(t, d.heard());
        }
        return t;
    }

    /** Returns the last activity: {@code active} or any device's last active report, whichever is newer. */
    public long lastActive() {
        long t = active;
        for (Device d : devices) {
            t = Math.max(t, d.active());
        }
        return t;
    }

    private static <E> E byWire(E[] values, Function<E, String> wire, String s) {
        for (E e : values) {
            if (wire.apply(e).equals(s)) {
                return e;
            }
        }
        return null;
    }

    /** A state the user set by hand. Its wire name is the lower-case constant name. */
    public enum ManualState {
        AWAY, BUSY, DND, INVISIBLE;

        private final String wire = name().toLowerCase(Locale.ROOT);

        /** Returns the wire name, such as {@code dnd}. */
        public String wire() {
            return wire;
        }

        /** Returns the state of wire name {@code s}, or {@code null} when there is none. */
        public static ManualState of(String s) {
            return byWire(values(), ManualState::wire, s);
        }
    }

    /** The kind of a reporting device. Its wire name is the lower-case constant name. */
    public enum Platform {
        WEB('w'), DESKTOP('d'), MOBILE('m'), OTHER('o');

        private final char code;
        private final String wire = name().toLowerCase(Locale.ROOT);

        Platform(char code) {
            this.code = code;
        }

        /** Returns the wire name, such as {@code mobile}. */
        public String wire() {
            return wire;
        }

        /** Returns the one-character code stored in Redis. */
        public char code() {
            return code;
        }

        /** Returns the platform of wire name {@code s}, or {@code null} when there is none. */
        public static Platform of(String s) {
            return byWire(values(), Platform::wire, s);
        }

        /** Returns the platform of stored code {@code c}; an unknown code reads as {@link #OTHER}. */
        public static Platform ofCode(char c) {
            for (Platform p : values()) {
                if (p.code == c) {
                    return p;
                }
            }
            return OTHER;
        }
    }

    /**
     * One reporting client or device.
     *
     * @param id       the device id (a WebSocket connection's client id when the client gives none)
     * @param platform what it runs on
     * @param idle     whether its last report said {@code idle} rather than {@code active}
     * @param heard    when it last reported
     * @param active   when it last reported {@code active}, {@code 0} never
     */
    public record Device(String id, Platform platform, boolean idle, long heard, long active) {

        public Device {
            requireNonNull(id, "id");
            requireNonNull(platform, "platform");
        }

        /** Returns the wire name of its last report: {@code active} or {@code idle}. */
        public String status() {
            return idle ? "idle" : "active";
        }
    }

    /**
     * A custom status.
     *
     * @param text      what the user wrote
     * @param emoji     an emoji or shortcode, {@code ""} when none
     * @param expiresAt when it disappears by itself, {@code 0} never
     */
    public record CustomStatus(String text, String emoji, long expiresAt) {

        public CustomStatus {
            requireNonNull(text, "text");
            requireNonNull(emoji, "emoji");
        }
    }

    /**
     * What the user is doing, such as {@code in_call}.
     *
     * @param type      one of the known activities or an application's own string
     * @param expiresAt when it disappears by itself, {@code 0} never
     */
    public record Activity(String type, long expiresAt) {

        public Activity {
            requireNonNull(type, "type");
        }
    }

    /**
     * Returns {@code devices} after a report of device {@code report} at {@code now}: the device moves to the end
     * (added if new), and while more than {@code max} remain, the least recently heard one leaves (the first of
     * equals). Both engines apply exactly this rule, in this order.
     */
    static List<Device> reported(List<Device> devices, DeviceReport report, long now, int max) {
        List<Device> out = new ArrayList<>(devices.size() + 1);
        Device previous = null;
        for (Device d : devices) {
            if (d.id().equals(report.id())) {
                previous = d;
            } else {
                out.add(d);
            }
        }
        Platform platform = report.platform() != null ? report.platform()
                : previous != null ? previous.platform() : Platform.OTHER;
        long active = report.idle() ? (previous == null ? 0 : previous.active()) : now;
        out.add(new Device(report.id(), platform, report.idle(), now, active));
        while (out.size() > max) {
            int oldest = 0;
            for (int i = 1; i < out.size(); i++) {
                if (out.get(i).heard() < out.get(oldest).heard()) {
                    oldest = i;
                }
            }
            out.remove(oldest);
        }
        return out;
    }
}
