package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import io.presenced.config.ConfigLoader;
import io.presenced.config.RedisConfig;

class LettuceSettingsTest {

    private static RedisConfig redis(String members) {
        return ConfigLoader.fromJson("{\"engine\":{\"type\":\"redis\",\"redis\":{" + members + "}}}", Map.of())
                .engine().redis().orElseThrow();
    }

    @Test
    void bareHostPortGetsTheOptionsCredentialsDatabaseAndTimeout() {
        RedisURI uri = new LettuceSettings(redis("\"address\":\"10.0.0.1:6380\",\"user\":\"u\",\"password\":\"p\","
                + "\"db\":3,\"io_timeout\":\"2s\"")).standalone("10.0.0.1:6380");
        assertThat(uri.getHost()).isEqualTo("10.0.0.1");
        assertThat(uri.getPort()).isEqualTo(6380);
        assertThat(uri.getDatabase()).isEqualTo(3);
        assertThat(uri.getTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(uri.isSsl()).isFalse();
        assertThat(uri.getCredentialsProvider().resolveCredentials().block().getUsername()).isEqualTo("u");
    }

    @Test
    void credentialsAndDatabaseInTheUrlWinOverTheOptions() {
        String address = "rediss://alice:pw@host:6379/5";
        RedisURI uri = new LettuceSettings(redis("\"address\":\"" + address + "\",\"user\":\"bob\","
                + "\"password\":\"other\",\"db\":2")).standalone(address);
        assertThat(uri.isSsl()).isTrue();
        assertThat(uri.getDatabase()).isEqualTo(5);
        assertThat(uri.getCredentialsProvider().resolveCredentials().block().getUsername()).isEqualTo("alice");
        assertThat(new String(uri.getCredentialsProvider().resolveCredentials().block().getPassword()))
                .isEqualTo("pw");
    }

    @Test
    void tlsOptionTurnsOnTlsForPlainAddresses() {
        RedisURI uri = new LettuceSettings(redis("\"address\":\"host:6379\",\"tls\":{\"enabled\":true}"))
                .standalone("host:6379");
        assertThat(uri.isSsl()).isTrue();
    }

    @Test
    void sentinelUriNamesTheMasterAndCarriesSentinelCredentialsSeparately() {
        RedisURI uri = new LettuceSettings(redis("\"sentinel_address\":[\"127.0.0.1:26379\","
                + "\"redis://own:pw@127.0.0.1:26380\"],\"sentinel_master_name\":[\"a\",\"b\"],"
                + "\"sentinel_password\":\"sp\",\"password\":\"dp\",\"db\":1")).sentinel("b");
        assertThat(uri.getSentinelMasterId()).isEqualTo("b");
        assertThat(uri.getDatabase()).isEqualTo(1);
        assertThat(new String(uri.getCredentialsProvider().resolveCredentials().block().getPassword()))
                .isEqualTo("dp");
        List<RedisURI> sentinels = uri.getSentinels();
        assertThat(sentinels).extracting(RedisURI::getPort).containsExactly(26379, 26380);
        assertThat(new String(sentinels.get(0).getCredentialsProvider().resolveCredentials().block().getPassword()))
                .isEqualTo("sp");
        assertThat(sentinels.get(1).getCredentialsProvider().resolveCredentials().block().getUsername())
                .isEqualTo("own");
    }

    @Test
    void everyClientRejectsCommandsWhileDisconnectedAndBoundsThem() {
        RedisConfig config = redis("\"address\":\"host:6379\",\"connect_timeout\":\"300ms\",\"io_timeout\":\"2s\"");
        ClientOptions options = new LettuceSettings(config).clientOptions();
        assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        assertThat(options.isAutoReconnect()).isTrue();
        assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
    }

    @Test
    void clusterClientFollowsTopologyChanges() {
        ClusterClientOptions options = new LettuceSettings(redis("\"cluster_address\":[\"h:7000\"]"))
                .clusterOptions();
        assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        assertThat(options.getTopologyRefreshOptions().isPeriodicRefreshEnabled()).isTrue();
        assertThat(options.getTopologyRefreshOptions().getRefreshPeriod())
                .isEqualTo(LettuceSettings.CLUSTER_REFRESH_PERIOD);
        assertThat(options.getTopologyRefreshOptions().getAdaptiveRefreshTriggers()).contains(
                RefreshTrigger.MOVED_REDIRECT, RefreshTrigger.ASK_REDIRECT, RefreshTrigger.PERSISTENT_RECONNECTS);
        assertThat(options.getTopologyRefreshOptions().getAdaptiveRefreshTimeout())
                .isEqualTo(LettuceSettings.CLUSTER_ADAPTIVE_REFRESH_LIMIT);
    }
}
