package io.presenced.presence.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.presenced.presence.ClientInfo;
import io.presenced.presence.Partitioner;


/**
 * Names of the Redis keys of channel presence. Every key of a channel carries its partition's hash tag
 * {@code {<prefix>.p<N>}}, so a channel's presence and its partition's indexes share one slot (one shard) and
 * one script can change them together. Client-side shards route by the same tag (see HashTag).
 *
 * <pre>
 * {prefix.pN}.ch.&lt;channel&gt;  hash    client -&gt; encoded ClientInfo
 * {prefix.pN}.us.&lt;channel&gt;  hash    user -&gt; number of the user's clients in the channel
 * {prefix.pN}.exp            zset    "channel\nclient" scored by deadline (ms)
 * {prefix.pN}.chans          hash    channel -&gt; number of clients (occupied channels only)
 * {prefix.pN}.st.&lt;channel&gt;  hash    o (occupied 0/1), v (version), t (last transition ms), e (events sent),
 *                                    q (turned quiet 0/1, user stream)
 * {prefix.pN}.pv             zset    channel scored by when its vacate is due (ms, Redis clock)
 * {prefix.pN}.qt             zset    channel scored by when it turns quiet (user stream: idle), ms
 * {prefix.pN}.out            stream  undelivered events: c (channel), y (type), t (time ms), v (version),
 *                                    o (occupied 0/1, changed events only)
 * {prefix.pN}.lease          string  id of the node delivering the partition, with an expiry
 * prefix.cl.&lt;client&gt;        hash    "" -&gt; user, channel -&gt; "1" (expires with the client's entries)
 * prefix.meta.partitions     string  the partition count the data was written with
 * </pre>
 */
record PresenceKeys(String prefix, Partitioner partitioner) {

    String tag(int partition) {
        return "{" + prefix + ".p" + partition + "}";
    }

    String channel(int partition, String channel) {
        return tag(partition) + ".ch." + channel;
    }

    String users(int partition, String channel) {
        return tag(partition) + ".us." + channel;
    }

    String expiry(int partition) {
        return tag(partition) + ".exp";
    }

    String channels(int partition) {
        return tag(partition) + ".chans";
    }

    String state(int partition, String channel) {
        return tag(partition) + ".st." + channel;
    }

    String pending(int partition) {
        return tag(partition) + ".pv";
    }

    String quiet(int partition) {
        return tag(partition) + ".qt";
    }

    String outbox(int partition) {
        return tag(partition) + ".out";
    }

    String lease(int partition) {
        return tag(partition) + ".lease";
    }

    String meta() {
        return prefix + ".meta.partitions";
    }

    String client(String client) {
        return prefix + ".cl." + client;
    }

    /**
     * Returns the KEYS of a partition script: expiry, channels, pending[, outbox], then (presence, users, state)
     * per channel.
     */
    List<String> scriptKeys(int partition, List<String> channels, boolean withOutbox) {
        List<String> k = new ArrayList<>((withOutbox ? 4 : 3) + channels.size() * 3);
        k.add(expiry(partition));
        k.add(channels(partition));
        k.add(pending(partition));
        if (withOutbox) {
            k.add(outbox(partition));
        }
        for (String ch : channels) {
            k.add(channel(partition, ch));
            k.add(users(partition, ch));
            k.add(state(partition, ch));
        }
        return k;
    }

    int partition(String channel) {
        return partitioner.partition(channel);
    }

    int partitions() {
        return partitioner.count();
    }

    static String member(String channel, String client) {
        return channel + "\n" + client;
    }

    /** Encodes a client's entry as {@code <user byte length>:<user><info json or empty>}. */
    static String encode(ClientInfo info) {
        StringBuilder json = new StringBuilder();
        if (info.connInfo() != null || info.chanInfo() != null) {
            json.append('{');
            if (info.connInfo() != null) {
                json.append("\"c\":").append(info.connInfo());
            }
            if (info.chanInfo() != null) {
                json.append(info.connInfo() != null ? "," : "").append("\"h\":").append(info.chanInfo());
            }
            json.append('}');
        }
        return info.user().getBytes(StandardCharsets.UTF_8).length + ":" + info.user() + json;
    }
}
