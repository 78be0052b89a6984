package io.presenced.testing.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses, once per JVM, the {@code redis-server} the launchers start when a node names no executable of its own.
 *
 * <p>The system property {@value #PROPERTY} decides:
 * <ul>
 *   <li>{@code auto} (the default, also when unset or blank): {@code redis-server} on PATH, else the binary shipped
 *       in the Maven artifact {@value #ARTIFACT};</li>
 *   <li>{@code path}: {@code redis-server} on PATH only, failing with an install hint when it is not there;</li>
 *   <li>{@code embedded}: the Maven binary even when PATH has one (CI runs the Redis suites this way against
 *       Redis 6.2);</li>
 *   <li>anything else: the path of a {@code redis-server} executable.</li>
 * </ul>
 *
 * <p>The Maven binary is copied out of the test classpath once into {@value #DIRECTORY_PROPERTY} (default
 * {@code target/redis-bin}) and marked executable. Which binary is used, and its version, is logged once.
 */
final class RedisServerBinary {

    /** The system property choosing the binary: auto, path, embedded, or a path. */
    static final String PROPERTY = "presenced.redisServer";

    /** The system property naming the directory the Maven binary is extracted into. */
    static final String DIRECTORY_PROPERTY = "presenced.redisBinDir";

    /** The Maven Central artifact carrying redis-server binaries (a test dependency in pom.xml). */
    static final String ARTIFACT = "com.github.codemonstur:embedded-redis:1.4.3";

    private static final Logger LOG = LoggerFactory.getLogger(RedisServerBinary.class);
    private static final String ON_PATH = RedisNode.DEFAULT_EXECUTABLE;

    private static Path chosen;

    private RedisServerBinary() {
    }

    /**
     * Returns the redis-server to start, choosing and logging it on first use.
     *
     * @throws IllegalStateException when the chosen kind is not available; the message says how to get it
     */
    static synchronized Path get() {
        if (chosen == null) {
            String mode = System.getProperty(PROPERTY, "").trim();
            Path path = choose(mode.isEmpty() ? "auto" : mode);
            LOG.info("Redis tests start {} ({}; {}={})", path, version(path), PROPERTY, mode.isEmpty() ? "auto" : mode);
            chosen = path;
        }
        return chosen;
    }

    private static Path choose(String mode) {
        switch (mode) {
            case "auto":
                try {
                    return RedisFiles.executable(ON_PATH);
                } catch (IllegalStateException notOnPath) {
                    LOG.info("redis-server is not on PATH: using the one in {}", ARTIFACT);
                    return extract();
                }
            case "path":
                return RedisFiles.executable(ON_PATH);
            case "embedded":
                return extract();
            default:
                return RedisFiles.executable(mode);
        }
    }

    /**
     * Returns the redis-server 6.2 from {@value #ARTIFACT}, extracting it on first use; a finished copy is reused by
     * later JVMs.
     */
    static Path embedded() {
        return extract();
    }

    private static synchronized Path extract() {
        String resource = resourceName();
        Path directory = Path.of(System.getProperty(DIRECTORY_PROPERTY, Path.of("target", "redis-bin").toString()))
                .toAbsolutePath();
        Path target = directory.resolve(resource);
        try (InputStream in = RedisServerBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath (expected: from "
                        + ARTIFACT + ", a test dependency in pom.xml)");
            }
            if (!Files.isExecutable(target)) {
                Files.createDirectories(directory);
                Path partial = Files.createTempFile(directory, resource, ".partial");
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                if (!partial.toFile().setExecutable(true)) {
                    throw new IllegalStateException("cannot mark " + partial + " executable");
                }
                // Atomic, so a concurrent JVM either sees no file or a whole executable one.
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource + " from " + ARTIFACT + " into " + directory,
                    e);
        }
    }

    // The names of the binaries inside the artifact, by platform.
    private static String resourceName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux") && x64) {
            return "redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("linux") && arm64) {
            return "redis-server-6.2.7-linux-arm64";
        }
        if (os.contains("mac") && x64) {
            return "redis-server-6.2.6-v5-darwin-amd64";
        }
        if (os.contains("mac") && arm64) {
            return "redis-server-6.2.6-v5-darwin-arm64";
        }
        throw new IllegalStateException(ARTIFACT + " has no redis-server 6.2 for " + os + "/" + arch + ": "
                + RedisFiles.INSTALL_HINT);
    }

    // "Redis server v=7.0.15 sha=..." becomes "Redis 7.0.15"; a binary that cannot even say so fails later, at start.
    private static String version(Path binary) {
        try {
            Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "version unknown: --version did not finish";
            }
            int v = output.indexOf("v=");
            return v < 0 ? output : "Redis " + output.substring(v + 2).split(" ")[0];
        } catch (IOException e) {
            return "version unknown: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "version unknown: interrupted";
        }
    }
}
