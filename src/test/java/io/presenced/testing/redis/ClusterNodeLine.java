package io.presenced.testing.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One line of {@code CLUSTER NODES}: a node as another node sees it. */
record ClusterNodeLine(String id, int port, Set<String> flags, String masterId, boolean hasSlots) {

    boolean isReplica() {
        return flags.contains("slave");
    }

    /** Returns whether the viewing node suspects (fail?) or agreed (fail) that this node is down. */
    boolean isFailed() {
        return flags.contains("fail") || flags.contains("fail?");
    }

    /** Asks node for {@code CLUSTER NODES} and parses every line. */
    static List<ClusterNodeLine> parse(RedisNode node) {
        List<ClusterNodeLine> lines = new ArrayList<>();
        for (String line : ((String) node.command("CLUSTER", "NODES")).split("\n")) {
            if (!line.isBlank()) {
                lines.add(parseLine(line.trim()));
            }
        }
        return lines;
    }

    /** Asks node for {@code CLUSTER INFO} and returns its {@code field:value} pairs. */
    static Map<String, String> clusterInfo(RedisNode node) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : ((String) node.command("CLUSTER", "INFO")).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    // <id> <ip:port@cport[,hostname]> <flags> <master> <ping-sent> <pong-recv> <epoch> <link-state> <slot>...
    static ClusterNodeLine parseLine(String line) {
        String[] fields = line.split(" ");
        String address = fields[1];
        int at = address.indexOf('@');
        String hostPort = at < 0 ? address : address.substring(0, at);
        int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        return new ClusterNodeLine(fields[0], port, Set.of(fields[2].split(",")), fields[3], fields.length > 8);
    }
}
