package io.presenced.testing.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Finds the Redis executables and manages the launchers' temporary directories and logs. */
final class RedisFiles {

    /** System property naming a parent directory for node directories; "true" or empty means target/redis-tmp. */
    static final String TMP_PROPERTY = "presenced.redisTmp";

    static final String INSTALL_HINT = "install it with `apt-get install redis-server` (Debian/Ubuntu) or "
            + "`brew install redis`, or use Redis 6.2 from Maven with -Dpresenced.redisServer=embedded, "
            + "or run with -DskipRedisTests=true";

    private RedisFiles() {
    }

    /**
     * Returns the path of an executable named on PATH, or of a path given directly.
     *
     * @throws IllegalStateException saying how to install Redis when it is not there
     */
    static Path executable(String name) {
        if (name.contains(File.separator)) {
            Path path = Path.of(name);
            if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                return path;
            }
            throw new IllegalStateException(name + " is not an executable file: " + INSTALL_HINT);
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(name + " not found on PATH (" + pathVariable + "): " + INSTALL_HINT);
    }

    static Path createTempDirectory(String name) {
        try {
            String base = System.getProperty(TMP_PROPERTY);
            if (base == null) {
                return Files.createTempDirectory("presenced-redis-" + name + "-");
            }
            Path parent = base.isBlank() || base.equals("true") ? Path.of("target", "redis-tmp") : Path.of(base);
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent.toAbsolutePath(), name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for redis-server " + name, e);
        }
    }

    /** Deletes a directory tree, ignoring files that vanish meanwhile; never throws. */
    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover temp directory is harmless, a failing close() hides the real test failure.
        }
    }

    /** Returns the last lines of a text file, or a note saying why they cannot be shown. */
    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(" + file + " does not exist)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Returns the size of a file, or 0 if it does not exist (yet). */
    static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Returns a text file's content after the first offset bytes, or "" when it cannot be read. */
    static String readFrom(Path file, long offset) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Quotes a value for redis.conf, which splits on spaces and understands C-like escapes in double quotes. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Closes {@code nodes} last to first; every node is closed, and the first failure is thrown with the others. */
    static void closeInReverse(java.util.List<RedisNode> nodes) {
        RuntimeException failure = null;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                nodes.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
