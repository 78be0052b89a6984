package io.presenced.fuzz;

import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeProperty;

import io.presenced.testing.Engines.Engine;

/**
 * What every fuzz suite shares: its node under test (one per suite and engine, closed when the suite's class is
 * done), and the replacement of a node that a failed try left wedged, so that each try is judged on a healthy node.
 */
abstract class FuzzSuite {

    private final FuzzTarget target;

    /** Runs the suite's properties against a node on {@code engine}. */
    FuzzSuite(String suite, Engine engine) {
        this.target = FuzzTarget.shared(suite, engine);
    }

    FuzzTarget target() {
        return target;
    }

    @AfterContainer
    static void closeTargets() {
        FuzzTarget.closeShared();
    }

    @BeforeProperty
    void replaceWedgedNode() {
        target.replaceIfWedged();
    }

    @AfterTry
    void replaceNodeWedgedByAFailedTry() {
        target.afterTry();
    }
}
