package io.presenced.status;

import static io.presenced.testing.Engines.Set.ALL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import io.presenced.testing.ApiClient;
import io.presenced.testing.EachEngine;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.MutableClock;
import io.presenced.testing.TestServer;

/**
 * The derived status of the rich model, case by case, on a test clock and on every engine: each threshold's edge
 * (idle after 300 s, offline after 140 s by default), manual state over activity, invisible, expiring custom status
 * and activity, several devices, and a live but idle connection.
 */
@EachEngine(ALL)
class StatusModelIT {

    // 2026-12-03T00:00:00Z.
    private static final long T = 1_796_256_000L;

    @Parameter
    Engine engine;

    private MutableClock clock;
    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.ofEpochSecond(T));
        server = TestServer.start(engine.configWith("\"user_status\":{\"max_devices\":3}"), clock);
        api = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void at(long secondsAfterT) {
        long now = clock.millis() / 1000;
        clock.advance(Duration.ofSeconds(T + secondsAfterT - now));
    }

    private void ok(String method, String body) {
        ApiClient.Response r = api.call(method, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().has("error")).as(r.body()).isFalse();
    }

    private JsonNode detail(String user) {
        return api.callJson("get_user_status", "{\"users\":[\"" + user + "\"],\"detail\":true}")
                .at("/result/statuses/0");
    }

    private String status(String user) {
        return detail(user).path("status").asText();
    }

    private void report(String user, String device, String status) {
        ok("update_user_status", "{\"users\":[\"" + user + "\"],\"device\":\"" + device + "\",\"status\":\""
                + status + "\"}");
    }

    @Test
    void aUserNeverSeenIsOfflineWithNothingElse() {
        assertThat(detail("nobody").toString()).isEqualTo("{\"user\":\"nobody\",\"status\":\"offline\"}");
    }

    @Test
    void anActivityPingIsActiveUntilOfflineAfterAndOfflineOneSecondLater() {
        at(0);
        ok("update_user_status", "{\"users\":[\"u\"]}");
        assertThat(detail("u").toString())
                .isEqualTo("{\"user\":\"u\",\"active\":" + T + ",\"status\":\"active\"}");
        at(140);
        assertThat(status("u")).isEqualTo("active");
        at(141);
        JsonNode offline = detail("u");
        assertThat(offline.path("status").asText()).isEqualTo("offline");
        // The raw timestamp stays, so a reader can recompute as Zulip's clients do.
        assertThat(offline.path("active").asLong()).isEqualTo(T);
    }

    @Test
    void aPresentUserTurnsIdleOneSecondAfterIdleAfter() {
        at(0);
        report("u", "laptop", "active");
        // The device keeps reporting (idle), so the user stays present while the activity ages.
        at(120);
        report("u", "laptop", "idle");
        at(240);
        report("u", "laptop", "idle");
        at(300);
        assertThat(status("u")).isEqualTo("active");
        at(301);
        assertThat(status("u")).isEqualTo("idle");
        JsonNode d = detail("u").at("/devices/0");
        assertThat(d.toString()).isEqualTo("{\"id\":\"laptop\",\"platform\":\"other\",\"status\":\"idle\",\"heard\":"
                + (T + 240) + ",\"active\":" + T + "}");
    }

    @Test
    void aManualStateWinsOverActivityButNotOverOffline() {
        at(0);
        ok("update_user_status", "{\"users\":[\"u\"]}");
        for (String s : List.of("away", "busy", "dnd")) {
            ok("set_user_status", "{\"user\":\"u\",\"state\":\"" + s + "\"}");
            assertThat(status("u")).isEqualTo(s);
            assertThat(detail("u").path("manual_state").asText()).isEqualTo(s);
        }
        at(141);
        assertThat(status("u")).isEqualTo("offline");
        assertThat(detail("u").path("manual_state").asText()).isEqualTo("dnd");
        at(142);
        ok("set_user_status", "{\"user\":\"u\",\"state\":null}");
        ok("update_user_status", "{\"users\":[\"u\"]}");
        assertThat(detail("u").has("manual_state")).isFalse();
        assertThat(status("u")).isEqualTo("active");
    }

    @Test
    void anInvisibleUserLooksExactlyLikeAnUnknownOneInThePublicViewOnly() {
        at(0);
        report("u", "phone", "active");
        ok("set_user_status", "{\"user\":\"u\",\"state\":\"invisible\",\"custom\":{\"text\":\"hiding\"}}");
        JsonNode truth = detail("u");
        assertThat(truth.path("status").asText()).isEqualTo("invisible");
        assertThat(truth.path("custom").path("text").asText()).isEqualTo("hiding");
        assertThat(truth.path("devices")).hasSize(1);

        String nobody = api.callJson("get_user_status",
                "{\"users\":[\"nobody\"],\"detail\":true,\"view\":\"public\"}").at("/result/statuses/0").toString();
        String hidden = api.callJson("get_user_status",
                "{\"users\":[\"u\"],\"detail\":true,\"view\":\"public\"}").at("/result/statuses/0").toString();
        assertThat(hidden).isEqualTo(nobody.replace("nobody", "u")).isEqualTo("{\"user\":\"u\",\"status\":\"offline\"}");
        // Without detail, and in Zulip's format, the same: nothing to see.
        assertThat(api.callJson("get_user_status", "{\"users\":[\"u\"],\"view\":\"public\"}")
                .at("/result/statuses/0").toString()).isEqualTo("{\"user\":\"u\"}");
        assertThat(api.callJson("get_user_status", "{\"users\":[\"u\"],\"format\":\"zulip\",\"view\":\"public\"}")
                .at("/result/presences").toString()).isEqualTo("{}");
        // The user itself, as the viewer, sees the truth.
        assertThat(api.callJson("get_user_status", "{\"users\":[\"u\"],\"detail\":true,\"viewer\":\"u\"}")
                .at("/result/statuses/0/status").asText()).isEqualTo("invisible");
        // And Centrifugo's read, which asks for no view, is unchanged.
        assertThat(api.callJson("get_user_status", "{\"users\":[\"u\"]}").at("/result/statuses/0/active").asLong())
                .isEqualTo(T);
    }

    @Test
    void aCustomStatusAndAnActivityVanishAtTheirExpiry() {
        at(0);
        ok("update_user_status", "{\"users\":[\"u\"]}");
        ok("set_user_status", "{\"user\":\"u\",\"custom\":{\"text\":\"lunch\",\"emoji\":\"🍔\",\"expires_at\":"
                + (T + 60) + "},\"activity\":{\"type\":\"in_call\",\"expires_at\":" + (T + 30) + "}}");
        at(29);
        JsonNode d = detail("u");
        assertThat(d.path("custom").toString())
                .isEqualTo("{\"text\":\"lunch\",\"emoji\":\"🍔\",\"expires_at\":" + (T + 60) + "}");
        assertThat(d.path("activity").toString()).isEqualTo("{\"type\":\"in_call\",\"expires_at\":" + (T + 30) + "}");
        at(30);
        assertThat(detail("u").has("activity")).isFalse();
        assertThat(detail("u").has("custom")).isTrue();
        at(60);
        assertThat(detail("u").has("custom")).isFalse();
    }

    @Test
    void aPartLeftOutIsKeptAndNullClearsIt() {
        at(0);
        ok("set_user_status", "{\"user\":\"u\",\"state\":\"busy\",\"custom\":{\"text\":\"focus\"},"
                + "\"activity\":{\"type\":\"focus\"}}");
        ok("set_user_status", "{\"user\":\"u\",\"custom\":{\"text\":\"deep work\",\"emoji\":\":brain:\"}}");
        JsonNode d = detail("u");
        assertThat(d.path("manual_state").asText()).isEqualTo("busy");
        assertThat(d.path("custom").toString()).isEqualTo("{\"text\":\"deep work\",\"emoji\":\":brain:\"}");
        assertThat(d.path("activity").toString()).isEqualTo("{\"type\":\"focus\"}");
        ok("set_user_status", "{\"user\":\"u\",\"activity\":null,\"custom\":null}");
        assertThat(detail("u").toString()).isEqualTo("{\"user\":\"u\",\"status\":\"offline\",\"manual_state\":\"busy\"}");
    }

    @Test
    void oneActiveDeviceAmongIdleOnesMakesTheUserActive() {
        at(0);
        ok("update_user_status", "{\"users\":[\"u\"],\"device\":\"desk\",\"platform\":\"desktop\"}");
        at(400);
        report("u", "desk", "idle");
        assertThat(status("u")).isEqualTo("idle");
        ok("update_user_status", "{\"users\":[\"u\"],\"device\":\"phone\",\"platform\":\"mobile\"}");
        JsonNode d = detail("u");
        assertThat(d.path("status").asText()).isEqualTo("active");
        assertThat(d.path("devices").toString()).isEqualTo("[{\"id\":\"desk\",\"platform\":\"desktop\",\"status\":"
                + "\"idle\",\"heard\":" + (T + 400) + ",\"active\":" + T + "},{\"id\":\"phone\",\"platform\":\"mobile\","
                + "\"status\":\"active\",\"heard\":" + (T + 400) + ",\"active\":" + (T + 400) + "}]");
    }

    @Test
    void aMobileDeviceHeardTwoMinutesAgoIsStillThere() {
        at(0);
        ok("update_user_status", "{\"users\":[\"u\"],\"device\":\"phone\",\"platform\":\"mobile\"}");
        at(120);
        assertThat(status("u")).isEqualTo("active");
        at(141);
        assertThat(status("u")).isEqualTo("offline");
    }

    @Test
    void aLiveConnectionKeepsAnIdleUserFromGoingOffline() {
        at(0);
        ok("update_user_status", "{\"users\":[\"u\"]}");
        // The connection's online marks go on (every presence_update_interval) while nobody touches anything.
        for (long s = 25; s <= 400; s += 25) {
            at(s);
            server.server().userStatus().markOnline(List.of("u")).toCompletableFuture().join();
        }
        assertThat(status("u")).isEqualTo("idle");
        at(400 + 140);
        assertThat(status("u")).isEqualTo("idle");
        at(400 + 141);
        assertThat(status("u")).isEqualTo("offline");
    }

    @Test
    void devicesAreBoundedAndTheLeastRecentlyHeardLeavesFirst() {
        for (int i = 0; i < 4; i++) {
            at(i);
            report("u", "d" + i, "active");
        }
        at(10);
        report("u", "d1", "idle");
        at(11);
        report("u", "d4", "active");
        JsonNode devices = detail("u").path("devices");
        assertThat(devices).hasSize(3);
        assertThat(devices.get(0).path("id").asText()).isEqualTo("d3");
        assertThat(devices.get(1).path("id").asText()).isEqualTo("d1");
        assertThat(devices.get(2).path("id").asText()).isEqualTo("d4");
    }

    @Test
    void zulipFormatGivesTheAggregateAndOneObjectPerClient() {
        at(0);
        ok("update_user_status", "{\"users\":[\"u\"],\"device\":\"website\",\"platform\":\"web\"}");
        at(50);
        report("u", "ZulipMobile", "idle");
        JsonNode r = api.callJson("get_user_status", "{\"users\":[\"u\",\"nobody\"],\"format\":\"zulip\"}")
                .path("result");
        assertThat(r.path("server_timestamp").asLong()).isEqualTo(T + 50);
        assertThat(r.path("presences").toString()).isEqualTo("{\"u\":{"
                + "\"aggregated\":{\"client\":\"ZulipMobile\",\"status\":\"active\",\"timestamp\":" + (T + 50) + "},"
                + "\"website\":{\"client\":\"website\",\"status\":\"active\",\"timestamp\":" + T
                + ",\"platform\":\"web\"},"
                + "\"ZulipMobile\":{\"client\":\"ZulipMobile\",\"status\":\"idle\",\"timestamp\":" + (T + 50)
                + ",\"platform\":\"other\"}}}");
        // Idle for longer than idle_after at its last sign of life: the aggregate says idle, whenever it is read.
        at(400);
        report("u", "ZulipMobile", "idle");
        assertThat(api.callJson("get_user_status", "{\"users\":[\"u\"],\"format\":\"zulip\"}")
                .at("/result/presences/u/aggregated/status").asText()).isEqualTo("idle");
    }

    @Test
    void centrifugosReadIsUnchangedByTheRichFacts() {
        at(0);
        ok("update_user_status", "{\"users\":[\"u\"],\"state\":\"x\",\"device\":\"d\",\"platform\":\"web\"}");
        ok("set_user_status", "{\"user\":\"u\",\"state\":\"dnd\",\"custom\":{\"text\":\"t\"}}");
        assertThat(api.callJson("get_user_status", "{\"users\":[\"u\"]}").toString())
                .isEqualTo("{\"result\":{\"statuses\":[{\"user\":\"u\",\"active\":" + T + ",\"state\":\"x\"}]}}");
        ok("delete_user_status", "{\"users\":[\"u\"]}");
        assertThat(detail("u").toString()).isEqualTo("{\"user\":\"u\",\"status\":\"offline\"}");
    }

    @Test
    void badInputNamesTheField() {
        at(0);
        String longText = "x".repeat(257);
        String[][] cases = {
            {"set_user_status", "{\"user\":\"u\",\"state\":\"sleeping\"}", "state: unknown state \"sleeping\""},
            {"set_user_status", "{\"user\":\"u\",\"custom\":{\"text\":\"" + longText + "\"}}",
                "custom.text: 257 bytes (expected: at most 256)"},
            {"set_user_status", "{\"user\":\"u\",\"custom\":{\"text\":\"t\",\"expires_at\":" + T + "}}",
                "custom.expires_at: " + T + " is in the past"},
            {"set_user_status", "{\"user\":\"u\",\"activity\":{\"type\":\"in_call\",\"expires_at\":1}}",
                "activity.expires_at: 1 is in the past"},
            {"set_user_status", "{\"user\":\"u\",\"custom\":{\"text\":\"\"}}", "custom.text: must not be empty"},
            {"set_user_status", "{\"state\":\"busy\"}", "user: must not be empty"},
            {"set_user_status", "{\"user\":\"u\",\"custom\":\"text\"}", "custom: expected an object or null"},
            {"update_user_status", "{\"users\":[\"u\"],\"status\":\"asleep\"}", "status: unknown status"},
            {"update_user_status", "{\"users\":[\"u\"],\"status\":\"idle\"}", "status: \"idle\" without a device"},
            {"update_user_status", "{\"users\":[\"u\"],\"device\":\"d\",\"platform\":\"tv\"}",
                "platform: unknown platform \"tv\""},
            {"update_user_status", "{\"users\":[\"u\"],\"device\":\"" + "d".repeat(65) + "\"}",
                "device: 65 bytes (expected: at most 64)"},
            {"update_user_status", "{\"users\":[\"u\"],\"device\":\"a\\u0001b\"}", "device: character 1 is a control"},
            {"get_user_status", "{\"users\":[\"u\"],\"format\":\"xml\"}", "format: unknown format \"xml\""},
            {"get_user_status", "{\"users\":[\"u\"],\"view\":\"secret\"}", "view: unknown view \"secret\""},
        };
        for (String[] c : cases) {
            ApiClient.Response r = api.call(c[0], c[1]);
            assertThat(r.status()).as(c[1]).isEqualTo(200);
            assertThat(r.json().at("/error/code").asInt()).as(c[1]).isEqualTo(107);
            assertThat(r.json().at("/error/message").asText()).as(c[1]).startsWith("bad request: " + c[2]);
        }
        // Nothing was written by the refused calls.
        assertThat(detail("u").toString()).isEqualTo("{\"user\":\"u\",\"status\":\"offline\"}");
    }
}
