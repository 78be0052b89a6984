package io.presenced.fuzz;

import io.presenced.testing.Engines;

/** The gRPC fuzz properties against a node on a standalone Redis. */
class GrpcFuzzRedisIT extends GrpcFuzz {

    GrpcFuzzRedisIT() {
        super(Engines.redisStandalone());
    }
}
