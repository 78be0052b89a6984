package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.lettuce.core.ScriptOutputType;

class RedisScriptTest {

    @Test
    void refusesAMissingScriptResourceNamingIt() {
        assertThatThrownBy(() -> RedisScript.load(ScriptOutputType.MULTI, "lua/status/get.lua", "lua/absent.lua"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lua/absent.lua")
                .hasMessageContaining("missing");
    }
}
