package io.presenced.redis;

/**
 * The part of a key that decides where it lives, by Redis Cluster's hash-tag rule: the text between the first
 * {@code {} and the first {@code }} after it, when that text is not empty; otherwise the whole key. Client-side
 * shards follow the same rule, so keys that share a tag share a node on every topology and one script can touch
 * them all.
 */
final class HashTag {

    private HashTag() {
    }

    /** Returns the part of {@code key} that is hashed to pick its shard or slot. */
    static String of(String key) {
        int open = key.indexOf('{');
        if (open < 0) {
            return key;
        }
        int close = key.indexOf('}', open + 1);
        if (close <= open + 1) {
            return key;
        }
        return key.substring(open + 1, close);
    }
}
