package io.presenced.presence;

/**
 * The client connections this node holds itself (WebSocket clients), registered so that the presence of a node that
 * dies without saying so (SIGKILL, a freeze, a network cut) is removed by another node within the node lease,
 * instead of expiring after the presence TTL. Entries a backend reports keep their TTL; they are not registered.
 *
 * <p>Register a client before its first join and unregister it after its presence was removed. Calls never block.
 */
public interface NodeClients extends AutoCloseable {

    /** The memory engine's: one node, whose death takes its presence with it. */
    NodeClients NONE = new NodeClients() {
        @Override
        public void connected(String client) {
        }

        @Override
        public void disconnected(String client) {
        }

        @Override
        public void onLeaseLost(Runnable action) {
        }

        @Override
        public void close() {
        }
    };

    /** Registers a client this node holds. */
    void connected(String client);

    /** Unregisters a client whose connection has ended and whose presence was removed. */
    void disconnected(String client);

    /**
     * Runs {@code action} when this node finds its lease lost (it stalled longer than the lease, and another node
     * may have removed its clients' presence): the connections should be closed with a reconnect code so that their
     * clients join again.
     */
    void onLeaseLost(Runnable action);

    /** Ends the lease; call after the node's clients were disconnected and their presence removed. */
    @Override
    void close();
}
