package io.presenced.testing.redis;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} child process on a free 127.0.0.1 port, with its config, log and data in its own temporary
 * directory. Nothing is persisted ({@code save ""}, {@code appendonly no}), so a killed node comes back empty unless it
 * resyncs from a master.
 *
 * <p>The node is created stopped; {@link #start()} launches it. {@link #close()} kills it and deletes the directory,
 * and a shutdown hook does the same for nodes nobody closed (a watchdog process, should the JVM die without running
 * hooks). Lifecycle methods are synchronized; {@link #command} may be called from any thread.
 */
public final class RedisNode implements AutoCloseable {

    /** How long {@link #start()} waits for PING by default. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);

    /** How long {@link #command} waits for a reply. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    /** The name of the Redis executable on PATH; which one a node starts is chosen by {@link RedisServerBinary}. */
    public static final String DEFAULT_EXECUTABLE = "redis-server";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);
    private static final int MAX_START_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 30;

    private final String name;
    private final String executable;
    private final List<String> extraConfig;
    private final boolean sentinel;
    private final boolean cluster;
    private final boolean fixedPort;
    private final Duration startTimeout;
    private final Path directory;
    private final Runnable reaper = this::reap;

    private volatile int port;
    private volatile Process process;
    private long logOffset;
    private boolean everStarted;
    private boolean closed;

    private RedisNode(Builder builder) {
        this.name = builder.name;
        this.executable = builder.executable;
        this.extraConfig = List.copyOf(builder.config);
        this.sentinel = builder.sentinel;
        this.cluster = builder.cluster;
        this.fixedPort = builder.port != 0;
        this.startTimeout = builder.startTimeout;
        this.port = fixedPort ? builder.port : FreePorts.allocate(cluster);
        this.directory = RedisFiles.createTempDirectory(name);
        ProcessReaper.register(reaper);
    }

    /** Returns a stopped standalone node on a free port; call {@link #start()} next. */
    public static RedisNode create() {
        return builder().build();
    }

    /** Returns a builder for a node with extra config, sentinel or cluster mode, or a fixed port. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Launches redis-server, if it is not running, and waits until it answers PING. After the first successful start
     * the port never changes; before it, a port taken by someone else in the meantime is swapped for another free one.
     *
     * @return this node
     * @throws IllegalStateException when redis-server is not installed (the message says how to install it), exits,
     *     or does not answer within the start timeout (the message carries the tail of its log)
     */
    public synchronized RedisNode start() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        if (isAlive()) {
            return this;
        }
        Path binary = executable == null ? RedisServerBinary.get() : RedisFiles.executable(executable);
        for (int attempt = 1; ; attempt++) {
            if (!everStarted) {
                writeConfig();
            }
            launch(binary);
            if (awaitPing()) {
                everStarted = true;
                return this;
            }
            if (fixedPort || everStarted || attempt == MAX_START_ATTEMPTS) {
                throw startFailure("could not bind its port after " + attempt + " attempt(s)");
            }
            port = FreePorts.allocate(cluster);
        }
    }

    /** Returns the TCP port, fixed from construction on except when the first {@link #start()} had to move. */
    public int port() {
        return port;
    }

    /** Returns {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Returns the temporary directory holding redis.conf, redis.log and any data files. */
    public Path directory() {
        return directory;
    }

    /** Returns the redis-server log file. */
    public Path logFile() {
        return directory.resolve("redis.log");
    }

    /** Returns whether the redis-server process is running. */
    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Kills the process with SIGKILL, as a crash would, and waits for it to exit; does nothing if not running. */
    public synchronized void kill() {
        Process current = process;
        if (current != null) {
            current.destroyForcibly();
            awaitExit(current, STOP_TIMEOUT);
        }
    }

    /**
     * Freezes the process with SIGSTOP: its connections stay open and nothing answers, as when a host hangs.
     * {@link #resume()} thaws it.
     */
    public synchronized void pause() {
        signal("STOP");
    }

    /** Thaws a process frozen by {@link #pause()} with SIGCONT. */
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        Process current = process;
        if (current == null || !current.isAlive()) {
            throw new IllegalStateException(this + " is not running");
        }
        try {
            // The shell's built-in kill: a minimal machine may lack the kill executable (procps).
            Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " \"$1\"", "kill",
                    Long.toString(current.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + current.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the process with SIGTERM (a graceful shutdown), killing it if it has not exited after 10 seconds. */
    public synchronized void stop() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroy();
        if (!awaitExit(current, STOP_TIMEOUT)) {
            kill();
        }
    }

    /**
     * Stops the node if it runs and starts it again on the same port, with the config it last had (sentinels and
     * cluster nodes rewrite theirs). Use after {@link #kill()} to simulate Redis coming back.
     */
    public synchronized RedisNode restart() {
        stop();
        return start();
    }

    /**
     * Sends one command over a new connection and returns the reply: String for simple and bulk strings, Long for
     * integers, an unmodifiable List for arrays, null for null replies. Blocking commands must finish within
     * {@link #DEFAULT_COMMAND_TIMEOUT}.
     *
     * @throws RedisReplyException when Redis answers with an error
     * @throws UncheckedIOException when the node cannot be reached or does not answer in time
     */
    public Object command(String... args) {
        return Resp.call(port, DEFAULT_COMMAND_TIMEOUT, args);
    }

    /** Returns the {@code field:value} pairs of {@code INFO section}, in the order Redis lists them. */
    public Map<String, String> info(String section) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : ((String) command("INFO", section)).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    /** Kills the process and deletes the directory; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            ProcessReaper.unregister(reaper);
            reap();
        }
    }

    @Override
    public String toString() {
        return "redis-server[" + name + " 127.0.0.1:" + port + "]";
    }

    // Runs from the shutdown hook too, so it takes no lock.
    private void reap() {
        Process current = process;
        if (current != null) {
            current.destroyForcibly();
            awaitExit(current, STOP_TIMEOUT);
        }
        RedisFiles.deleteQuietly(directory);
    }

    private void writeConfig() {
        List<String> lines = new ArrayList<>(List.of(
                "# Written by " + RedisNode.class.getName() + " for " + name,
                "bind 127.0.0.1",
                "port " + port,
                "protected-mode no",
                "daemonize no",
                "dir " + RedisFiles.quote(directory.toAbsolutePath().toString()),
                "logfile " + RedisFiles.quote(logFile().toAbsolutePath().toString()),
                "save \"\"",
                "appendonly no",
                // The default 5 s delay before a diskless full sync would make every replica start 5 s slower.
                "repl-diskless-sync-delay 0"));
        if (sentinel) {
            lines.add("sentinel announce-ip 127.0.0.1");
            lines.add("sentinel announce-port " + port);
        }
        if (cluster) {
            lines.add("cluster-enabled yes");
            lines.add("cluster-config-file nodes.conf");
        }
        lines.addAll(extraConfig);
        try {
            Files.deleteIfExists(directory.resolve("nodes.conf"));
            Files.write(configFile(), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile(), e);
        }
    }

    private void launch(Path binary) {
        logOffset = RedisFiles.size(logFile());
        List<String> command = new ArrayList<>(List.of(binary.toString(), configFile().toString()));
        if (sentinel) {
            command.add("--sentinel");
        }
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(outputFile().toFile()))
                    .start();
            process.getOutputStream().close();
            ProcessReaper.watch(process, directory);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage() + "; "
                    + RedisFiles.INSTALL_HINT, e);
        }
    }

    // Returns true once our process answers PING, false if it exited because the port was taken.
    private boolean awaitPing() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        String lastCheck = "not checked yet";
        while (true) {
            Process current = process;
            if (!current.isAlive()) {
                ProcessReaper.unwatch(current);
                if (RedisFiles.readFrom(logFile(), logOffset).contains("Address already in use")) {
                    return false;
                }
                throw startFailure("exited with code " + current.exitValue() + " before answering PING");
            }
            try {
                Object reply = Resp.call(port, PING_TIMEOUT, "PING");
                if ("PONG".equals(reply) && isOurs(current)) {
                    return true;
                }
                lastCheck = "PING answered " + reply;
            } catch (RuntimeException e) {
                lastCheck = e.getMessage();
            }
            if (System.nanoTime() - deadline >= 0) {
                kill();
                throw startFailure("did not answer PING within " + startTimeout + " (last check: " + lastCheck + ")");
            }
            Poll.pause(Poll.INTERVAL);
        }
    }

    // Guards against another server that grabbed the port between our free-port check and our bind.
    private boolean isOurs(Process current) {
        return String.valueOf(current.pid()).equals(info("server").get("process_id"));
    }

    private IllegalStateException startFailure(String what) {
        return new IllegalStateException(this + " " + what + "; config " + configFile() + "; last lines of its log:\n"
                + logTail());
    }

    private String logTail() {
        return RedisFiles.tail(logFile(), LOG_TAIL_LINES) + "\n--- stdout/stderr:\n"
                + RedisFiles.tail(outputFile(), LOG_TAIL_LINES);
    }

    private Path configFile() {
        return directory.resolve(sentinel ? "sentinel.conf" : "redis.conf");
    }

    private Path outputFile() {
        return directory.resolve("redis.out");
    }

    // Returns whether the process exited within timeout; an exited process is no longer the watchdog's business.
    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                ProcessReaper.unwatch(process);
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Options for one node; every setter returns this builder. */
    public static final class Builder {

        private String name = "standalone";
        private String executable;
        private final List<String> config = new ArrayList<>();
        private boolean sentinel;
        private boolean cluster;
        private int port;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder() {
        }

        /** Sets the name used in the temp directory, error messages and toString; default "standalone". */
        public Builder name(String name) {
            this.name = requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the redis-server executable: a name looked up on PATH, or a path. By default the node starts the one
         * {@link RedisServerBinary} chooses: on PATH, else from Maven, as {@code -Dpresenced.redisServer} says.
         */
        public Builder executable(String executable) {
            this.executable = requireNonNull(executable, "executable");
            return this;
        }

        /** Appends one redis.conf line, such as {@code replicaof 127.0.0.1 6379}, after the launcher's own lines. */
        public Builder config(String line) {
            config.add(requireNonNull(line, "line"));
            return this;
        }

        /** Runs in sentinel mode ({@code --sentinel}), announcing 127.0.0.1 and this node's port. */
        public Builder sentinel() {
            this.sentinel = true;
            return this;
        }

        /** Enables cluster mode, and picks a free port whose cluster bus port (+10000) is free too. */
        public Builder cluster() {
            this.cluster = true;
            return this;
        }

        /** Uses this port instead of a free one (for a node that must be on a known port). */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
            }
            this.port = port;
            return this;
        }

        /** Sets how long {@link RedisNode#start()} waits for PING; default {@link #DEFAULT_START_TIMEOUT}. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /** Returns a stopped node, with its port chosen and its temp directory created. */
        public RedisNode build() {
            return new RedisNode(this);
        }
    }
}
