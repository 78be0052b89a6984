package io.presenced.config;

/**
 * Size and count limits that every API transport applies in the same way.
 *
 * @param maxUsersPerCall   most users in one user-status call
 * @param maxUserIdLength   longest user id, in UTF-8 bytes
 * @param maxStateLength    longest user {@code state} string, in UTF-8 bytes
 * @param maxBatchCommands  most commands in one batch or legacy request body
 * @param maxEntriesPerCall most entries in one presence-management call
 * @param maxClientIdLength longest client id, in UTF-8 bytes
 * @param maxInfoSize       largest {@code conn_info} or {@code chan_info}, in bytes of JSON
 * @param maxPatternLength  longest {@code channels} pattern, in UTF-8 bytes
 * @param channelLimit      most channels one client may be in ({@code client.channel_limit}, Centrifugo's key)
 * @param status            the limits of the rich status model
 */
public record LimitsConfig(int maxUsersPerCall, int maxUserIdLength, int maxStateLength, int maxBatchCommands,
                           int maxEntriesPerCall, int maxClientIdLength, int maxInfoSize, int maxPatternLength,
                           int channelLimit, StatusLimits status) {

    public static final int DEFAULT_MAX_USERS_PER_CALL = 1000;
    public static final int DEFAULT_MAX_USER_ID_LENGTH = 256;
    public static final int DEFAULT_MAX_STATE_LENGTH = 256;
    public static final int DEFAULT_MAX_BATCH_COMMANDS = 1000;
    public static final int DEFAULT_MAX_ENTRIES_PER_CALL = 1000;
    public static final int DEFAULT_MAX_CLIENT_ID_LENGTH = 256;
    public static final int DEFAULT_MAX_INFO_SIZE = 4096;
    public static final int DEFAULT_MAX_PATTERN_LENGTH = 512;
    // Centrifugo's default for client.channel_limit.
    public static final int DEFAULT_CHANNEL_LIMIT = 128;

    /** Returns the limits with every value at its default. */
    public static LimitsConfig defaults() {
        return new LimitsConfig(DEFAULT_MAX_USERS_PER_CALL, DEFAULT_MAX_USER_ID_LENGTH, DEFAULT_MAX_STATE_LENGTH,
                DEFAULT_MAX_BATCH_COMMANDS, DEFAULT_MAX_ENTRIES_PER_CALL, DEFAULT_MAX_CLIENT_ID_LENGTH,
                DEFAULT_MAX_INFO_SIZE, DEFAULT_MAX_PATTERN_LENGTH, DEFAULT_CHANNEL_LIMIT, StatusLimits.defaults());
    }

    /**
     * Lengths of the rich status model's strings, in UTF-8 bytes.
     *
     * @param maxDeviceIdLength  longest device id
     * @param maxCustomText      longest custom status text
     * @param maxEmojiLength     longest custom status emoji (a character sequence or a shortcode)
     * @param maxActivityLength  longest activity type
     */
    public record StatusLimits(int maxDeviceIdLength, int maxCustomText, int maxEmojiLength,
                               int maxActivityLength) {

        public static final int DEFAULT_MAX_DEVICE_ID_LENGTH = 64;
        public static final int DEFAULT_MAX_CUSTOM_TEXT = 256;
        public static final int DEFAULT_MAX_EMOJI_LENGTH = 64;
        public static final int DEFAULT_MAX_ACTIVITY_LENGTH = 64;

        /** Returns the limits with every value at its default. */
        public static StatusLimits defaults() {
            return new StatusLimits(DEFAULT_MAX_DEVICE_ID_LENGTH, DEFAULT_MAX_CUSTOM_TEXT, DEFAULT_MAX_EMOJI_LENGTH,
                    DEFAULT_MAX_ACTIVITY_LENGTH);
        }
    }
}
