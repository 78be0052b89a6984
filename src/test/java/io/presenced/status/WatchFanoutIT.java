package io.presenced.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.presenced.bench.WsConn;
import io.presenced.testing.TestServer;
import io.presenced.testing.TestTokens;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSupport;
import io.presenced.testing.redis.RequiresRedis;

/**
 * One user watched by 2,000 clients spread over two nodes of one Redis: a change of the user reaches every watcher,
 * and Redis's command statistics show a single PUBLISH for it, however many watchers and nodes there are.
 */
@RequiresRedis
class WatchFanoutIT {

    private static final int WATCHERS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestTokens tokens = new TestTokens().watching("w", "fan", "star");
    private RedisNode redis;
    private TestServer first;
    private TestServer second;
    private EventLoopGroup loops;
    private final List<WsConn> conns = new ArrayList<>();

    @BeforeEach
    void start() {
        redis = RedisSupport.standalone();
        redis.command("FLUSHALL");
        // A long node lease: 2,000 connections opening at once on two cores may stall a node for seconds, which is
        // not what this test is about.
        String config = "{\"http_api\":{\"key\":\"k\"},\"node\":{\"lease_ttl\":\"60s\"},"
                + "\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\""
                + redis.uri() + "\"}},\"client\":{\"connection_limit\":5000},"
                + "\"user_status\":{\"watch\":{\"enabled\":true}}}";
        first = TestServer.start(config, Clock.systemUTC(), Map.of(), tokens);
        second = TestServer.start(config, Clock.systemUTC(), Map.of(), tokens);
        loops = new NioEventLoopGroup(2);
    }

    @AfterEach
    void stop() {
        conns.forEach(WsConn::close);
        loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
        second.close();
        first.close();
    }

    @Test
    void oneChangeReachesEveryWatcherOnEveryNodeWithOnePublish() {
        AtomicInteger busy = new AtomicInteger();
        List<CompletableFuture<?>> subscribed = new ArrayList<>();
        for (int i = 0; i < WATCHERS; i++) {
            URI uri = (i % 2 == 0 ? first : second).webSocketUri();
            WsConn c = WsConn.open(loops, uri, "127.0.0.1", true, (conn, push) -> {
                if (push.at("/pub/data/manual_state").asText().equals("busy")) {
                    busy.incrementAndGet();
                }
            });
            conns.add(c);
            subscribed.add(c.opened().thenCompose(x -> c.connect("w")).thenCompose(x -> c.command("subscribe",
                    JSON.createObjectNode().put("channel", "$watch"))));
            // In steps of 200, so that the machine is not flooded with handshakes.
            if (subscribed.size() == 200) {
                CompletableFuture.allOf(subscribed.toArray(new CompletableFuture[0])).orTimeout(60,
                        java.util.concurrent.TimeUnit.SECONDS).join();
                subscribed.clear();
            }
        }
        CompletableFuture.allOf(subscribed.toArray(new CompletableFuture[0])).orTimeout(60,
                java.util.concurrent.TimeUnit.SECONDS).join();
        redis.command("CONFIG", "RESETSTAT");

        first.client().callJson("set_user_status", "{\"user\":\"star\",\"state\":\"busy\"}");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(busy.get()).isEqualTo(WATCHERS));
        String stats = (String) redis.command("INFO", "commandstats");
        assertThat(stats).contains("cmdstat_publish:calls=1,");
    }
}
