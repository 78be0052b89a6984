package io.presenced.presence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionerTest {

    @Test
    void mapsChannelsStablyIntoRange() {
        Partitioner p = new Partitioner(128);
        // Fixed values: the function is part of the stored layout and must never change.
        assertThat(p.partition("chat:index")).isEqualTo(p.partition("chat:index"));
        for (int i = 0; i < 1000; i++) {
            assertThat(p.partition("ch" + i)).isBetween(0, 127);
        }
        assertThat(new Partitioner(1).partition("anything")).isZero();
    }

    @Test
    void usesUnsignedFnv1aModuloTheCount() {
        // fnv1a64("a") = 0xaf63dc4c8601ec8c; as unsigned mod 128 = 0x0c = 12.
        assertThat(new Partitioner(128).partition("a")).isEqualTo(12);
        // ... mod 1000 (unsigned 12638187200555641996 mod 1000 = 996).
        assertThat(new Partitioner(1000).partition("a")).isEqualTo(996);
    }
}
