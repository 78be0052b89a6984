package io.presenced.fuzz;

import io.presenced.testing.Engines;

/** The HTTP API fuzz properties against a node on a standalone Redis. */
class HttpApiFuzzRedisIT extends HttpApiFuzz {

    HttpApiFuzzRedisIT() {
        super(Engines.redisStandalone());
    }
}
