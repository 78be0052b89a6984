package io.presenced.fuzz;

import io.presenced.testing.Engines;

/** The socket-level HTTP fuzz properties against a node on the memory engine. */
class RawHttpFuzzMemoryIT extends RawHttpFuzz {

    RawHttpFuzzMemoryIT() {
        super(Engines.memory());
    }
}
