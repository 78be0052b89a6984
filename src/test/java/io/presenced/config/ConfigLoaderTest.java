package io.presenced.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void defaultsRunTheMemoryEngineOnPort8000() {
        PresenceConfig c = ConfigLoader.load(Optional.empty(), Map.of());
        assertThat(c.http().port()).isEqualTo(8000);
        assertThat(c.http().address()).isEmpty();
        assertThat(c.http().apiPrefix()).isEqualTo("/api");
        assertThat(c.engine().isRedis()).isFalse();
        assertThat(c.userStatus().enabled()).isTrue();
        assertThat(c.userStatus().expireInterval()).isEqualTo(Duration.ofDays(31));
        assertThat(c.limits().maxUsersPerCall()).isEqualTo(1000);
    }

    @Test
    void theStatusModelReadsItsThresholdsDeviceBoundAndLimits() {
        PresenceConfig d = ConfigLoader.load(Optional.empty(), Map.of());
        assertThat(d.userStatus().idleAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.userStatus().offlineAfter()).isEqualTo(Duration.ofSeconds(140));
        assertThat(d.userStatus().maxDevices()).isEqualTo(8);
        assertThat(d.limits().status()).isEqualTo(LimitsConfig.StatusLimits.defaults());
        PresenceConfig c = ConfigLoader.fromJson("{\"user_status\":{\"idle_after\":\"10m\",\"max_devices\":2},"
                + "\"limits\":{\"max_custom_status_length\":100}}",
                Map.of("PRESENCED_USER_STATUS_OFFLINE_AFTER", "5m", "PRESENCED_LIMITS_MAX_DEVICE_ID_LENGTH", "40"));
        assertThat(c.userStatus().idleAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.userStatus().offlineAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.userStatus().maxDevices()).isEqualTo(2);
        assertThat(c.limits().status().maxCustomText()).isEqualTo(100);
        assertThat(c.limits().status().maxDeviceIdLength()).isEqualTo(40);
    }

    @Test
    void anOfflineThresholdWithinOneOnlineMarkIsRefused() {
        assertThat(ConfigProblems.of("{\"user_status\":{\"offline_after\":\"20s\",\"max_devices\":0}}"))
                .containsExactly(
                        "user_status.max_devices: 0 (expected: an integer in 1..64)",
                        "user_status.offline_after: \"20s\" (expected: longer than client.presence_update_interval"
                                + " 25s, or every connected user would flicker offline between two online marks)");
    }

    @Test
    void environmentOverridesTheFile() {
        PresenceConfig c = ConfigLoader.fromJson("{\"http_api\":{\"key\":\"from-file\"},\"http_server\":{\"port\":1}}",
                Map.of("PRESENCED_HTTP_API_KEY", "from-env", "PRESENCED_HTTP_SERVER_PORT", "9001",
                        "PRESENCED_USER_STATUS_EXPIRE_INTERVAL", "24h"));
        assertThat(c.http().apiKey()).isEqualTo("from-env");
        assertThat(c.http().port()).isEqualTo(9001);
        assertThat(c.userStatus().expireInterval()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void environmentCanSetListsAsJsonOrCommaSeparated() {
        PresenceConfig c = ConfigLoader.fromJson("{\"engine\":{\"type\":\"redis\"}}",
                Map.of("PRESENCED_ENGINE_REDIS_ADDRESS", "redis://a:1,redis://b:2"));
        assertThat(c.engine().redis().orElseThrow().addresses()).containsExactly("redis://a:1", "redis://b:2");
        PresenceConfig j = ConfigLoader.fromJson("{\"engine\":{\"type\":\"redis\"}}",
                Map.of("PRESENCED_ENGINE_REDIS_ADDRESS", "[\"redis://c:3\"]"));
        assertThat(j.engine().redis().orElseThrow().addresses()).containsExactly("redis://c:3");
    }

    @Test
    void aListOrObjectWithAMemberOfAnotherKindIsReportedWholeByItsKey() {
        assertThat(ConfigProblems.of("{\"channel\":{\"namespaces\":[{\"name\":\"ok\"},5],"
                + "\"proxy\":{\"state\":{\"http\":{\"static_headers\":{\"X-A\":\"1\",\"X-B\":2}}}}}}")).contains(
                        "channel.namespaces: [{\"name\":\"ok\"},5] (expected: a list of objects)",
                        "channel.proxy.state.http.static_headers: {\"X-A\":\"1\",\"X-B\":2}"
                                + " (expected: an object of strings)");
    }

    @Test
    void everyNamespaceAndStaticHeaderIsRead() {
        PresenceConfig c = ConfigLoader.fromJson("{\"channel\":{\"namespaces\":[{\"name\":\"b1\"},"
                + "{\"name\":\"a1\"}],\"proxy\":{\"state\":{\"endpoint\":\"http://127.0.0.1:1/hook\","
                + "\"http\":{\"static_headers\":{\"X-B\":\"2\",\"X-A\":\"1\"}}}}}}", Map.of());
        assertThat(c.channel().namespaces()).containsOnlyKeys("a1", "b1");
        assertThat(c.channel().state().staticHeaders()).containsOnly(Map.entry("X-B", "2"), Map.entry("X-A", "1"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(ConfigProblems.of("{\"http_server\":{\"port\":70000},"
                + "\"http_api\":{\"insecure\":\"yes\",\"key\":5},"
                + "\"engine\":{\"type\":\"mongo\"},"
                + "\"user_status\":{\"expire_interval\":\"soon\"}}", Map.of("PRESENCED_LIMITS_MAX_USERS_PER_CALL", "x")))
                .containsExactly(
                        "http_server.port: 70000 (expected: an integer in 0..65535)",
                        "http_api.key: \"***\" (expected: a string)",
                        "http_api.insecure: \"yes\" (expected: true or false)",
                        "engine.type: \"mongo\" (expected: one of \"memory\", \"redis\")",
                        "user_status.expire_interval: \"soon\" (expected: a duration such as \"500ms\", \"5s\", \"24h\")",
                        "limits.max_users_per_call: \"x\" from PRESENCED_LIMITS_MAX_USERS_PER_CALL"
                                + " (expected: an integer in 1..1000000)");
    }

    @Test
    void keyOfTheWrongTypeIsNotEchoed() {
        assertThatThrownBy(() -> ConfigLoader.fromJson("{\"http_api\":{\"key\":{\"secret\":1}}}", Map.of()))
                .hasMessageContaining("http_api.key: \"***\"")
                .hasMessageNotContaining("secret\":1");
    }

    @Test
    void invalidJsonNamesLineAndColumn() {
        assertThatThrownBy(() -> ConfigLoader.fromJson("{\n \"a\": }", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("line 2");
    }

    @Test
    void seedLegacyEngineAndActiveStatusBlocksAreAccepted() {
        PresenceConfig c = ConfigLoader.fromJson("{\"engine\": \"redis\", \"redis_address\": \"localhost:6379\","
                + "\"redis_active_status\": {\"enabled\": true, \"use_redis_from_engine\": true,"
                + "\"expire_interval\": \"24h\"}}", Map.of());
        assertThat(c.engine().isRedis()).isTrue();
        assertThat(c.engine().redis().orElseThrow().addresses()).containsExactly("localhost:6379");
        assertThat(c.userStatus().redis()).isEqualTo(c.engine().redis());
        assertThat(c.userStatus().expireInterval()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void seedActiveStatusWithOwnRedisAddressIsAccepted() {
        PresenceConfig c = ConfigLoader.fromJson("{\"redis_active_status\": {\"enabled\": true,"
                + " \"redis_address\": \"127.0.0.1:6379\"}}", Map.of());
        assertThat(c.engine().isRedis()).isFalse();
        assertThat(c.userStatus().redis().orElseThrow().addresses()).containsExactly("127.0.0.1:6379");
    }

    @Test
    void modernUserStatusBlockReusesTheEngineRedis() {
        PresenceConfig c = ConfigLoader.fromJson("{\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":"
                + "\"redis://127.0.0.1:6380\",\"prefix\":\"app\"}},\"user_status\":{\"redis\":"
                + "{\"reuse_from_engine\":true}}}", Map.of());
        assertThat(c.userStatus().redis().orElseThrow().prefix()).isEqualTo("app");
    }

    @Test
    void reusingTheEngineRedisOnTheMemoryEngineIsAProblem() {
        assertThat(ConfigProblems.of("{\"user_status\":{\"redis\":{\"reuse_from_engine\":true}}}"))
                .containsExactly("user_status.redis.reuse_from_engine: true"
                        + " (expected: engine.type \"redis\" so there is an engine Redis to reuse)");
    }

    @Test
    void malformedRedisAddressIsAProblemWithThePasswordMasked() {
        assertThatThrownBy(() -> ConfigLoader.fromJson("{\"engine\":{\"type\":\"redis\",\"redis\":"
                + "{\"address\":\"redis://u:hunter2@/x\"}}}", Map.of()))
                .hasMessageContaining("engine.redis: address \"redis://u:***@/x\"")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aRedisAddressWithAQueryIsRefusedWithoutEchoingIt() {
        // Lettuce ignores a password given in the query; accepting it would run unauthenticated and log it.
        assertThatThrownBy(() -> ConfigLoader.fromJson("{\"engine\":{\"type\":\"redis\",\"redis\":"
                + "{\"address\":[\"redis://127.0.0.1:6379?password=hunter2\",\"redis://h:1#hunter3\"]}}}",
                Map.of()))
                .hasMessageContaining("2 problems")
                .hasMessageContaining("engine.redis: address \"redis://127.0.0.1:6379?…\" has a query or fragment")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("hunter3");
    }

    @Test
    void redactedAddressesShowNeitherPasswordNorQuery() {
        assertThat(Redact.address("redis://u:pw@host:6379/2?password=x#y")).isEqualTo("redis://u:***@host:6379/2?…");
        assertThat(Redact.address("host:6379")).isEqualTo("host:6379");
    }

    @Test
    void sentinelNeedsAMasterName() {
        assertThat(ConfigProblems.of("{\"engine\":{\"type\":\"redis\",\"redis\":"
                + "{\"sentinel_address\":[\"127.0.0.1:26379\"]}}}"))
                .containsExactly("engine.redis.sentinel_master_name: missing (expected: the master name the Sentinels"
                        + " monitor)");
    }

    @Test
    void addressFormsAreRecognised() {
        assertThat(List.of("redis://127.0.0.1:6379", "rediss://user:pw@host:6380/2", "localhost:6379",
                "redis://redis", "[::1]:6379")).allMatch(ConfigLoader::isAddress);
        assertThat(List.of("localhost", "http://x:1", "redis://")).noneMatch(ConfigLoader::isAddress);
    }

    @Test
    void grpcApiIsOffByDefaultOnPort10000WithErrorsInTheResponse() {
        GrpcConfig g = ConfigLoader.load(Optional.empty(), Map.of()).grpc();
        assertThat(g.enabled()).isFalse();
        assertThat(g.address()).isEmpty();
        assertThat(g.port()).isEqualTo(10000);
        assertThat(g.key()).isEmpty();
        assertThat(g.errorMode()).isEmpty();
        assertThat(g.isTransportErrorMode()).isFalse();
        assertThat(g.maxReceiveMessageSize()).isEqualTo(4 * 1024 * 1024);
    }

    @Test
    void everyGrpcApiKeyIsReadFromTheFileAndOverriddenByTheEnvironment() {
        String json = "{\"grpc_api\":{\"enabled\":false,\"address\":\"10.0.0.1\",\"port\":1,\"key\":\"f\","
                + "\"error_mode\":\"\",\"max_receive_message_size\":2048},\"node\":{\"name\":\"file\"}}";
        GrpcConfig fromFile = ConfigLoader.fromJson(json, Map.of()).grpc();
        assertThat(fromFile).isEqualTo(new GrpcConfig(false, "10.0.0.1", 1, "f", "", 2048));

        PresenceConfig c = ConfigLoader.fromJson(json, Map.of("PRESENCED_GRPC_API_ENABLED", "true",
                "PRESENCED_GRPC_API_ADDRESS", "127.0.0.1", "PRESENCED_GRPC_API_PORT", "10001",
                "PRESENCED_GRPC_API_KEY", "e", "PRESENCED_GRPC_API_ERROR_MODE", "transport",
                "PRESENCED_GRPC_API_MAX_RECEIVE_MESSAGE_SIZE", "4096", "PRESENCED_NODE_NAME", "env"));
        assertThat(c.grpc()).isEqualTo(new GrpcConfig(true, "127.0.0.1", 10001, "e", "transport", 4096));
        assertThat(c.grpc().isTransportErrorMode()).isTrue();
        assertThat(c.node().name()).isEqualTo("env");
    }

    @Test
    void httpConnectionLimitsDefaultToNginxLikeValues() {
        HttpConfig.Connections c = ConfigLoader.load(Optional.empty(), Map.of()).http().connections();
        assertThat(c).isEqualTo(new HttpConfig.Connections(Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofSeconds(75), 4096, Duration.ofSeconds(30), Duration.ofSeconds(5)));
    }

    @Test
    void httpConnectionLimitsAreReadFromTheFileAndTheEnvironment() {
        String json = "{\"http_server\":{\"header_timeout\":\"1s\",\"body_timeout\":\"2s\","
                + "\"keepalive_timeout\":\"3s\",\"max_connections\":10,\"lingering_time\":\"4s\"}}";
        HttpConfig.Connections c = ConfigLoader.fromJson(json,
                Map.of("PRESENCED_HTTP_SERVER_LINGERING_TIMEOUT", "500ms")).http().connections();
        assertThat(c).isEqualTo(new HttpConfig.Connections(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3), 10, Duration.ofSeconds(4), Duration.ofMillis(500)));
    }

    @Test
    void connectionLimitProblemsNameTheirKeys() {
        assertThat(ConfigProblems.of("{\"http_server\":{\"header_timeout\":\"0s\","
                + "\"max_connections\":0},\"grpc_api\":{\"max_connection_idle\":\"soon\","
                + "\"max_concurrent_calls_per_connection\":0}}")).containsExactly(
                        "http_server.header_timeout: \"0s\" (expected: >= 1ms)",
                        "http_server.max_connections: 0 (expected: an integer in 1..1000000)",
                        "grpc_api.max_connection_idle: \"soon\" (expected: a duration such as \"500ms\", \"5s\", \"24h\")",
                        "grpc_api.max_concurrent_calls_per_connection: 0 (expected: an integer in 1..2147483647)");
    }

    @Test
    void grpcConnectionLimitsAreReadWithTheirDefaults() {
        GrpcConfig.Connections d = ConfigLoader.load(Optional.empty(), Map.of()).grpc().connections();
        assertThat(d).isEqualTo(GrpcConfig.Connections.defaults());
        GrpcConfig.Connections c = ConfigLoader.fromJson("{\"grpc_api\":{\"handshake_timeout\":\"1s\","
                + "\"max_connection_idle\":\"2s\",\"keepalive_time\":\"3s\",\"keepalive_timeout\":\"4s\","
                + "\"permit_keepalive_time\":\"0s\",\"permit_keepalive_without_calls\":true,"
                + "\"max_concurrent_calls_per_connection\":5}}", Map.of()).grpc().connections();
        assertThat(c).isEqualTo(new GrpcConfig.Connections(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ZERO, true, 5));
    }

    @Test
    void nodeNameDefaultsToEmptyMeaningTheHostName() {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).node().name()).isEmpty();
    }

    @Test
    void grpcApiProblemsAreCollectedWithTheOthers() {
        assertThat(ConfigProblems.of("{\"grpc_api\":{\"enabled\":\"maybe\",\"port\":-1,"
                + "\"key\":7,\"error_mode\":\"status\",\"max_receive_message_size\":10},"
                + "\"http_server\":{\"port\":70000}}")).containsExactly(
                        "http_server.port: 70000 (expected: an integer in 0..65535)",
                        "grpc_api.enabled: \"maybe\" (expected: true or false)",
                        "grpc_api.port: -1 (expected: an integer in 0..65535)",
                        "grpc_api.key: \"***\" (expected: a string)",
                        "grpc_api.error_mode: \"status\" (expected: one of \"\", \"transport\")",
                        "grpc_api.max_receive_message_size: 10 (expected: an integer in 1024..2147483647)");
    }

    @Test
    void grpcApiOnTheHttpPortIsAProblem() {
        assertThat(ConfigProblems.of("{\"grpc_api\":{\"enabled\":true,\"port\":8000}}")).containsExactly(
                        "grpc_api.port: 8000 (expected: a port other than http_server.port)");
        assertThat(ConfigLoader.fromJson("{\"grpc_api\":{\"enabled\":true,\"port\":0},"
                + "\"http_server\":{\"port\":0}}", Map.of()).grpc().port()).isZero();
    }

    @Test
    void grpcKeyIsMaskedInToString() {
        GrpcConfig g = new GrpcConfig(true, "", 10000, "hunter2", "", 4096);
        assertThat(g.toString()).contains("key=***").doesNotContain("hunter2");
    }

    @Test
    void sentinelMasterNamesListMakesOneShardPerMaster() {
        PresenceConfig c = ConfigLoader.fromJson("{\"engine\":{\"type\":\"redis\",\"redis\":{"
                + "\"sentinel_address\":[\"127.0.0.1:26379\",\"redis://:pw@127.0.0.1:26380\"],"
                + "\"sentinel_master_name\":[\"shard-a\",\"shard-b\"],\"sentinel_password\":\"s3cret\"}}}", Map.of());
        RedisConfig r = c.engine().redis().orElseThrow();
        assertThat(r.isSentinel()).isTrue();
        assertThat(r.sentinelMasterNames()).containsExactly("shard-a", "shard-b");
        assertThat(r.describe())
                .isEqualTo("sentinel 2 shards [shard-a, shard-b]@[127.0.0.1:26379, redis://:***@127.0.0.1:26380]")
                .doesNotContain("s3cret");
    }

    @Test
    void singleSentinelMasterNameIsOneShard() {
        RedisConfig r = ConfigLoader.fromJson("{\"engine\":{\"type\":\"redis\",\"redis\":{"
                + "\"sentinel_address\":\"127.0.0.1:26379\",\"sentinel_master_name\":\"mymaster\"}}}", Map.of())
                .engine().redis().orElseThrow();
        assertThat(r.sentinelMasterNames()).containsExactly("mymaster");
        assertThat(r.describe()).isEqualTo("sentinel mymaster@[127.0.0.1:26379]");
    }

    @Test
    void clusterSeedsAreParsedAndTimeoutsDefault() {
        RedisConfig r = ConfigLoader.fromJson("{\"engine\":{\"type\":\"redis\",\"redis\":{"
                + "\"cluster_address\":[\"127.0.0.1:7000\",\"127.0.0.1:7001\"],\"prefix\":\"p\"}}}", Map.of())
                .engine().redis().orElseThrow();
        assertThat(r.isCluster()).isTrue();
        assertThat(r.clusterAddresses()).containsExactly("127.0.0.1:7000", "127.0.0.1:7001");
        assertThat(r.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.ioTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(r.prefix()).isEqualTo("p");
    }

    @Test
    void topologyMistakesAreAllReported() {
        assertThat(ConfigProblems.of("{\"engine\":{\"type\":\"redis\",\"redis\":{"
                + "\"address\":\"127.0.0.1:6379\",\"cluster_address\":[\"127.0.0.1:7000\"],\"db\":2}},"
                + "\"user_status\":{\"redis\":{\"address\":[\"a:1\",\"a:1\"],\"sentinel_master_name\":\"m\"}}}"))
                .containsExactly(
                        "engine.redis: address is set beside cluster_address (expected: one topology)",
                        "engine.redis.db: 2 (expected: 0 with cluster_address; a Redis Cluster has one database)",
                        "user_status.redis.sentinel_master_name: set without sentinel_address"
                                + " (expected: both, or neither)",
                        "user_status.redis.address: lists an address twice (expected: one entry per shard)");
    }

    @Test
    void duplicateSentinelMasterNamesAreAProblem() {
        assertThat(ConfigProblems.of("{\"engine\":{\"type\":\"redis\",\"redis\":{"
                + "\"sentinel_address\":\"127.0.0.1:26379\",\"sentinel_master_name\":[\"a\",\"a\"]}}}"))
                .containsExactly("engine.redis.sentinel_master_name: [a, a] (expected: distinct names)");
    }

    @Test
    void presenceManagerIsOffByDefault() {
        PresenceConfig c = ConfigLoader.load(Optional.empty(), Map.of());
        assertThat(c.presenceManager().enabled()).isFalse();
        assertThat(c.presenceManager().redis()).isEmpty();
    }

    @Test
    void seedPresenceManagerBlockGivesPresenceItsOwnRedis() {
        PresenceConfig c = ConfigLoader.fromJson("{\"engine\":{\"type\":\"redis\"},\"presence_manager\":"
                + "{\"enabled\":true,\"type\":\"redis\",\"redis\":{\"address\":\"localhost:6380\"}}}", Map.of());
        assertThat(c.presenceManager().enabled()).isTrue();
        assertThat(c.presenceManager().type()).isEqualTo("redis");
        assertThat(c.presenceManager().redis().orElseThrow().addresses()).containsExactly("localhost:6380");
        assertThat(c.presenceManager().redis()).isNotEqualTo(c.engine().redis());
    }

    @Test
    void presenceManagerBlockIsValidatedWhileDisabled() {
        assertThat(ConfigProblems.of("{\"presence_manager\":{\"type\":\"memcached\","
                + "\"redis\":{\"address\":\"nope\"}}}")).containsExactly(
                        "presence_manager.type: \"memcached\" (expected: one of \"redis\")",
                        "presence_manager.redis: address \"nope\" (expected: redis://[user:password@]host:port[/db],"
                                + " rediss://..., or host:port)");
    }

    @Test
    void featuresPointingAtTheSameRedisGetEqualSetups() {
        PresenceConfig c = ConfigLoader.fromJson("{\"engine\":{\"type\":\"redis\",\"redis\":"
                + "{\"address\":\"redis://127.0.0.1:6379\"}},\"user_status\":{\"redis\":"
                + "{\"address\":\"redis://127.0.0.1:6379\"}},\"presence_manager\":{\"enabled\":true,\"redis\":"
                + "{\"address\":\"redis://127.0.0.1:6379\",\"prefix\":\"other\"}}}", Map.of());
        assertThat(c.userStatus().redis()).isEqualTo(c.engine().redis());
        assertThat(c.presenceManager().redis()).isNotEqualTo(c.engine().redis());
    }
}
