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

    /**
     * Runs one try of {@code property}: {@code attempt} sends the fuzzed call and throws an {@link AssertionError}
     * when the answer blames the server; then the node must still serve correct calls, and the try is counted.
     */
    void judge(String property, Runnable attempt) {
        target.beginTry();
        attempt.run();
        assertNodeStillServes();
        target.endTry();
        target.counted(property);
    }

    /** Asserts that a correct call succeeds after a try; a suite adds the correct calls of its own protocol. */
    void assertNodeStillServes() {
        target.assertCorrectCallSucceeds();
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
