package io.playbench.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module boundary, kept by rules rather than by review: the engine (playbench-core) imports no test framework,
 * report tool or optional engine, and PlayBench's packages form no dependency cycle.
 */
class ArchitectureTests {

    private static final JavaClasses PLAYBENCH = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
            .importPackages("io.playbench");

    /** The packages of playbench-junit; every other io.playbench package outside schema is the engine. */
    private static final String[] GLUE = {"io.playbench.junit..", "io.playbench.assertj.."};

    @Test
    void theEngineImportsNoTestFrameworkReportToolOrOptionalEngine() {
        noClasses()
                .that()
                .resideInAPackage("io.playbench..")
                .and()
                .resideOutsideOfPackages(GLUE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.junit..",
                        "org.opentest4j..",
                        "org.assertj..",
                        "io.qameta..",
                        "org.tensorflow..",
                        "io.playbench.junit..",
                        "io.playbench.assertj..",
                        "io.playbench.tensorflow..",
                        "io.playbench.reports..")
                .because(
                        "playbench-core is a library of its own: the CLI and other tools use it without JUnit, AssertJ or Allure, "
                                + "and optional engines plug in through ServiceLoader")
                .check(PLAYBENCH);
    }

    @Test
    void theGlueUsesTheEngineOnlyThroughItsPublicApi() {
        noClasses()
                .that()
                .resideInAnyPackage(GLUE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.playbench.tensorflow..", "io.playbench.reports..", "org.tensorflow..")
                .check(PLAYBENCH);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.playbench.(*)..").should().beFreeOfCycles().check(PLAYBENCH);
    }

    @Test
    void theRulesSeeBothModules() {
        assertThat(PLAYBENCH.containPackage("io.playbench.rollout")).isTrue();
        assertThat(PLAYBENCH.containPackage("io.playbench.junit")).isTrue();
        assertThat(PLAYBENCH.stream()
                        .filter(c -> c.getPackageName().startsWith("io.playbench.env"))
                        .count())
                .isGreaterThan(10);
    }
}
