package io.presenced.fuzz;

import net.jqwik.api.lifecycle.AfterContainer;

import io.presenced.testing.Engines;

/** The socket-level HTTP fuzz properties against a node on the memory engine. */
class RawHttpFuzzMemoryIT extends RawHttpFuzz {

    private static final FuzzTarget TARGET = new FuzzTarget("raw-http", Engines.memory());

    @Override
    FuzzTarget target() {
        return TARGET;
    }

    @AfterContainer
    static void stop() {
        TARGET.close();
    }
}
