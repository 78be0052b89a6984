package io.presenced.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server as a separate process started from the built jar, for tests of start-up, shutdown and crashes.
 * Output goes to a log file that tests can read.
 */
public final class JarProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private JarProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Returns the jar that Maven built ({@code presenced.jar} system property, or {@code target/presenced.jar}). */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("presenced.jar", "target/presenced.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar.toAbsolutePath() + ": run `mvn package` first");
        }
        return jar;
    }

    /**
     * Starts {@code java -jar presenced.jar args...} with {@code env} added to this process's environment and
     * {@code PRESENCED_HTTP_SERVER_PORT} set to a free port (unless {@code env} sets it).
     */
    public static JarProcess start(Map<String, String> env, String... args) {
        int port = env.containsKey("PRESENCED_HTTP_SERVER_PORT")
                ? Integer.parseInt(env.get("PRESENCED_HTTP_SERVER_PORT")) : freePort();
        try {
            Path log = Files.createTempFile("presenced-", ".log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", jar().toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            pb.environment().putIfAbsent("PRESENCED_HTTP_SERVER_PORT", Integer.toString(port));
            pb.environment().putIfAbsent("PRESENCED_HTTP_SERVER_ADDRESS", "127.0.0.1");
            return new JarProcess(pb.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Returns everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the underlying process. */
    public Process process() {
        return process;
    }

    /** Sends SIGTERM, as an orchestrator stopping the container does. */
    public void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL: the process dies at once, running no shutdown hook. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Waits for the process to exit and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("process did not exit within " + timeout + "; output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
