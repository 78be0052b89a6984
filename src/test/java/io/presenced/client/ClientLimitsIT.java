package io.presenced.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.presenced.testing.TestServer;
import io.presenced.testing.TestTokens;
import io.presenced.testing.WsClient;

/**
 * Limits that hold for client connections: the node's client cap (3504), the HTTP connection cap that upgraded
 * connections still count against, a client too slow to read (3008), and shutdown (3001).
 */
class ClientLimitsIT {

    static final String CONFIG = "{\"engine\":{\"type\":\"memory\"},%s"
            + "\"channel\":{\"namespaces\":[{\"name\":\"chat\",\"presence\":true,\"allow_subscribe_for_client\":true,"
            + "\"allow_presence_for_client\":true}]}}";

    private final TestTokens tokens = new TestTokens().user("t42", "42", null);
    private final List<WsClient> clients = new ArrayList<>();
    private TestServer server;

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        if (server != null) {
            server.close();
        }
    }

    private WsClient open() {
        WsClient ws = WsClient.open(server.webSocketUri());
        clients.add(ws);
        return ws;
    }

    @Test
    void refusesAConnectBeyondTheNodesClientLimitWith3504() {
        server = TestServer.start(CONFIG.formatted("\"client\":{\"connection_limit\":2},"), tokens);
        open().connect("t42");
        open().connect("t42");
        WsClient third = open();
        third.send("{\"id\":1,\"connect\":{\"token\":\"t42\"}}");
        assertThat(third.awaitClose()).isEqualTo(new WsClient.Close(3504, "connection limit"));
        assertThat(server.client().request("GET", "/metrics", null, Map.of()).body())
                .contains("presenced_client_connections 2");
    }

    @Test
    void upgradedConnectionsCountAgainstTheHttpConnectionCap() {
        server = TestServer.start(CONFIG.formatted("\"http_server\":{\"max_connections\":2},"), tokens);
        open().connect("t42");
        open().connect("t42");
        assertThatThrownBy(() -> WsClient.open(server.webSocketUri())).isNotNull();
        clients.get(0).close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.server().clients().connectedCount() == 1);
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> open().connect("t42").has("connect"));
    }

    @Test
    void disconnectsAClientThatDoesNotReadWhatItAskedFor() {
        server = TestServer.start(CONFIG.formatted("\"websocket\":{\"write_buffer_limit\":65536},"
                + "\"limits\":{\"max_info_size\":4096},"), tokens);
        StringBuilder entries = new StringBuilder();
        String pad = "x".repeat(3000);
        for (int i = 0; i < 1000; i++) {
            entries.append(i == 0 ? "" : ",").append("{\"channel\":\"chat:big\",\"client\":\"c").append(i)
                    .append("\",\"user\":\"u").append(i).append("\",\"conn_info\":{\"p\":\"").append(pad)
                    .append("\"}}");
        }
        server.client().callJson("presence_join", "{\"entries\":[" + entries + "]}");
        WsClient polite = open();
        polite.connect("t42");
        WsClient slow = open();
        slow.connect("t42");
        slow.pause();
        StringBuilder reads = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            reads.append(i == 0 ? "" : "\n").append("{\"id\":").append(i + 2)
                    .append(",\"presence\":{\"channel\":\"chat:big\"}}");
        }
        slow.send(reads.toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> server.server().clients().connectedCount() == 1);
        polite.send("{\"id\":2,\"presence_stats\":{\"channel\":\"chat:big\"}}");
        assertThat(polite.nextAnswer().at("/presence_stats/num_clients").asInt()).isEqualTo(1000);
    }

    @Test
    void shutdownDisconnectsClientsWithAReconnectingCode() {
        server = TestServer.start(CONFIG.formatted(""), tokens);
        WsClient ws = open();
        ws.connect("t42");
        server.close();
        server = null;
        assertThat(ws.awaitClose()).isEqualTo(new WsClient.Close(3001, "shutdown"));
    }
}
