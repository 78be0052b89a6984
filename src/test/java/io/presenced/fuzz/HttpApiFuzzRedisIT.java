package io.presenced.fuzz;

import net.jqwik.api.lifecycle.AfterContainer;

import io.presenced.testing.Engines;

/** The HTTP API fuzz properties against a node on a standalone Redis. */
class HttpApiFuzzRedisIT extends HttpApiFuzz {

    private static final FuzzTarget TARGET = new FuzzTarget("http-api", Engines.redisStandalone());

    @Override
    FuzzTarget target() {
        return TARGET;
    }

    @AfterContainer
    static void stop() {
        TARGET.close();
    }
}
