package io.presenced.redis;

/**
 * The envelope of a message that nodes publish to each other over Redis pub/sub: the sender's node id, a newline,
 * then the body. Every node hears its own messages too, and drops them by the id before reading the body.
 */
public final class NodeMessages {

    private NodeMessages() {
    }

    /** Returns {@code body} sent by node {@code nodeId}. */
    public static String from(String nodeId, String body) {
        return nodeId + "\n" + body;
    }

    /** Returns the body of {@code message}, or {@code null} when node {@code nodeId} sent it itself. */
    public static String fromOthers(String nodeId, String message) {
        int nl = message.indexOf('\n');
        if (nl == nodeId.length() && message.startsWith(nodeId)) {
            return null;
        }
        return message.substring(nl + 1);
    }
}
