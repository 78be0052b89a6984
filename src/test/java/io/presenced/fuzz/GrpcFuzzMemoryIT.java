package io.presenced.fuzz;

import io.presenced.testing.Engines;

/** The gRPC fuzz properties against a node on the memory engine. */
class GrpcFuzzMemoryIT extends GrpcFuzz {

    GrpcFuzzMemoryIT() {
        super(Engines.memory());
    }
}
