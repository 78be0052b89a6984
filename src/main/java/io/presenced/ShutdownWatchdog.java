package io.presenced;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process when a graceful shutdown overruns its limit, whatever is stuck: a thread that ignores
 * interrupts, a peer that never answers, an event loop that does not terminate. Shutdown hooks run while the JVM
 * waits for them, so without a watchdog one stuck step keeps a SIGTERMed process alive indefinitely.
 *
 * <p>Armed once, on its own daemon thread; {@link #close()} disarms it when the shutdown finished in time.
 */
final class ShutdownWatchdog implements AutoCloseable {

    /** What a node adds to {@code shutdown.timeout} before it halts. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ShutdownWatchdog.class);

    private final Thread thread;

    private ShutdownWatchdog(Thread thread) {
        this.thread = thread;
    }

    /**
     * Starts a watchdog that calls {@code halt} after {@code limit} unless closed first.
     *
     * @param halt ends the process; {@link Main} passes {@code Runtime.halt}
     */
    static ShutdownWatchdog arm(Duration limit, Runnable halt) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            log.error("Shutdown did not finish within {} ms: halting the process", limit.toMillis());
            halt.run();
        }, "presenced-shutdown-watchdog");
        t.setDaemon(true);
        t.start();
        return new ShutdownWatchdog(t);
    }

    /** Returns whether the watchdog still waits to halt. */
    boolean isArmed() {
        return thread.isAlive();
    }

    /** Disarms the watchdog. */
    @Override
    public void close() {
        thread.interrupt();
    }
}
