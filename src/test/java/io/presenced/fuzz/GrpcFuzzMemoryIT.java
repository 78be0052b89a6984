package io.presenced.fuzz;

import net.jqwik.api.lifecycle.AfterContainer;

import io.presenced.testing.Engines;

/** The gRPC fuzz properties against a node on the memory engine. */
class GrpcFuzzMemoryIT extends GrpcFuzz {

    private static final FuzzTarget TARGET = new FuzzTarget("grpc", Engines.memory());

    @Override
    FuzzTarget target() {
        return TARGET;
    }

    @AfterContainer
    static void stop() {
        TARGET.close();
    }
}
