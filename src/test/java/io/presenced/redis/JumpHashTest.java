package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The shard choice matches Centrifugo's consistentIndex. The expected values come from
 * scripts/jump-hash-vectors.py, which follows the published steps on its own (Python integers masked to 64 bits).
 */
class JumpHashTest {

    // key -> shard index for 1..8 shards, as printed by scripts/jump-hash-vectors.py.
    private static final Map<String, int[]> SHARDS = new LinkedHashMap<>();
    // key -> FNV-1a 64, as printed by the same script.
    private static final Map<String, Long> FNV = new LinkedHashMap<>();

    static {
        vector("", 0xcbf29ce484222325L, 0, 1, 1, 1, 1, 1, 1, 1);
        vector("a", 0xaf63dc4c8601ec8cL, 0, 1, 2, 2, 2, 2, 2, 2);
        vector("42", 0x07ee7e07b4b19223L, 0, 1, 1, 1, 4, 4, 4, 4);
        vector("user-1", 0xf84ba2aa754a4bd4L, 0, 1, 1, 1, 1, 1, 1, 7);
        vector("chat:index", 0x4e648ca6baf3d6b9L, 0, 0, 0, 0, 0, 0, 0, 0);
        vector("presenced.us.42", 0x91eb5eda8210719eL, 0, 0, 2, 2, 2, 2, 2, 7);
        vector("presenced.us.alice", 0x73f731fd9d95143cL, 0, 1, 1, 1, 1, 1, 1, 1);
        vector("centrifugo.presence.data.chat:1", 0xb571357478c175afL, 0, 0, 0, 0, 0, 5, 5, 5);
        vector("héllo wörld", 0x11824ab841812022L, 0, 0, 0, 0, 0, 0, 0, 0);
        vector("ключ", 0x296130de6f5b7a81L, 0, 0, 0, 0, 4, 4, 4, 4);
        vector("{tag}.x", 0x77ca3913da8803b3L, 0, 1, 1, 3, 3, 3, 6, 6);
        vector("x".repeat(100), 0x052c9e7cec411035L, 0, 0, 2, 2, 2, 2, 2, 2);
    }

    private static void vector(String key, long fnv, int... shards) {
        FNV.put(key, fnv);
        SHARDS.put(key, shards);
    }

    @Test
    void fnv1aOfUtf8BytesMatchesTheVectors() {
        FNV.forEach((key, expected) -> assertThat(JumpHash.fnv1a64(key.getBytes(StandardCharsets.UTF_8)))
                .as("fnv1a64(%s)", key).isEqualTo(expected));
    }

    @Test
    void shardIndexForOneToEightShardsMatchesTheVectors() {
        SHARDS.forEach((key, expected) -> {
            List<Integer> actual = new ArrayList<>();
            for (int n = 1; n <= expected.length; n++) {
                actual.add(JumpHash.shard(key, n));
            }
            assertThat(actual).as("shards of %s for 1..8", key).containsExactly(boxed(expected));
        });
    }

    @Test
    void addingAShardOnlyMovesKeysToTheNewShard() {
        for (int i = 0; i < 10_000; i++) {
            String key = "k" + i;
            for (int n = 1; n < 8; n++) {
                int before = JumpHash.shard(key, n);
                int after = JumpHash.shard(key, n + 1);
                assertThat(after).as(key).isIn(before, n);
            }
        }
    }

    private static Integer[] boxed(int[] values) {
        Integer[] out = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
