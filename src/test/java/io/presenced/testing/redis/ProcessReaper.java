package io.presenced.testing.redis;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One shutdown hook that runs every registered cleanup, newest first, so no redis-server outlives the JVM even when a
 * test forgets to close what it started.
 */
final class ProcessReaper {

    private static final Deque<Runnable> CLEANUPS = new ConcurrentLinkedDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::runAll, "redis-process-reaper"));
    }

    private ProcessReaper() {
    }

    /** Adds a cleanup to run at JVM exit; it must be idempotent, quick, and must not take locks. */
    static void register(Runnable cleanup) {
        CLEANUPS.addFirst(cleanup);
    }

    /** Removes a cleanup registered earlier, by identity. */
    static void unregister(Runnable cleanup) {
        CLEANUPS.removeFirstOccurrence(cleanup);
    }

    private static void runAll() {
        for (Runnable cleanup = CLEANUPS.pollFirst(); cleanup != null; cleanup = CLEANUPS.pollFirst()) {
            try {
                cleanup.run();
            } catch (RuntimeException e) {
                // Keep going: the remaining processes must still die.
                System.err.println("redis-process-reaper: " + e);
            }
        }
    }
}
