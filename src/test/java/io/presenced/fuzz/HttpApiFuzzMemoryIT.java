package io.presenced.fuzz;

import io.presenced.testing.Engines;

/** The HTTP API fuzz properties against a node on the memory engine. */
class HttpApiFuzzMemoryIT extends HttpApiFuzz {

    HttpApiFuzzMemoryIT() {
        super(Engines.memory());
    }
}
