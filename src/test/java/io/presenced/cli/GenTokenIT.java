package io.presenced.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.presenced.client.auth.ConnectionClaims;
import io.presenced.client.auth.JwtTokenVerifier;
import io.presenced.client.auth.TokenException;
import io.presenced.config.ConfigLoader;
import io.presenced.config.PresenceConfig;
import io.presenced.testing.JarProcess;

/** {@code java -jar presenced.jar gentoken} on the built jar: its token verifies under the same config. */
class GenTokenIT {

    private static final String SECRET = "gentoken-test-secret-of-more-than-32-bytes";

    private Path config;

    @BeforeEach
    void writeConfig() throws IOException {
        config = Files.createTempFile("presenced-gentoken", ".json");
        Files.writeString(config, "{\"client\":{\"token\":{\"hmac_secret_key\":\"" + SECRET + "\"}}}");
    }

    @AfterEach
    void deleteConfig() throws IOException {
        Files.deleteIfExists(config);
    }

    /** Runs the jar to completion and returns its exit code, stdout and stderr. */
    private static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JarProcess.jar().toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("gentoken-out", ".txt");
        Path err = Files.createTempFile("gentoken-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("gentoken did not exit within 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private record Result(int code, String out, String err) {
    }

    @Test
    void printsAnHs256TokenThatVerifiesUnderTheSameConfig() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        Result r = run(Map.of(), "gentoken", "--user", "42", "--ttl", "1h", "--config", config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String token = r.out().trim();
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(r.err()).contains("HS256 connection token for user \"42\", valid for 1h").doesNotContain(SECRET);

        PresenceConfig c = ConfigLoader.load(Optional.of(config), Map.of());
        try (JwtTokenVerifier v = JwtTokenVerifier.create(c.clientToken(), Clock.systemUTC())) {
            ConnectionClaims claims = v.verifyConnection(token);
            assertThat(claims.user()).isEqualTo("42");
            assertThat(claims.expiresAt()).isBetween(before.plus(Duration.ofHours(1)),
                    Instant.now().plus(Duration.ofHours(1)));
            assertThat(claims.channels()).isEmpty();
        }
    }

    @Test
    void takesTheSecretFromTheEnvironmentAndTheConfigBeforeTheSubcommand() throws Exception {
        Result r = run(Map.of("PRESENCED_CLIENT_TOKEN_HMAC_SECRET_KEY", SECRET.toUpperCase()), "--config",
                config.toString(), "gentoken", "-u", "7");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("valid for 168h");
        PresenceConfig c = ConfigLoader.load(Optional.of(config),
                Map.of("PRESENCED_CLIENT_TOKEN_HMAC_SECRET_KEY", SECRET.toUpperCase()));
        try (JwtTokenVerifier v = JwtTokenVerifier.create(c.clientToken(), Clock.systemUTC())) {
            assertThat(v.verifyConnection(r.out().trim()).user()).isEqualTo("7");
        }
        try (JwtTokenVerifier fileOnly = JwtTokenVerifier.create(
                ConfigLoader.load(Optional.of(config), Map.of()).clientToken(), Clock.systemUTC())) {
            assertThatThrownBy(() -> fileOnly.verifyConnection(r.out().trim()))
                    .isInstanceOf(TokenException.class);
        }
    }

    @Test
    void failsWithAClearMessageWhenNoSecretIsConfigured() throws Exception {
        Result r = run(Map.of(), "gentoken", "--user", "42");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("client.token.hmac_secret_key is not set");
    }

    @Test
    void refusesAMissingUserOrABadTtl() throws Exception {
        Result noUser = run(Map.of(), "gentoken", "--config", config.toString());
        assertThat(noUser.code()).isEqualTo(2);
        assertThat(noUser.err()).contains("Missing required option: '--user=ID'").contains("usage:");
        Result badTtl = run(Map.of(), "gentoken", "--user", "1", "--ttl", "soon", "--config", config.toString());
        assertThat(badTtl.code()).isEqualTo(2);
        assertThat(badTtl.err()).contains("--ttl soon (expected: a duration");
        assertThat(badTtl.out()).isEmpty();
    }
}
