package io.presenced;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

/**
 * The dependency rules of docs/ARCHITECTURE.md, checked on the compiled classes: the domain knows no transport,
 * Redis knows no API, and config depends on none of the parts it configures.
 */
class ArchitectureTest {

    // The compiled main classes only: scanning the class path would read every dependency's jar too.
    private static final JavaClasses MAIN = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void theDomainDoesNotDependOnTheApi() {
        noClasses().that().resideInAnyPackage("io.presenced.presence..", "io.presenced.state..",
                "io.presenced.status..")
                .should().dependOnClassesThat().resideInAPackage("io.presenced.api..")
                .because("transports call the domain, never the other way (errors come back as domain exceptions)")
                .check(MAIN);
    }

    @Test
    void redisAndDeliveryKnowNothingOfTheApiOrTheDomainAbove() {
        noClasses().that().resideInAnyPackage("io.presenced.redis..", "io.presenced.delivery..")
                .should().dependOnClassesThat().resideInAnyPackage("io.presenced.api..", "io.presenced.presence..",
                        "io.presenced.status..")
                .check(MAIN);
    }

    @Test
    void theDomainKnowsItsRolesNotTheirMechanisms() {
        noClasses().that().resideInAnyPackage("io.presenced.presence", "io.presenced.state", "io.presenced.status")
                .should().dependOnClassesThat().resideInAnyPackage("io.presenced.presence.redis..",
                        "io.presenced.presence.memory..")
                .because("the wiring picks a mechanism; the model only speaks to its store and outbox roles")
                .check(MAIN);
    }

    @Test
    void configDependsOnNoOtherPart() {
        noClasses().that().resideInAPackage("io.presenced.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.presenced.api..", "io.presenced.presence..",
                        "io.presenced.state..", "io.presenced.status..", "io.presenced.redis..",
                        "io.presenced.delivery..", "io.presenced.metrics..")
                .check(MAIN);
    }
}
