package io.presenced;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import io.presenced.config.ConfigException;
import io.presenced.config.ConfigLoader;
import io.presenced.config.Durations;
import io.presenced.config.PresenceConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Command-line entry point: {@code java -jar presenced.jar [--config FILE]} runs the server, and
 * {@code java -jar presenced.jar gentoken --user ID [--ttl DURATION] [--config FILE]} prints a connection token.
 *
 * <p>Exit codes: 0 after a clean shutdown, 2 for a bad command line or configuration, 1 when start-up fails.
 */
@Command(name = "presenced", synopsisHeading = "usage: ", usageHelpWidth = 100,
        optionListHeading = "%noptions:%n", commandListHeading = "%ncommands:%n",
        customSynopsis = {"java -jar presenced.jar [--config FILE]",
                "       java -jar presenced.jar gentoken --user ID [--ttl DURATION] [--config FILE]"},
        description = {"  With no config, presenced runs on the embedded memory engine on port 8000.",
                "  Every key can be overridden by an environment variable PRESENCED_<KEY_PATH>,",
                "  e.g. PRESENCED_HTTP_API_KEY for http_api.key."},
        subcommands = GenTokenCommand.class)
public final class Main implements Callable<Integer> {

    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "the JSON config file")
    private Path config;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "show this help")
    private boolean help;

    @Spec
    private CommandSpec spec;

    private Main() {
    }

    /** Runs the server until SIGTERM or SIGINT, or the subcommand given. */
    public static void main(String[] args) {
        int code = commandLine().execute(args);
        // After a SIGTERM the JVM is already exiting with its own code; System.exit would then block.
        if (code != 0) {
            System.exit(code);
        }
    }

    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setParameterExceptionHandler(Main::badCommandLine);
        return cmd;
    }

    private static int badCommandLine(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            message = "unknown argument " + u.getUnmatched().get(0);
        } else if (e instanceof MissingParameterException m && m.getMissing().stream()
                .anyMatch(a -> a.paramLabel().equals("FILE"))) {
            message = "--config needs a file name";
        }
        err.println("presenced: " + message);
        e.getCommandLine().usage(err);
        return EXIT_USAGE;
    }

    /** Returns the config file given with {@code --config}; the parser has checked it exists. */
    Optional<Path> configFile() {
        return Optional.ofNullable(config);
    }

    @Override
    public Integer call() {
        if (config != null && !Files.isRegularFile(config)) {
            spec.commandLine().getErr().println("presenced: config file " + config + " does not exist");
            spec.commandLine().usage(spec.commandLine().getErr());
            return EXIT_USAGE;
        }
        return run(configFile());
    }

    private static int run(Optional<Path> file) {
        PresenceConfig config;
        try {
            config = ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            System.err.println("presenced: " + e.getMessage());
            return EXIT_USAGE;
        }
        setLogLevel(config.logLevel());
        PresenceServer server;
        try {
            server = PresenceServer.start(config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILURE;
        } catch (RuntimeException e) {
            log.error("presenced failed to start: {}", e.getMessage(), e);
            return EXIT_FAILURE;
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
        return 0;
    }

    static void setLogLevel(String level) {
        org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger) {
            ((ch.qos.logback.classic.Logger) root).setLevel(Level.toLevel(level, Level.INFO));
        }
    }
}
