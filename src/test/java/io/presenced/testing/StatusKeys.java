package io.presenced.testing;

import java.nio.charset.StandardCharsets;

import io.presenced.config.UserStatusConfig;
import io.presenced.redis.JumpHash;

/**
 * Where a user's status record lives in Redis with the default prefix and bucket count, computed independently of
 * the store: field {@code user} of hash {@code presenced.us.<fnv1a_64(user) mod buckets>}.
 */
public final class StatusKeys {

    private StatusKeys() {
    }

    /** Returns the bucket key that holds {@code user}'s record. */
    public static String key(String user) {
        long h = JumpHash.fnv1a64(user.getBytes(StandardCharsets.UTF_8));
        return "presenced.us." + Long.remainderUnsigned(h, UserStatusConfig.DEFAULT_BUCKETS);
    }
}
