package io.presenced.redis;

/**
 * Redis Cluster hash tags: the part of a key between the first {@code {} and the next {@code }}, when non-empty,
 * decides where the key lives. Client-side shards follow the same rule, so keys that share a tag stay together on
 * every topology and one script can touch them all.
 */
public final class HashTags {

    private HashTags() {
    }

    /** Returns the part of {@code key} that routing hashes: its hash tag if it has one, else the whole key. */
    public static String routingPart(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                return key.substring(open + 1, close);
            }
        }
        return key;
    }

    /** Returns {@code {tag}}, the form to embed in keys. */
    public static String tag(String tag) {
        return "{" + tag + "}";
    }
}
