package io.presenced.redis;

import java.nio.charset.StandardCharsets;

/**
 * The shard choice of client-side sharding: Jump Consistent Hash over the 64-bit FNV-1a hash of the key's UTF-8
 * bytes, the same function Centrifugo uses, so a key lands on the same shard index as there.
 */
public final class JumpHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private JumpHash() {
    }

    /** Returns the shard index in {@code [0, shards)} of {@code key}. */
    public static int shard(String key, int shards) {
        return jump(fnv1a64(key.getBytes(StandardCharsets.UTF_8)), shards);
    }

    /** Returns the 64-bit FNV-1a hash of {@code data}. */
    public static long fnv1a64(byte[] data) {
        long h = FNV_OFFSET;
        for (byte b : data) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }

    /** Returns the Jump Consistent Hash bucket of {@code key} among {@code buckets}. */
    public static int jump(long key, int buckets) {
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key * 2862933555777941757L + 1;
            // Unsigned shift: the published algorithm works on uint64.
            j = (long) ((b + 1) * (2147483648.0 / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }
}
