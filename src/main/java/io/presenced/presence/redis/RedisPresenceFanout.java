package io.presenced.presence.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.presenced.logging.RateLimitedLog;
import io.presenced.presence.ClientInfo;
import io.presenced.presence.Partitioner;
import io.presenced.presence.PresenceEvents;
import io.presenced.redis.NodeMessages;
import io.presenced.redis.RedisTopology;
import io.presenced.tasks.BackgroundTasks;

/**
 * Join and leave reports between nodes, over Redis pub/sub: one pub/sub channel per partition,
 * {@code <prefix>.pe.<partition>}, which every node subscribes to. The reports of this node's store are published
 * there; the reports other nodes publish are handed to this node's listener (its client hub). A node's own
 * reports reach its hub directly, not through Redis, so local pushes do not depend on the pub/sub connection.
 *
 * <p>Per partition rather than per channel: every node hears every report, which costs one message per node per
 * change, and no subscription bookkeeping as channels come and go. Pub/sub is at most once: a report published
 * while a connection is down is lost, and presence itself (in the store) is not affected.
 */
public final class RedisPresenceFanout implements PresenceEvents, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisPresenceFanout.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisTopology redis;
    private final Partitioner partitioner;
    private final String nodeId;
    private final Predicate<String> reported;
    private final RateLimitedLog publishLog = new RateLimitedLog(log, BackgroundTasks.LOG_INTERVAL);
    private final RateLimitedLog receiveLog = new RateLimitedLog(log, BackgroundTasks.LOG_INTERVAL);
    private AutoCloseable subscription;

    /**
     * Creates the fan-out of node {@code nodeId}; call {@link #start(PresenceEvents)} to hear other nodes.
     *
     * @param reported the channels whose joins and leaves are pushed to subscribers (their namespace has
     *                 {@code join_leave}); the others are not published, and cost nothing
     */
    public RedisPresenceFanout(RedisTopology redis, Partitioner partitioner, String nodeId,
                               Predicate<String> reported) {
        this.redis = redis;
        this.partitioner = partitioner;
        this.nodeId = nodeId;
        this.reported = reported;
    }

    /** Subscribes to every partition's channel; other nodes' reports go to {@code remote}. */
    public synchronized void start(PresenceEvents remote) {
        List<String> channels = new ArrayList<>(partitioner.count());
        for (int p = 0; p < partitioner.count(); p++) {
            channels.add(channelOf(p));
        }
        subscription = redis.subscribe(channels, (channel, message) -> receive(message, remote));
    }

    @Override
    public void joined(String channel, ClientInfo info) {
        publish("j", channel, info);
    }

    @Override
    public void left(String channel, ClientInfo info) {
        publish("l", channel, info);
    }

    private String channelOf(int partition) {
        return redis.prefix() + ".pe." + partition;
    }

    private void publish(String type, String channel, ClientInfo info) {
        if (!reported.test(channel)) {
            return;
        }
        ObjectNode m = JSON.createObjectNode();
        m.put("t", type).put("c", channel).put("i", info.client()).put("v", PresenceKeys.encode(info));
        String message = NodeMessages.from(nodeId, m.toString());
        try {
            redis.publish(channelOf(partitioner.partition(channel)), message).whenComplete((n, e) -> {
                if (e != null) {
                    published(e);
                }
            });
        } catch (RuntimeException e) {
            published(e);
        }
    }

    private void published(Throwable e) {
        publishLog.warn("presence fan-out", "a join or leave report was not sent to the other nodes (their"
                + " subscribers miss that push): " + BackgroundTasks.reason(e));
    }

    private void receive(String message, PresenceEvents remote) {
        String body = NodeMessages.fromOthers(nodeId, message);
        if (body == null) {
            return;
        }
        JsonNode m;
        try {
            m = JSON.readTree(body);
        } catch (IOException e) {
            receiveLog.warn("presence fan-out", "an unreadable report was ignored: " + e.getMessage());
            return;
        }
        String channel = m.path("c").asText();
        ClientInfo info = ClientInfoCodec.decode(m.path("i").asText(), m.path("v").asText());
        if (channel.isEmpty() || info == null) {
            receiveLog.warn("presence fan-out", "a report without a channel or client was ignored");
            return;
        }
        if ("j".equals(m.path("t").asText())) {
            remote.joined(channel, info);
        } else if ("l".equals(m.path("t").asText())) {
            remote.left(channel, info);
        }
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                log.debug("The fan-out subscription did not close cleanly: {}", e.toString());
            }
        }
    }
}
