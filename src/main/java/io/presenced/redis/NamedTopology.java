package io.presenced.redis;

import static java.util.Objects.requireNonNull;

/** What every topology carries besides its connections: the key prefix and the description shown to operators. */
abstract class NamedTopology implements RedisTopology {

    private final String prefix;
    private final String description;

    NamedTopology(String prefix, String description) {
        this.prefix = requireNonNull(prefix, "prefix");
        this.description = requireNonNull(description, "description");
    }

    @Override
    public final String prefix() {
        return prefix;
    }

    @Override
    public final String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
