package io.presenced.fuzz;

import net.jqwik.api.lifecycle.AfterContainer;

import io.presenced.testing.Engines;

/** The socket-level HTTP fuzz properties against a node on a standalone Redis. */
class RawHttpFuzzRedisIT extends RawHttpFuzz {

    private static final FuzzTarget TARGET = new FuzzTarget("raw-http", Engines.redisStandalone());

    @Override
    FuzzTarget target() {
        return TARGET;
    }

    @AfterContainer
    static void stop() {
        TARGET.close();
    }
}
