package io.presenced.presence;

import static io.presenced.testing.Engines.Set.CORE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.presenced.testing.ApiClient;
import io.presenced.testing.ApiClient.Response;
import io.presenced.testing.EachEngine;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.TestServer;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSupport;

/**
 * The work of one presence call is bounded: a join that would put a client in more than
 * {@code client.channel_limit} channels is refused with 106 and changes nothing, and {@code presence_refresh} /
 * {@code presence_disconnect} read each listed client once, however often it is listed (counted by Redis itself).
 */
@Timeout(120)
class ChannelLimitIT {

    private static String config(String engine) {
        return "{" + engine + ",\"client\":{\"channel_limit\":3},"
                + "\"channel\":{\"namespaces\":[{\"name\":\"chat\",\"presence\":true}]}}";
    }

    private static String entry(String channel, String client) {
        return "{\"channel\":\"" + channel + "\",\"client\":\"" + client + "\",\"user\":\"u\"}";
    }

    private static int clients(ApiClient api, String channel) {
        return api.callJson("presence_stats", "{\"channel\":\"" + channel + "\"}").at("/result/num_clients").asInt();
    }

    @EachEngine(CORE)
    void joinOverTheChannelLimitIs106AndChangesNothing(Engine engine) {
        try (TestServer server = TestServer.start(engine.configWith("\"client\":{\"channel_limit\":3},"
                + "\"channel\":{\"namespaces\":[{\"name\":\"chat\",\"presence\":true}]}"))) {
            ApiClient api = server.client();
            api.callJson("presence_join", "{\"entries\":[" + entry("chat:1", "c") + "," + entry("chat:2", "c") + ","
                    + entry("chat:3", "c") + "]}");

            Response single = api.call("presence_join", entry("chat:4", "c"));
            assertThat(single.json().at("/error/code").asInt()).as(single.body()).isEqualTo(106);
            assertThat(single.json().at("/error/message").asText()).isEqualTo("limit exceeded: client: \"c\" would be"
                    + " in 4 channels (expected: at most 3, client.channel_limit)");

            // Another client's entry in the same call is not kept either.
            Response bulk = api.call("presence_join", "{\"entries\":[" + entry("chat:5", "other") + ","
                    + entry("chat:6", "c") + "]}");
            assertThat(bulk.json().at("/error/code").asInt()).as(bulk.body()).isEqualTo(106);
            assertThat(bulk.json().at("/error/message").asText()).startsWith("limit exceeded: entries[1].client: ");
            assertThat(clients(api, "chat:4")).isZero();
            assertThat(clients(api, "chat:5")).isZero();
            assertThat(clients(api, "chat:6")).isZero();

            // Joining a channel the client is in again is a refresh, never over the limit; after a leave it fits.
            api.callJson("presence_join", entry("chat:2", "c"));
            api.callJson("presence_leave", "{\"channel\":\"chat:1\",\"client\":\"c\"}");
            api.callJson("presence_join", "{\"entries\":[" + entry("chat:4", "c") + "," + entry("chat:5", "other")
                    + "]}");
            assertThat(clients(api, "chat:4")).isEqualTo(1);
            assertThat(clients(api, "chat:5")).isEqualTo(1);
        }
    }

    @Test
    void refreshAndDisconnectReadAClientListedAThousandTimesOnce() {
        RedisSupport.assumeRedisTestsEnabled();
        RedisNode redis = RedisSupport.standalone();
        redis.command("FLUSHALL");
        try (TestServer server = TestServer.start(config("\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\""
                + redis.uri() + "\"}}"))) {
            ApiClient api = server.client();
            api.callJson("presence_join", entry("chat:1", "small"));
            String thousand = "{\"clients\":[" + String.join(",", Collections.nCopies(1000, "\"small\"")) + "]}";

            redis.command("CONFIG", "RESETSTAT");
            api.callJson("presence_refresh", thousand);
            assertThat(commandCalls(redis, "hgetall")).as("HGETALL calls of one refresh").isEqualTo(1);

            redis.command("CONFIG", "RESETSTAT");
            api.callJson("presence_disconnect", thousand);
            assertThat(commandCalls(redis, "hgetall")).as("HGETALL calls of one disconnect").isEqualTo(1);
            assertThat(clients(api, "chat:1")).isZero();
        }
    }

    // The "calls" count of INFO commandstats for the command, 0 when it never ran since RESETSTAT.
    private static int commandCalls(RedisNode node, String command) {
        String stats = node.info("commandstats").get("cmdstat_" + command);
        if (stats == null) {
            return 0;
        }
        return Integer.parseInt(stats.substring("calls=".length(), stats.indexOf(',')));
    }
}
