package io.presenced.status;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.presenced.logging.RateLimitedLog;
import io.presenced.redis.NodeMessages;
import io.presenced.redis.RedisTopology;
import io.presenced.tasks.BackgroundTasks;

/**
 * Watch updates between nodes, over one Redis pub/sub channel, {@code <prefix>.sw}, which every node subscribes
 * to: the node that delivers a partition of the watch stream publishes each batch once, whatever the number of
 * watchers and nodes, and every other node pushes it to its own watchers. The publisher's own watchers get the
 * batch directly, not through Redis.
 */
public final class RedisWatchFanout implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisWatchFanout.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisTopology redis;
    private final String nodeId;
    private final String channel;
    private final RateLimitedLog receiveLog = new RateLimitedLog(log, BackgroundTasks.LOG_INTERVAL);
    private AutoCloseable subscription;

    /** Creates the fan-out of node {@code nodeId}; call {@link #start} to hear the other nodes. */
    public RedisWatchFanout(RedisTopology redis, String nodeId) {
        this.redis = redis;
        this.nodeId = nodeId;
        this.channel = redis.prefix() + ".sw";
    }

    /** Subscribes; other nodes' batches go to {@code local}. */
    public synchronized void start(WatchUpdates local) {
        subscription = redis.subscribe(List.of(channel), (ch, message) -> receive(message, local));
    }

    /** Publishes a batch to the other nodes: one PUBLISH. */
    CompletionStage<Void> publish(List<WatchUpdate> updates) {
        ArrayNode batch = JSON.createArrayNode();
        for (WatchUpdate u : updates) {
            ObjectNode n = batch.addObject();
            n.put("u", u.user()).put("v", u.version()).put("s", u.status());
        }
        try {
            return redis.publish(channel, NodeMessages.from(nodeId, batch.toString())).thenApply(n -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void receive(String message, WatchUpdates local) {
        String body = NodeMessages.fromOthers(nodeId, message);
        if (body == null) {
            return;
        }
        JsonNode batch;
        try {
            batch = JSON.readTree(body);
        } catch (IOException e) {
            receiveLog.warn("watch fan-out", "an unreadable batch was ignored: " + e.getMessage());
            return;
        }
        List<WatchUpdate> updates = new ArrayList<>(batch.size());
        for (JsonNode n : batch) {
            String user = n.path("u").asText("");
            String status = n.path("s").asText("");
            if (!user.isEmpty() && !status.isEmpty()) {
                updates.add(new WatchUpdate(user, n.path("v").asLong(), status));
            }
        }
        local.deliver(updates);
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                log.debug("The watch fan-out subscription did not close cleanly: {}", e.toString());
            }
        }
    }
}
