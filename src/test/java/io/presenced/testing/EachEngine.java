package io.presenced.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.AnnotationBasedArgumentsProvider;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

import io.presenced.testing.Engines.Engine;

/**
 * Runs a test once per engine of a {@link Engines.Set}, each run named after its engine.
 *
 * <p>On a class, every test of the class runs against each engine in turn; the class takes the {@link Engine}
 * through an {@code @Parameter} field (or its constructor). On a method, the method runs once per engine and takes
 * the {@link Engine} as its parameter, while the class's other tests run once.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ParameterizedClass(name = "{0}")
@ParameterizedTest(name = "{0}")
@ArgumentsSource(EachEngine.EngineArguments.class)
public @interface EachEngine {

    /** The engines to run against. */
    Engines.Set value();

    /** Supplies the engines of the annotation's set, one argument each. */
    final class EngineArguments extends AnnotationBasedArgumentsProvider<EachEngine> {

        @Override
        protected Stream<Arguments> provideArguments(
                ParameterDeclarations parameters, ExtensionContext context, EachEngine annotation) {
            return annotation.value().engines().map(Arguments::of);
        }
    }
}
