package io.presenced.status;

import static java.util.Objects.requireNonNull;

import io.presenced.status.StatusRecord.Activity;
import io.presenced.status.StatusRecord.CustomStatus;
import io.presenced.status.StatusRecord.ManualState;

/**
 * A change of what a user sets by hand ({@code set_user_status}): each part is kept, cleared or replaced.
 *
 * @param manual   the manual state
 * @param custom   the custom status
 * @param activity the activity
 */
public record StatusPatch(Change<ManualState> manual, Change<CustomStatus> custom, Change<Activity> activity) {

    public StatusPatch {
        requireNonNull(manual, "manual");
        requireNonNull(custom, "custom");
        requireNonNull(activity, "activity");
    }

    /** Returns {@code record} with this patch applied. */
    StatusRecord applyTo(StatusRecord r) {
        return new StatusRecord(r.user(), r.active(), r.online(), r.state(), manual.applyTo(r.manual()),
                custom.applyTo(r.custom()), activity.applyTo(r.activity()), r.devices());
    }

    /**
     * What happens to one part: kept as it is ({@link #keep()}), cleared ({@link #clear()}) or replaced
     * ({@link #to(Object)}).
     *
     * @param <T> the part's type
     */
    public static final class Change<T> {

        private static final Change<?> KEEP = new Change<>(true, null);
        private static final Change<?> CLEAR = new Change<>(false, null);

        private final boolean keep;
        private final T value;

        private Change(boolean keep, T value) {
            this.keep = keep;
            this.value = value;
        }

        /** Leaves the part as it is. */
        @SuppressWarnings("unchecked")
        public static <T> Change<T> keep() {
            return (Change<T>) KEEP;
        }

        /** Removes the part. */
        @SuppressWarnings("unchecked")
        public static <T> Change<T> clear() {
            return (Change<T>) CLEAR;
        }

        /** Replaces the part with {@code value}. */
        public static <T> Change<T> to(T value) {
            return new Change<>(false, requireNonNull(value, "value"));
        }

        /** Returns whether the part stays as it is. */
        public boolean isKeep() {
            return keep;
        }

        /** Returns the new value, {@code null} when the part is kept or cleared. */
        public T value() {
            return value;
        }

        T applyTo(T current) {
            return keep ? current : value;
        }

        @Override
        public String toString() {
            return keep ? "keep" : value == null ? "clear" : "to " + value;
        }
    }
}
