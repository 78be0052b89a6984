package io.presenced.presence;

/**
 * Hears about channel-state events as presence changes queue or drop them.
 */
public interface StateListener {

    /** A listener that does nothing. */
    StateListener NONE = new StateListener() {
        @Override
        public void queued(String channel) {
        }

        @Override
        public void dropped(String channel) {
        }
    };

    /** An event of {@code channel} was queued for delivery. */
    void queued(String channel);

    /** An event of {@code channel} was due but dropped because its partition's queue was full. */
    void dropped(String channel);
}
