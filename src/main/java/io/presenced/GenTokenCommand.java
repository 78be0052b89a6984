package io.presenced;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.presenced.client.auth.HmacConnectionTokens;
import io.presenced.config.ConfigException;
import io.presenced.config.ConfigLoader;
import io.presenced.config.Durations;
import io.presenced.config.PresenceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code presenced gentoken --user ID [--ttl DURATION]}: prints an HS256 connection token signed with the configured
 * {@code client.token.hmac_secret_key}, for trying client connections. The token alone goes to stdout, so that
 * {@code TOKEN=$(java -jar presenced.jar gentoken --user 42)} works; what it is goes to stderr.
 */
@Command(name = "gentoken", sortOptions = false, synopsisHeading = "usage: ", usageHelpWidth = 100,
        description = "Print an HS256 connection token signed with client.token.hmac_secret_key.")
final class GenTokenCommand implements Callable<Integer> {

    static final Duration DEFAULT_TTL = Duration.ofDays(7);

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "ID",
            description = "the user id (sub claim); \"\" for an anonymous user")
    private String user;

    @Option(names = {"-t", "--ttl"}, paramLabel = "DURATION", defaultValue = "168h",
            description = "how long the token is valid, such as 30m, 1h, 24h (default: ${DEFAULT-VALUE})")
    private String ttl;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Duration d = Durations.parse(ttl);
        if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0) {
            err.println("presenced gentoken: --ttl " + ttl + " (expected: a duration of at least 1s, such as 1h)");
            return Main.EXIT_USAGE;
        }
        Optional<Path> file = main.configFile();
        // Log lines go to stdout, which carries only the token.
        Main.setLogLevel("error");
        PresenceConfig config;
        try {
            config = ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            err.println("presenced gentoken: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        String secret = config.clientToken().connection().hmacSecretKey();
        if (secret.isEmpty()) {
            err.println("presenced gentoken: client.token.hmac_secret_key is not set (expected: in the config file"
                    + " given with --config, or in PRESENCED_CLIENT_TOKEN_HMAC_SECRET_KEY)");
            return Main.EXIT_USAGE;
        }
        String token = HmacConnectionTokens.sign(secret, user, d, Instant.now());
        err.println("HS256 connection token for user \"" + user + "\", valid for " + Durations.format(d) + ":");
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.println(token);
        out.flush();
        return 0;
    }
}
