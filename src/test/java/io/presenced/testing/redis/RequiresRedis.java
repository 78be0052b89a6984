package io.presenced.testing.redis;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that starts or uses Redis: before its first test it calls {@link
 * RedisSupport#assumeRedisTestsEnabled()}, so the whole class is reported as skipped, with {@link
 * RedisSupport#SKIP_REASON}, when Redis tests are switched off.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(RequiresRedis.Check.class)
public @interface RequiresRedis {

    /** Aborts the class before its first test when Redis tests are switched off. */
    final class Check implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            RedisSupport.assumeRedisTestsEnabled();
        }
    }
}
