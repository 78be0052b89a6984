package io.presenced.bench;

import java.util.concurrent.ThreadLocalRandom;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.presenced.presence.redis.PresenceCommands;

/**
 * The Redis-only limit of {@code presence-churn}: the commands presenced sends for a one-entry join and leave
 * (client index writes and the partition's join script; the leave script and the index write), sent straight
 * through one Lettuce connection as presenced does, by {@code --concurrency} chains that each join a fresh
 * client to a random channel and then make it leave. One operation is a join or a leave, as one HTTP request is.
 */
final class RedisChurn {

    private RedisChurn() {
    }

    static void run(Args args) throws Exception {
        int concurrency = args.integer("concurrency", 50);
        int channels = args.integer("channels", 10_000);
        String[] users = GrpcUpdate.userIds(args.integer("users", 1_000));
        RedisClient client = RedisClient.create(args.string("redis"));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            PresenceCommands commands = new PresenceCommands(connection.async(), args.string("prefix", "presenced"),
                    args.integer("partitions", 128), args.integer("max-queue", 10_000),
                    args.integer("vacate-delay-ms", 1000));
            String[][] joined = new String[concurrency][2];
            long deadline = System.currentTimeMillis() + 120_000;
            ClosedLoop.Outcome o = ClosedLoop.run(concurrency, args.decimal("warmup", 3), args.decimal("duration", 10),
                    (chain, n) -> {
                        String[] entry = joined[chain];
                        if (n % 2 == 1) {
                            return commands.leave(entry[0], entry[1]);
                        }
                        ThreadLocalRandom r = ThreadLocalRandom.current();
                        entry[0] = "chat:" + r.nextInt(channels);
                        entry[1] = "r" + chain + "-" + n;
                        return commands.join(entry[0], entry[1], users[r.nextInt(users.length)], "ov", deadline);
                    });
            Result.of("redis-churn").put("rate", o.rate()).latency("", o.latency()).put("ops", o.ops())
                    .put("errors", o.errors()).print();
            if (o.firstError() != null) {
                System.err.println("first error: " + o.firstError());
            }
        } finally {
            client.shutdown();
        }
    }
}
