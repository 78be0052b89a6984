package io.presenced.presence.redis;

import java.util.List;

import io.lettuce.core.ScriptOutputType;
import io.presenced.presence.PresenceEntry;
import io.presenced.presence.StatePolicy;
import io.presenced.redis.RedisScript;

/**
 * The Lua scripts of channel presence and channel state. Each runs on one partition; every key it touches
 * carries the partition's hash tag and is declared in KEYS, so each script is atomic on every topology.
 *
 * <p>Transition times come from the Redis server's clock ({@code TIME}), the one clock every node shares for a
 * partition; presence deadlines come from the calling node, whose skew only shifts a TTL by as much.
 *
 * <p>The sources are class-path resources under {@code lua/presence/}; {@code prelude.lua} (the server's clock,
 * user counting and the bounded queue append) comes first in the scripts that change presence or state. A few
 * resources only define functions that other scripts call ({@code admission.lua}: a client index's admission;
 * {@code join.lua}: one partition's join), so that a script made of several steps shares their Lua rather than
 * copying it.
 *
 * <p>Per-entry reply codes: bit 0 the channel's edge (was empty / is now empty), bit 1 an event was queued,
 * bit 2 an event was dropped because the partition's queue was full.
 */
final class PresenceScripts {

    private static final String LUA = "lua/presence/";

    private PresenceScripts() {
    }

    /** Appends the (channel, client, user, value, events) arguments of {@link #JOIN} for one entry. */
    static void addJoinArgs(List<String> argv, PresenceEntry entry, StatePolicy policy) {
        argv.add(entry.channel());
        argv.add(entry.info().client());
        argv.add(entry.info().user());
        argv.add(PresenceKeys.encode(entry.info()));
        argv.add(policy.eventsOf(entry.channel()));
    }

    /**
     * KEYS: expiry, channels, pending, outbox, then (presence, users, state) per entry. ARGV: deadline, queue
     * bound, then (channel, client, user, value, events) per entry; events is "" for a channel without state,
     * else holds "o" and/or "v".
     */
    static final RedisScript JOIN = RedisScript.load(ScriptOutputType.MULTI, LUA + "prelude.lua", LUA + "join.lua",
            LUA + "join-partition.lua");

    /**
     * KEYS: expiry, channels, pending, then (presence, users, state) per entry. ARGV: a deadline bound ("" for
     * none), the vacate delay in ms, then (channel, client) per entry. An entry is removed when it exists and,
     * with a bound, its deadline is at or before the bound (a sweep never removes an entry refreshed after it
     * was found expired). A channel with state that this removal empties gets a pending vacate at now + delay.
     */
    static final RedisScript LEAVE = RedisScript.load(ScriptOutputType.MULTI, LUA + "prelude.lua", LUA + "leave.lua");

    /**
     * KEYS: one client's index ({@code prefix.cl.<client>}). ARGV: channel limit, deadline ms, user, then the
     * distinct channels the client joins. Admits them when the client stays within the limit: writes the user and
     * the channels, moves the key's expiry to the deadline, and returns {1, channels held, channels added...};
     * otherwise writes nothing and returns {0, channels it would hold}.
     */
    static final RedisScript ADMIT =
            RedisScript.load(ScriptOutputType.MULTI, LUA + "admission.lua", LUA + "admit.lua");

    /**
     * {@link #ADMIT} of every client of a join, then {@link #JOIN} of each of its partitions, as one atomic call:
     * for a join whose keys one node serves and one script may touch (see {@link AdmittedJoin}).
     *
     * <p>KEYS: the client indexes, then per partition: expiry, channels, pending, outbox, then (presence, users,
     * state) per entry. ARGV: deadline, queue bound, channel limit, number of clients, then per client: user,
     * number of its distinct channels, the channels; then per partition: number of entries, then (channel, client,
     * user, value, events) per entry.
     *
     * <p>When a client would go over the limit, writes nothing and returns {0, the client's position (from 1),
     * channels it would hold}. Otherwise admits every client as ADMIT does, joins every partition as JOIN does,
     * and returns {1, then JOIN's per-entry codes, partition after partition}.
     */
    static final RedisScript ADMIT_JOIN = RedisScript.load(ScriptOutputType.MULTI, LUA + "prelude.lua",
            LUA + "admission.lua", LUA + "join.lua", LUA + "admit-join.lua");

    /**
     * KEYS: client indexes of one key group. ARGV: deadline ms. Moves each index's expiry to the deadline; returns
     * how many keys it was given.
     */
    static final RedisScript EXPIRE_CLIENTS = RedisScript.load(ScriptOutputType.INTEGER, LUA + "expire-clients.lua");

    /**
     * KEYS: pending, outbox, quiet. ARGV: most events. Returns the channels whose vacate is due (at most 100), the
     * head of the outbox as {id, {field, value, ...}} entries, and the channels due to turn quiet (at most 100).
     * Read-only.
     */
    static final RedisScript POLL = RedisScript.load(ScriptOutputType.MULTI, LUA + "poll.lua");

    /**
     * KEYS: pending, channels, outbox, then the state of each channel. ARGV: vacate delay ms, queue bound, state
     * retention ms, then the channels. Each channel whose vacate is due and which is still empty becomes vacated,
     * with the time of its last leave, and its state starts to expire after the retention.
     */
    static final RedisScript VACATE =
            RedisScript.load(ScriptOutputType.MULTI, LUA + "prelude.lua", LUA + "vacate.lua");

    /** KEYS: the state of each channel, one key group. Returns {occupied "1" or not, version} per key. Read-only. */
    static final RedisScript OCCUPANCY = RedisScript.load(ScriptOutputType.MULTI, LUA + "occupancy.lua");

    /**
     * KEYS: outbox, then the state of each channel. ARGV: queue bound, state retention ms, then the channels. Queues
     * a {@code changed} event ({@code o}: whether the channel is occupied) with each channel's next version.
     */
    static final RedisScript CHANGED = RedisScript.load(ScriptOutputType.MULTI, LUA + "prelude.lua",
            LUA + "changed-event.lua", LUA + "changed.lua");

    /**
     * KEYS: quiet, outbox, then the state of each channel. ARGV: quiet-at ms, queue bound, state retention ms, then
     * the channels. Each channel turns quiet at the given time; one that had turned quiet queues a {@code changed}
     * event.
     */
    static final RedisScript ACTIVE = RedisScript.load(ScriptOutputType.MULTI, LUA + "prelude.lua",
            LUA + "changed-event.lua", LUA + "active.lua");

    /**
     * KEYS: quiet, outbox, then the state of each channel. ARGV: queue bound, state retention ms, then the channels.
     * Each channel due to turn quiet, occupied and not quiet yet, turns quiet with a {@code changed} event at its
     * due time.
     */
    static final RedisScript QUIET = RedisScript.load(ScriptOutputType.MULTI, LUA + "prelude.lua",
            LUA + "changed-event.lua", LUA + "quiet.lua");
}
