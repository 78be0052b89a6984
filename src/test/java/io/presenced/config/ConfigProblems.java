package io.presenced.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

/** The problems a config is refused with, for the config tests to compare. */
final class ConfigProblems {

    private ConfigProblems() {
    }

    /** Loads {@code json} with no environment, which must fail, and returns every problem reported. */
    static List<String> of(String json) {
        return of(json, Map.of());
    }

    /** Loads {@code json} with {@code env}, which must fail, and returns every problem reported. */
    static List<String> of(String json, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.fromJson(json, env));
        assertThat(e).as("the config should be refused with a ConfigException").isNotNull();
        return e.problems();
    }
}
