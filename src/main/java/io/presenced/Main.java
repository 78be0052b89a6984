package io.presenced;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import io.presenced.config.ConfigException;
import io.presenced.config.ConfigLoader;
import io.presenced.config.Durations;
import io.presenced.config.PresenceConfig;

/**
 * Command-line entry point: {@code java -jar presenced.jar [--config FILE]}.
 *
 * <p>Exit codes: 0 after a clean shutdown, 2 for a bad command line or configuration, 1 when start-up fails.
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);
    private static final String USAGE = "usage: java -jar presenced.jar [--config FILE]\n"
            + "  With no config, presenced runs on the embedded memory engine on port 8000.\n"
            + "  Every key can be overridden by an environment variable PRESENCED_<KEY_PATH>,\n"
            + "  e.g. PRESENCED_HTTP_API_KEY for http_api.key.";

    private Main() {
    }

    /** Runs the server until SIGTERM or SIGINT. */
    public static void main(String[] args) {
        Optional<Path> file;
        try {
            file = configFile(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (file.isPresent() && file.get().toString().equals("--help")) {
            System.out.println(USAGE);
            return;
        }
        PresenceConfig config;
        try {
            config = ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            System.err.println("presenced: " + e.getMessage());
            System.exit(2);
            return;
        }
        setLogLevel(config.logLevel());
        PresenceServer server;
        try {
            server = PresenceServer.start(config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            log.error("presenced failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shutting down: no new connections, waiting up to {} for in-flight requests",
                    Durations.format(config.shutdownTimeout()));
            // 143 is what the JVM itself reports after SIGTERM, so a halted shutdown looks like any other.
            try (ShutdownWatchdog watchdog = ShutdownWatchdog.arm(
                    config.shutdownTimeout().plus(ShutdownWatchdog.GRACE), () -> Runtime.getRuntime().halt(143))) {
                server.close();
            }
            log.info("Stopped");
            stopped.countDown();
        }, "presenced-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Optional<Path> configFile(String[] args) {
        Optional<Path> file = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return Optional.of(Path.of("--help"));
            } else if (a.equals("--config") || a.equals("-c")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("presenced: " + a + " needs a file name");
                }
                file = Optional.of(Path.of(args[++i]));
            } else if (a.startsWith("--config=")) {
                file = Optional.of(Path.of(a.substring("--config=".length())));
            } else {
                throw new IllegalArgumentException("presenced: unknown argument " + a);
            }
        }
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            throw new IllegalArgumentException("presenced: config file " + file.get() + " does not exist");
        }
        return file;
    }

    private static void setLogLevel(String level) {
        org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger) {
            ((ch.qos.logback.classic.Logger) root).setLevel(Level.toLevel(level, Level.INFO));
        }
    }
}
