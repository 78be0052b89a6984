package io.presenced.bench;

import java.lang.reflect.Field;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.presenced.redis.RedisScript;
import io.presenced.status.RedisStatusStore;

/**
 * Loads a user-status script ({@code --script TOUCH}, the update, by default; {@code GET} for reads) into Redis ({@code SCRIPT LOAD}) and prints its SHA1, so redis-benchmark
 * can run the very script presenced runs with {@code EVALSHA}. The script is private to
 * {@link RedisStatusStore}; reflection reads it so the benchmark never runs a stale copy.
 */
final class ScriptLoad {

    private ScriptLoad() {
    }

    static void run(Args args) throws Exception {
        String source = source(RedisStatusStore.class, args.string("script", "TOUCH"));
        RedisClient client = RedisClient.create(args.string("redis"));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            System.out.println(c.sync().scriptLoad(source));
        } finally {
            client.shutdown();
        }
    }

    private static String source(Class<?> owner, String name) throws ReflectiveOperationException {
        Field script = owner.getDeclaredField(name);
        script.setAccessible(true);
        Field source = RedisScript.class.getDeclaredField("source");
        source.setAccessible(true);
        return (String) source.get(script.get(null));
    }
}
