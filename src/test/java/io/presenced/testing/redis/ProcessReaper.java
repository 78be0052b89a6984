package io.presenced.testing.redis;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Makes sure no redis-server outlives the JVM. A shutdown hook runs every registered cleanup, newest first. Because
 * hooks do not run when the JVM is killed or halted (Surefire halts its fork when it loses Maven), a watchdog shell
 * also kills every watched process once the JVM is gone.
 */
final class ProcessReaper {

    // Blocks until stdin, a pipe whose other end only this JVM holds, reaches EOF: that happens when the JVM exits,
    // however it exits. Then kills what is still registered (pid files named by pid, holding the node directory).
    private static final String WATCHDOG_SCRIPT = String.join("\n",
            "cat >/dev/null",
            "for f in \"$1\"/*; do",
            "  [ -f \"$f\" ] || continue",
            "  pid=${f##*/}",
            "  case \"$(ps -p \"$pid\" -o comm= 2>/dev/null)\" in *redis-server*) kill -9 \"$pid\" ;; esac",
            "  dir=$(cat \"$f\")",
            "  case \"$dir\" in /*) rm -rf \"$dir\" ;; esac",
            "done",
            "rm -rf \"$1\"");

    private static final Deque<Runnable> CLEANUPS = new ConcurrentLinkedDeque<>();
    private static volatile Path watchdogRegistry;
    // Held for the JVM's lifetime: were it collected, its stdin pipe would be closed and the watchdog would fire.
    private static Process watchdog;
    private static boolean watchdogFailed;

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

    /**
     * Has the watchdog kill the process and delete its directory should the JVM die without running shutdown hooks.
     * Best effort: without {@code sh} the shutdown hook is the only safety net.
     */
    static void watch(Process process, Path directory) {
        Path registry = watchdogRegistry();
        if (registry != null) {
            try {
                Files.writeString(registry.resolve(String.valueOf(process.pid())),
                        directory.toAbsolutePath().toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.err.println("redis-process-reaper: cannot register pid " + process.pid() + ": " + e);
            }
        }
    }

    /** Forgets a process that has exited, so its pid, if reused, is never killed; takes no lock. */
    static void unwatch(Process process) {
        Path registry = watchdogRegistry;
        if (registry != null) {
            try {
                Files.deleteIfExists(registry.resolve(String.valueOf(process.pid())));
            } catch (IOException e) {
                // The watchdog checks the command name before it kills, so a stale entry is harmless.
            }
        }
    }

    private static synchronized Path watchdogRegistry() {
        if (watchdogRegistry == null && !watchdogFailed) {
            try {
                Path registry = Files.createTempDirectory("presenced-redis-watchdog-");
                watchdog = new ProcessBuilder("sh", "-c", WATCHDOG_SCRIPT, "redis-watchdog", registry.toString())
                        .redirectOutput(Redirect.DISCARD)
                        .redirectError(Redirect.DISCARD)
                        .start();
                watchdogRegistry = registry;
            } catch (IOException e) {
                watchdogFailed = true;
                System.err.println("redis-process-reaper: no watchdog, only the shutdown hook will stop Redis: " + e);
            }
        }
        return watchdogRegistry;
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
