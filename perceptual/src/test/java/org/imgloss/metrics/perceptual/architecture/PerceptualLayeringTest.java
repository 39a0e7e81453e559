package org.imgloss.metrics.perceptual.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The perceptual module's rules, checked on its compiled classes together with imgloss-udf's:
 * ONNX Runtime is used only in {@code org.imgloss.metrics.perceptual}, which is a metric family
 * like the others (no Spark, Hadoop or Scala; no scoring or SQL layer; its metrics reach the
 * catalogue only through the {@code MetricFamily} service, which the catalogue loads by name).
 */
@AnalyzeClasses(packages = "org.imgloss", importOptions = ImportOption.DoNotIncludeTests.class)
class PerceptualLayeringTest {

    @ArchTest
    static final ArchRule onnxRuntimeOnlyInThePerceptualPackage = noClasses()
            .that().resideOutsideOfPackage("org.imgloss.metrics.perceptual..")
            .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..");

    @ArchTest
    static final ArchRule thePerceptualPackageUsesOnnxRuntime = classes()
            .that().haveSimpleName("OnnxModel")
            .should().resideInAPackage("org.imgloss.metrics.perceptual")
            .andShould().dependOnClassesThat().resideInAPackage("ai.onnxruntime..");

    @ArchTest
    static final ArchRule noSparkHadoopOrScala = noClasses()
            .that().resideInAPackage("org.imgloss.metrics.perceptual..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..");

    @ArchTest
    static final ArchRule aMetricFamilyBelowScoringAndSql = noClasses()
            .that().resideInAPackage("org.imgloss.metrics.perceptual..")
            .should().dependOnClassesThat().resideInAnyPackage("org.imgloss.scoring..", "org.imgloss.spark..");

    @ArchTest
    static final ArchRule nothingElseKnowsThePerceptualPackage = noClasses()
            .that().resideOutsideOfPackage("org.imgloss.metrics.perceptual..")
            .should().dependOnClassesThat().resideInAPackage("org.imgloss.metrics.perceptual..");
}
