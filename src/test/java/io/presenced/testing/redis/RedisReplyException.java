package io.presenced.testing.redis;

/**
 * An error reply from Redis, such as {@code ERR unknown command} or {@code MOVED 3999 127.0.0.1:30002}.
 */
public final class RedisReplyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reply;

    RedisReplyException(String reply) {
        super(reply);
        this.reply = reply;
    }

    /**
     * Returns the error prefix of the reply: {@code ERR}, {@code WRONGTYPE}, {@code MOVED}, {@code LOADING} and so on.
     */
    public String code() {
        int space = reply.indexOf(' ');
        return space < 0 ? reply : reply.substring(0, space);
    }

    /**
     * Returns the whole error reply, without the leading {@code -}.
     */
    public String reply() {
        return reply;
    }
}
