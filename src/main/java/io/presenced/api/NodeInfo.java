package io.presenced.api;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The {@code info} method: one entry describing this node, with a random uid chosen at start, its name, version,
 * uptime and the counts of a {@link NodeStats}.
 */
public final class NodeInfo {

    /** The version reported when the classes do not come from a jar with a manifest version. */
    public static final String DEV_VERSION = "dev";

    /**
     * One node.
     *
     * @param uid         random id chosen when the node started
     * @param name        the configured name, or the host name
     * @param version     the jar's {@code Implementation-Version}, or {@link #DEV_VERSION}
     * @param numClients  connected clients
     * @param numUsers    distinct users among them
     * @param numChannels channels with at least one subscriber
     * @param uptime      whole seconds since the node started
     */
    public record Node(String uid, String name, String version, long numClients, long numUsers, long numChannels,
                       long uptime) {
    }

    /**
     * The result of {@code info}.
     *
     * @param nodes every node known; presenced reports only itself
     */
    public record Result(List<Node> nodes) {
    }

    private final String uid = UUID.randomUUID().toString();
    private final String name;
    private final String version;
    private final Clock clock;
    private final long startedMillis;
    private final NodeStats stats;

    private NodeInfo(String name, String version, Clock clock, NodeStats stats) {
        this.name = requireNonNull(name, "name");
        this.version = requireNonNull(version, "version");
        this.clock = requireNonNull(clock, "clock");
        this.stats = requireNonNull(stats, "stats");
        this.startedMillis = clock.millis();
    }

    /**
     * Creates the description of a node starting now.
     *
     * @param name  the node name; empty means the host name
     * @param clock measures the uptime
     * @param stats supplies the counts
     */
    public static NodeInfo create(String name, Clock clock, NodeStats stats) {
        String version = NodeInfo.class.getPackage().getImplementationVersion();
        return new NodeInfo(name.isEmpty() ? hostName() : name, version == null ? DEV_VERSION : version, clock,
                stats);
    }

    /** Returns this node's uid. */
    public String uid() {
        return uid;
    }

    /** Returns this node's name. */
    public String name() {
        return name;
    }

    /** Returns this node as it is now. */
    public Node current() {
        NodeStats.Counts c = stats.counts();
        long uptime = Math.max(0, clock.millis() - startedMillis) / 1000;
        return new Node(uid, name, version, c.clients(), c.users(), c.channels(), uptime);
    }

    /** Returns the {@code info} method, which takes no params. */
    public ApiMethod<Void, Result> method() {
        return new ApiMethod<>("info", ApiMethod.noParams(),
                q -> CompletableFuture.completedFuture(new Result(List.of(current()))), NodeInfo::write);
    }

    static void write(Result result, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("nodes");
        for (Node n : result.nodes()) {
            // uid, name, version and the counts are always present; a zero uptime is left out.
            out.writeStartObject();
            out.writeStringField("uid", n.uid());
            out.writeStringField("name", n.name());
            out.writeStringField("version", n.version());
            out.writeNumberField("num_clients", n.numClients());
            out.writeNumberField("num_users", n.numUsers());
            out.writeNumberField("num_channels", n.numChannels());
            if (n.uptime() != 0) {
                out.writeNumberField("uptime", n.uptime());
            }
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static String hostName() {
        // Containers set HOSTNAME; asking the resolver can block on DNS, so it is only the fallback.
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "presenced";
        }
    }
}
