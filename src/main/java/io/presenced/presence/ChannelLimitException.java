package io.presenced.presence;

import io.presenced.PresenceException;

/**
 * A join refused because it would put a client in more channels than {@code client.channel_limit}; nothing of the
 * refused call was kept.
 */
public final class ChannelLimitException extends PresenceException {

    private static final long serialVersionUID = 1L;

    private final String client;
    private final String reason;

    /** Creates the failure for {@code client}, which would have been in {@code channels} channels. */
    public ChannelLimitException(String client, int channels, int limit) {
        this(client, "would be in " + channels + " channels (expected: at most " + limit + ", client.channel_limit)");
    }

    private ChannelLimitException(String client, String reason) {
        super("client \"" + client + "\" " + reason);
        this.client = client;
        this.reason = reason;
    }

    /** Returns the client that would have gone over the limit. */
    public String client() {
        return client;
    }

    /**
     * Returns why the client was refused, without naming it: how many channels it would have been in, and the
     * limit with its config key.
     */
    public String reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // A client-caused refusal: the message says everything.
        return this;
    }
}
