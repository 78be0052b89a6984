package io.presenced.testing.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Picks free 127.0.0.1 ports, never handing out the same port twice in one JVM. */
final class FreePorts {

    /** Redis Cluster listens for its node-to-node bus on the client port plus this offset. */
    static final int CLUSTER_BUS_OFFSET = 10000;

    private static final int MAX_ATTEMPTS = 100;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** Returns a port that was free a moment ago, and whose cluster bus port was too if withClusterBus is set. */
    static int allocate(boolean withClusterBus) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int port = ephemeralPort();
            if (withClusterBus && (port + CLUSTER_BUS_OFFSET > 65535 || !isFree(port + CLUSTER_BUS_OFFSET))) {
                continue;
            }
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            if (withClusterBus && !HANDED_OUT.add(port + CLUSTER_BUS_OFFSET)) {
                HANDED_OUT.remove(port);
                continue;
            }
            return port;
        }
        throw new IllegalStateException("no free 127.0.0.1 port found in " + MAX_ATTEMPTS + " attempts"
                + (withClusterBus ? " (with a free cluster bus port at +" + CLUSTER_BUS_OFFSET + ")" : ""));
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(Resp.LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int ephemeralPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(Resp.LOOPBACK, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a 127.0.0.1 socket on port 0: " + e, e);
        }
    }
}
