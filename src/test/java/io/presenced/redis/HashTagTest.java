package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.lettuce.core.cluster.SlotHash;

class HashTagTest {

    @Test
    void keyWithoutATagIsHashedWhole() {
        assertThat(HashTag.of("presenced.us.42")).isEqualTo("presenced.us.42");
    }

    @Test
    void textBetweenTheFirstBracesIsHashed() {
        assertThat(HashTag.of("presenced.presence.data.{chat:1}")).isEqualTo("chat:1");
        assertThat(HashTag.of("{p17}.outbox.{other}")).isEqualTo("p17");
        assertThat(HashTag.of("a{b{c}d}")).isEqualTo("b{c");
    }

    @Test
    void emptyOrUnclosedTagsHashTheWholeKey() {
        assertThat(HashTag.of("a{}b{c}")).isEqualTo("a{}b{c}");
        assertThat(HashTag.of("a{bc")).isEqualTo("a{bc");
        assertThat(HashTag.of("a}b{")).isEqualTo("a}b{");
    }

    @Test
    void followsTheRuleRedisClusterUsesForSlots() {
        for (String key : new String[] {"x{user1}.a", "{user1}", "a{}b{user1}", "a{b{c}d}", "{}x", "plain"}) {
            assertThat(SlotHash.getSlot(HashTag.of(key))).as(key).isEqualTo(SlotHash.getSlot(key));
        }
    }
}
