package org.imgloss.job.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The job's layering, as docs/ARCHITECTURE.md draws it: {@code Main → cli → run → report / score / check →
 * output / source → config}, config free of Spark and Hadoop (it is bound and validated before
 * Spark starts), the job speaking to metrics only through the metric API and the scoring layer
 * (never a concrete kernel class), and no package cycles.
 */
@AnalyzeClasses(packages = "org.imgloss.job", importOptions = ImportOption.DoNotIncludeTests.class)
class JobLayeringTest {

    @ArchTest
    static final ArchRule layersPointOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("main").definedBy("org.imgloss.job")
            .layer("cli").definedBy("org.imgloss.job.cli..")
            .layer("run").definedBy("org.imgloss.job.run..")
            .layer("report").definedBy("org.imgloss.job.report..")
            .layer("score").definedBy("org.imgloss.job.score..")
            .layer("check").definedBy("org.imgloss.job.check..")
            .layer("tables").definedBy("org.imgloss.job.output..", "org.imgloss.job.source..")
            .layer("config").definedBy("org.imgloss.job.config..")
            .whereLayer("main").mayNotBeAccessedByAnyLayer()
            .whereLayer("cli").mayOnlyBeAccessedByLayers("main")
            .whereLayer("run").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("report").mayOnlyBeAccessedByLayers("cli", "run")
            .whereLayer("score").mayOnlyBeAccessedByLayers("run")
            .whereLayer("check").mayOnlyBeAccessedByLayers("cli", "run")
            .whereLayer("tables").mayOnlyBeAccessedByLayers("cli", "run", "report", "score", "check", "tables")
            .whereLayer("config").mayOnlyBeAccessedByLayers("cli", "run", "report", "score", "check", "tables");

    @ArchTest
    static final ArchRule configNeedsNoSpark = noClasses()
            .that().resideInAPackage("org.imgloss.job.config..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..");

    @ArchTest
    static final ArchRule onlyTheMetricApiIsUsed = noClasses()
            .that().resideInAPackage("org.imgloss.job..")
            .should().dependOnClassesThat().resideInAPackage("org.imgloss.metrics.*..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.imgloss.job.(**)").should().beFreeOfCycles();
}
