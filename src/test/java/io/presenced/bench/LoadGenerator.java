package io.presenced.bench;

/**
 * Entry point of the benchmark's load generator:
 * {@code java -cp target/test-classes:target/presenced.jar io.presenced.bench.LoadGenerator <command> [options]}.
 * Each scenario prints one {@code RESULT scenario=... key=value ...} line on standard output.
 */
public final class LoadGenerator {

    private static final String USAGE = String.join("\n",
            "Usage: LoadGenerator <command> [--option value ...]",
            "  populate-status   --url U --key K [--count 100000 --batch 100 --from 0]   user statuses through the API",
            "  populate-rich-status --url U --key K [--count 100000 --batch 100 --from 0]   statuses with one device"
                + " (a 36-character id, as a WebSocket connection's) and a custom status each",
            "  populate-presence --url U --key K [--count 100000 --batch 100 --per-channel 100]   presence entries",
            "  grpc-update       --port P --key K [--concurrency 50 --users 100000 --warmup 3 --duration 10]",
            "  redis-churn       --redis URI [--concurrency 50 --channels 10000 --users 1000 --warmup 3 --duration 10",
            "                    --prefix presenced --partitions 128 --max-queue 10000 --vacate-delay-ms 1000]",
            "  state-events      --url U --key K --port RECEIVER_PORT [--delay-ms 1000 --workers 16 --rate R",
            "                    --warmup 3 --duration 10]",
            "  sink              --port P [--skip S --duration D --linger L]   count webhook events",
            "  ws-hold           --url WS_URL --secret S [--count 1000 --first 0 --local 127.0.0.1 --channels 1000",
            "                    --per-connection 2 --raw false]   open and hold client connections until stdin ends",
            "  ws-join-push      --watch-url WS_A --join-url WS_B --secret S [--watchers 100 --joiners 200",
            "                    --rate 5000 --warmup 3 --duration 10]   join-push latency between two nodes",
            "  script-sha        --redis URI [--script TOUCH|GET]  SCRIPT LOAD a user-status script, print its SHA1",
            "  jfr-summary       FILE   hot spots of a JFR recording",
            "  profile-summary   FILE   hot spots of an async-profiler profile (collapsed,threads,ann)");

    private LoadGenerator() {
    }

    /** Runs one command; exits 2 on a bad command line and 1 when the command fails. */
    public static void main(String[] argv) {
        if (argv.length == 0) {
            System.err.println(USAGE);
            System.exit(2);
        }
        try {
            Args args = new Args(argv, 0);
            switch (argv[0]) {
                case "populate-status" -> Populate.run("status", args);
                case "populate-rich-status" -> Populate.run("rich-status", args);
                case "populate-presence" -> Populate.run("presence", args);
                case "grpc-update" -> GrpcUpdate.run(args);
                case "redis-churn" -> RedisChurn.run(args);
                case "state-events" -> StateEvents.run(args);
                case "sink" -> Sink.run(args);
                case "ws-hold" -> WsLoad.hold(args);
                case "ws-join-push" -> WsLoad.joinPush(args);
                case "status-fanout" -> StatusLoad.fanout(args);
                case "status-events" -> StatusLoad.events(args);
                case "script-sha" -> ScriptLoad.run(args);
                case "jfr-summary" -> JfrSummary.run(args);
                case "profile-summary" -> ProfileSummary.run(args);
                default -> {
                    System.err.println("unknown command: " + argv[0] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
        } catch (Exception e) {
            StringBuilder m = new StringBuilder(argv[0] + " failed: " + e);
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                m.append("\n  caused by: ").append(c);
            }
            System.err.println(m);
            System.exit(1);
        }
        System.exit(0);
    }
}
