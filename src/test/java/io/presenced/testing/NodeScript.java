package io.presenced.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the Node.js scripts of {@code src/test/js} (the real centrifuge-js SDK with {@code ws}) for integration
 * tests. The first use copies the scripts to {@code target/sdk-js} and runs {@code npm ci} there from the committed
 * {@code package-lock.json}. A missing {@code node} or {@code npm} fails the test: it is never skipped.
 */
public final class NodeScript {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SOURCE = Path.of("src", "test", "js");
    private static final Path WORK = Path.of("target", "sdk-js");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "sdk.mjs");
    private static boolean installed;

    private NodeScript() {
    }

    /** The outcome of one run. */
    public record Run(int exitCode, String stdout, String stderr) {

        /** Returns the JSON the script printed on its last line, failing with the script's output if it failed. */
        public JsonNode result() {
            if (exitCode != 0) {
                throw new AssertionError("node exited with " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n"
                        + stderr);
            }
            String[] lines = stdout.strip().split("\n");
            try {
                return JSON.readTree(lines[lines.length - 1]);
            } catch (IOException e) {
                throw new AssertionError("no JSON result from node: " + stdout + "\nstderr:\n" + stderr, e);
            }
        }
    }

    /** Runs {@code script} with {@code env} added to the environment, waiting at most 60 s. */
    public static Run run(String script, Map<String, String> env) {
        install();
        return exec(List.of("node", script), env, 60);
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            Files.createDirectories(WORK);
            for (String f : FILES) {
                Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Run npm = exec(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), Map.of(), 300);
        if (npm.exitCode() != 0) {
            throw new AssertionError("npm ci failed (" + npm.exitCode() + "):\n" + npm.stdout() + npm.stderr());
        }
        installed = true;
    }

    private static Run exec(List<String> command, Map<String, String> env, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(WORK.toFile());
        pb.environment().putAll(env);
        try {
            Path out = Files.createTempFile(WORK, "out", ".txt");
            Path err = Files.createTempFile(WORK, "err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s:\n"
                        + Files.readString(out) + Files.readString(err));
            }
            Run run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + " (is Node.js 20 with npm installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
