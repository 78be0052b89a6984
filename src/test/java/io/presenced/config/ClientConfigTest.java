package io.presenced.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ClientConfigTest {

    @Test
    void defaultsFollowCentrifugo() {
        ClientConfig c = ConfigLoader.fromJson("{}", Map.of()).client();
        assertThat(c.handlerPrefix()).isEqualTo("/connection/websocket");
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.pongTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(c.allowedOrigins()).isEmpty();
        assertThat(c.insecure()).isFalse();
        assertThat(c.allowAnonymous()).isFalse();
        assertThat(c.statusUpdateMinInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void readsNamespacePermissions() {
        NamespaceOptions ns = ConfigLoader.fromJson("{\"channel\":{\"namespaces\":[{\"name\":\"chat\","
                + "\"allow_subscribe_for_client\":true,\"allow_presence_for_subscriber\":true,"
                + "\"force_push_join_leave\":true}]}}", Map.of()).channel().namespaces().get("chat");
        assertThat(ns.client()).isEqualTo(new NamespaceOptions.ClientPermissions(true, true, false, true, false,
                false));
    }

    @Test
    void reportsEveryBadClientKeyByName() {
        assertThat(ConfigProblems.of("{\"client\":{\"ping_interval\":\"1500ms\","
                + "\"pong_timeout\":\"2s\",\"allowed_origins\":5},\"websocket\":{\"handler_prefix\":\"ws\","
                + "\"message_size_limit\":1}}")).containsExactlyInAnyOrder(
                        "websocket.handler_prefix: \"ws\" (expected: a path that starts with /)",
                        "websocket.message_size_limit: 1 (expected: an integer in 128..67108864)",
                        "client.allowed_origins: 5 (expected: a string or a list of strings)",
                        "client.ping_interval: \"1s500ms\" (expected: whole seconds, the protocol announces it in"
                                + " seconds)",
                        "client.pong_timeout: \"2s\" (expected: shorter than client.ping_interval)");
    }
}
