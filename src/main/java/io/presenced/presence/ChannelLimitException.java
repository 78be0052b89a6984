package io.presenced.presence;

import io.presenced.PresenceException;

/**
 * A join refused because it would put a client in more channels than {@code client.channel_limit}; nothing of the
 * refused call was kept.
 */
public final class ChannelLimitException extends PresenceException {

    private static final long serialVersionUID = 1L;

    private final String client;
    private final int channels;
    private final int limit;

    /** Creates the failure for {@code client}, which would have been in {@code channels} channels. */
    public ChannelLimitException(String client, int channels, int limit) {
        super("client \"" + client + "\" would be in " + channels + " channels (expected: at most " + limit + ")");
        this.client = client;
        this.channels = channels;
        this.limit = limit;
    }

    /** Returns the client that would have gone over the limit. */
    public String client() {
        return client;
    }

    /** Returns how many channels the client would have been in. */
    public int channels() {
        return channels;
    }

    /** Returns the limit. */
    public int limit() {
        return limit;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // A client-caused refusal: the message says everything.
        return this;
    }
}
