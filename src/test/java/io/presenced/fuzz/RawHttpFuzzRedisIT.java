package io.presenced.fuzz;

import io.presenced.testing.Engines;

/** The socket-level HTTP fuzz properties against a node on a standalone Redis. */
class RawHttpFuzzRedisIT extends RawHttpFuzz {

    RawHttpFuzzRedisIT() {
        super(Engines.redisStandalone());
    }
}
