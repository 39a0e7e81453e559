package org.imgloss.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;

/**
 * The library's layering, as docs/ARCHITECTURE.md draws it, checked on the compiled classes:
 * {@code errors ← image ← metrics ← scoring ← spark}, metric kernels free of Spark, Hadoop, file I/O
 * and thread-locals, no ONNX Runtime anywhere (the perceptual losses are in the imgloss-perceptual
 * module, with their own rules), and no package cycles. {@code org.imgloss.errors} (the
 * {@code ErrorCode} vocabulary) is the base every layer, and the job, may use; it depends on the JDK only.
 */
@AnalyzeClasses(packages = "org.imgloss", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule layersPointOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("errors").definedBy("org.imgloss.errors..")
            .layer("image").definedBy("org.imgloss.image..")
            .layer("metrics").definedBy("org.imgloss.metrics..")
            .layer("scoring").definedBy("org.imgloss.scoring..")
            .layer("spark").definedBy("org.imgloss.spark..")
            .whereLayer("spark").mayNotBeAccessedByAnyLayer()
            .whereLayer("scoring").mayOnlyBeAccessedByLayers("spark")
            .whereLayer("metrics").mayOnlyBeAccessedByLayers("scoring", "spark")
            .whereLayer("image").mayOnlyBeAccessedByLayers("metrics", "scoring", "spark")
            .whereLayer("errors").mayOnlyBeAccessedByLayers("image", "metrics", "scoring", "spark");

    @ArchTest
    static final ArchRule errorsDependOnTheJdkOnly = classes()
            .that().resideInAPackage("org.imgloss.errors..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.imgloss.errors..");

    @ArchTest
    static final ArchRule kernelsNeverSeeSparkOrHadoop = noClasses()
            .that().resideInAnyPackage("org.imgloss.image..", "org.imgloss.metrics..", "org.imgloss.scoring..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..");

    @ArchTest
    static final ArchRule noOnnxRuntimeInTheLibrary = noClasses()
            .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..");

    @ArchTest
    static final ArchRule theLibraryKnowsNotThePerceptualModule = noClasses()
            .should().dependOnClassesThat().resideInAPackage("org.imgloss.metrics.perceptual..");

    @ArchTest
    static final ArchRule kernelsDoNoFileIo = noClasses()
            .that().resideInAnyPackage("org.imgloss.image..", "org.imgloss.metrics..")
            .should().dependOnClassesThat().belongToAnyOf(File.class, Files.class, FileInputStream.class,
                    FileOutputStream.class, RandomAccessFile.class);

    @ArchTest
    static final ArchRule kernelsHoldNoThreadLocals = noClasses()
            .that().resideInAnyPackage("org.imgloss.image..", "org.imgloss.metrics..", "org.imgloss.scoring..")
            .should().dependOnClassesThat().areAssignableTo(ThreadLocal.class);

    @ArchTest
    static final ArchRule theCatalogueKnowsNoFamily = noClasses()
            .that().resideInAPackage("org.imgloss.metrics")
            .should().dependOnClassesThat().resideInAPackage("org.imgloss.metrics.*..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.imgloss.(**)").should().beFreeOfCycles();
}
