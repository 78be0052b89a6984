package io.presenced.presence.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.presenced.presence.ChannelLimitException;
import io.presenced.presence.PresenceEntry;
import io.presenced.presence.StatePolicy;
import io.presenced.redis.RedisTopology.KeyGroup;

/**
 * The arguments and the reply of one {@link PresenceScripts#ADMIT_JOIN} call: a join's client admissions and its
 * partitions' joins in one round trip. Only valid when one node serves every key of the call and one script may
 * use them all ({@link #routingKeys} tells which keys decide that).
 *
 * @param keys    the script's KEYS
 * @param args    the script's ARGV
 * @param clients the join's distinct clients, in the order of their index keys
 * @param order   for each per-entry code of a successful reply, the position of its entry in the join
 */
record AdmittedJoin(String[] keys, String[] args, List<String> clients, int[] order) {

    /**
     * Returns the keys that decide where the call for {@code entries} goes: each distinct client's index and one
     * key of each partition (every key of a partition carries its hash tag, so one stands for all of them).
     */
    static List<String> routingKeys(PresenceKeys keys, List<PresenceEntry> entries) {
        Set<String> out = new LinkedHashSet<>();
        for (PresenceEntry e : entries) {
            out.add(keys.client(e.info().client()));
        }
        for (PresenceEntry e : entries) {
            out.add(keys.expiry(keys.partition(e.channel())));
        }
        return new ArrayList<>(out);
    }

    /**
     * Builds the call joining {@code entries} until {@code deadlineMillis}, each partition's queue bounded by
     * {@code maxQueue}, each client held to {@code channelLimit} channels. A client's index records the user of
     * its last entry, as {@link RedisClientIndex#admit} does.
     */
    static AdmittedJoin of(PresenceKeys keys, StatePolicy policy, List<PresenceEntry> entries, long deadlineMillis,
                           int maxQueue, int channelLimit) {
        Map<String, Admission> byClient = new LinkedHashMap<>();
        for (PresenceEntry e : entries) {
            byClient.computeIfAbsent(e.info().client(), c -> new Admission()).add(e);
        }
        List<String> k = new ArrayList<>();
        List<String> argv = new ArrayList<>();
        argv.add(Long.toString(deadlineMillis));
        argv.add(Integer.toString(maxQueue));
        argv.add(Integer.toString(channelLimit));
        argv.add(Integer.toString(byClient.size()));
        byClient.forEach((client, admission) -> {
            k.add(keys.client(client));
            argv.add(admission.user);
            argv.add(Integer.toString(admission.channels.size()));
            argv.addAll(admission.channels);
        });
        int[] order = new int[entries.size()];
        int next = 0;
        List<String> channels = entries.stream().map(PresenceEntry::channel).toList();
        for (KeyGroup g : KeyGroup.byRoute(channels, keys::partition)) {
            k.addAll(keys.scriptKeys(g.route(), g.keys(), true));
            argv.add(Integer.toString(g.indices().length));
            for (int i : g.indices()) {
                PresenceScripts.addJoinArgs(argv, entries.get(i), policy);
                order[next++] = i;
            }
        }
        return new AdmittedJoin(k.toArray(new String[0]), argv.toArray(new String[0]),
                List.copyOf(byClient.keySet()), order);
    }

    /**
     * Returns the refusal a reply reports, or {@code null} when the reply is a success.
     *
     * @param reply the script's reply
     */
    ChannelLimitException refusal(List<Object> reply, int channelLimit) {
        if ((Long) reply.get(0) != 0) {
            return null;
        }
        String client = clients.get(((Long) reply.get(1)).intValue() - 1);
        return new ChannelLimitException(client, ((Long) reply.get(2)).intValue(), channelLimit);
    }

    /** Returns the per-entry codes of a successful reply, in the order of the join's entries. */
    long[] codes(List<Object> reply) {
        long[] codes = new long[order.length];
        for (int j = 0; j < order.length; j++) {
            codes[order[j]] = (Long) reply.get(1 + j);
        }
        return codes;
    }

    /** One client's part of the admission: the user of its last entry and its distinct channels. */
    private static final class Admission {

        private final Set<String> channels = new LinkedHashSet<>();
        private String user;

        void add(PresenceEntry e) {
            channels.add(e.channel());
            user = e.info().user();
        }
    }
}
