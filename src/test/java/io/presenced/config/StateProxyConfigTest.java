package io.presenced.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class StateProxyConfigTest {

    private static PresenceConfig load(String endpoint, String proxyExtra) {
        return ConfigLoader.fromJson("{\"channel\":{\"proxy\":{\"state\":{\"endpoint\":\"" + endpoint + "\""
                + proxyExtra + "}}}}", Map.of());
    }

    @Test
    void shownEndpointsKeepSchemeHostPortAndPathOnly() {
        assertThat(ChannelStateConfig.shownEndpoint("http://ops:pw@example.com:8080/hook?token=t#frag"))
                .isEqualTo("http://example.com:8080/hook?…");
        assertThat(ChannelStateConfig.shownEndpoint("https://t0k@[::1]:9/a/b")).isEqualTo("https://[::1]:9/a/b");
        assertThat(ChannelStateConfig.shownEndpoint("http://host?x=@y")).isEqualTo("http://host?…");
        assertThat(ChannelStateConfig.shownEndpoint("grpc://u:p@backend:10001")).isEqualTo("grpc://backend:10001");
        assertThat(ChannelStateConfig.shownEndpoint("http://plain:80/p")).isEqualTo("http://plain:80/p");
        assertThat(load("http://u:secret@h/p?token=secret", "").channel().state().toString())
                .doesNotContain("secret");
    }

    @Test
    void everyUnsendableHeaderAndABadSecretAreReportedAtOnceWithoutTheirValues() {
        assertThatThrownBy(() -> load("http://h/p", ",\"webhook_secret\":\"whsec_\",\"http\":{\"static_headers\":"
                + "{\"Connection\":\"close\",\"Content-Type\":\"text/plain\",\"X-Ok\":\"fine\","
                + "\"X-Token\":\"tok-secret\\n\"}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("channel.proxy.state.http.static_headers.Connection")
                .hasMessageContaining("channel.proxy.state.http.static_headers.Content-Type")
                .hasMessageContaining("channel.proxy.state.http.static_headers.X-Token")
                .hasMessageContaining("channel.proxy.state.webhook_secret")
                .hasMessageNotContaining("X-Ok")
                .hasMessageNotContaining("tok-secret");
    }

    @Test
    void grpcMetadataKeysFollowGrpcRules() {
        assertThatThrownBy(() -> load("grpc://h:1", ",\"http\":{\"static_headers\":{\"x-data-bin\":\"a\","
                + "\"Bad Key\":\"a\",\"x-ok\":\"caf\\u00e9\"}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("static_headers.x-data-bin")
                .hasMessageContaining("static_headers.Bad Key")
                .hasMessageContaining("static_headers.x-ok");
        assertThat(load("grpc://h:1", ",\"http\":{\"static_headers\":{\"Authorization\":\"Bearer t\"}}")
                .channel().state().staticHeaders()).containsEntry("Authorization", "Bearer t");
    }

    @Test
    void usableSecretsAndTheResponseCapAreAccepted() {
        ChannelStateConfig c = load("http://h/p", ",\"webhook_secret\":\"whsec_a2V5\","
                + "\"http\":{\"max_response_size\":1024}").channel().state();
        assertThat(c.maxResponseSize()).isEqualTo(1024);
        assertThat(load("http://h/p", "").channel().state().maxResponseSize()).isEqualTo(65_536);
    }
}
