package org.imgloss.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.api.java.UDF2;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.imgloss.image.DecodeOptions;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.MetricDefinition;
import org.junit.jupiter.api.Test;

/** Every catalogue metric has its public UDF class, as PySpark's registerJavaFunction needs. */
class MetricUdfClassesTest {

    @Test
    void namingRule() {
        assertEquals("org.imgloss.spark.SsimUdf", MetricUdf.classNameFor("ssim"));
        assertEquals("org.imgloss.spark.SsimLossUdf", MetricUdf.classNameFor("ssim_loss"));
        assertEquals("org.imgloss.spark.MsSsimUdf", MetricUdf.classNameFor("ms_ssim"));
    }

    @Test
    void everyCatalogueMetricHasAPublicNoArgumentUdfClass() throws Exception {
        assertFalse(MetricCatalog.all().isEmpty(), "the catalogue is empty");
        List<String> missing = new ArrayList<>();
        for (MetricDefinition d : MetricCatalog.all()) {
            String className = MetricUdf.classNameFor(d.name());
            Class<?> type;
            try {
                type = Class.forName(className);
            } catch (ClassNotFoundException e) {
                missing.add(d.name() + " -> " + className);
                continue;
            }
            assertTrue(MetricUdf.class.isAssignableFrom(type), className + " must extend MetricUdf");
            assertTrue(Modifier.isPublic(type.getModifiers()), className + " must be public");
            assertTrue(declaresUdf2(type), className + " must itself declare 'implements UDF2<byte[], byte[], Double>'"
                    + " (Spark's registerJava ignores inherited interfaces)");
            if (!ImgLossFunctionsTest.runsWithDefaults(d)) {
                // e.g. lpips: 'model' has no default, so the no-argument form fails, naming the metric's problem
                InvocationTargetException e = assertThrows(InvocationTargetException.class,
                        () -> type.getConstructor().newInstance(), className);
                assertTrue(e.getCause() instanceof IllegalArgumentException, className + ": " + e.getCause());
                continue;
            }
            MetricUdf udf = (MetricUdf) type.getConstructor().newInstance();
            assertEquals(d.name(), udf.metricName(), className + " computes the wrong metric");
            assertEquals("", udf.options());
        }
        if (!missing.isEmpty()) {
            fail("metrics without a UDF class (add a one-line subclass of MetricUdf, see its Javadoc): " + missing);
        }
    }

    private static boolean declaresUdf2(Class<?> type) {
        for (Type t : type.getGenericInterfaces()) {
            if (t instanceof ParameterizedType p && p.getRawType() == UDF2.class) {
                return List.of(p.getActualTypeArguments()).equals(List.of(byte[].class, byte[].class, Double.class));
            }
        }
        return false;
    }

    @Test
    void udfSurvivesJavaSerialisationAndStillScores() throws Exception {
        MetricUdf udf = new MetricUdf("mse", "color=gray");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(udf);
        }
        MetricUdf copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (MetricUdf) in.readObject();
        }
        byte[] o = TestImages.png(12, 10, 3, 1);
        assertEquals(udf.call(TestImages.noisy(12, 10, 3, 1, 2), o), copy.call(TestImages.noisy(12, 10, 3, 1, 2), o));
        assertEquals(0.0, copy.call(o, o));
        assertEquals("color=gray", copy.options());
    }

    @Test
    void scorePairUdfFromConfiguredSpecsKeepsParametersAndDecodeOptions() {
        List<MetricSpec> specs = List.of(MetricSpec.of("ssim", Map.of("variant", "skimage")).as("ssim_sk"),
                MetricSpec.of("huber", Map.of("beta", 0.05)), MetricSpec.of("mse"));
        DecodeOptions options = DecodeOptions.DEFAULT.withColor(DecodeOptions.Color.GRAY).withEps(1e-7);
        ScorePairUdf udf = new ScorePairUdf(specs, options);
        assertEquals(options, udf.decodeOptions());
        assertEquals(List.of("ssim_sk", "huber", "mse"), udf.specs().stream().map(MetricSpec::alias).toList());
        for (int i = 0; i < specs.size(); i++) {
            assertEquals(specs.get(i).parameters().asMap().toString(), udf.specs().get(i).parameters().asMap().toString());
        }
        Row row = udf.call(TestImages.noisy(20, 20, 3, 4, 5), TestImages.png(20, 20, 3, 4));
        assertEquals(1, row.getInt(row.fieldIndex("channels")));
        assertEquals(ScorePairUdf.returnType(specs), udf.returnType());
    }

    @Test
    void badNameOrOptionFailsWhenTheUdfIsMade() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MetricUdf("nosuch", ""));
        assertTrue(e.getMessage().contains("nosuch"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MetricUdf("mse", "color=purple"));
        assertTrue(e.getMessage().contains("color") && e.getMessage().contains("purple"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ScorePairUdf("mse as width"));
        assertTrue(e.getMessage().contains("width") && e.getMessage().contains("reserved"), e.getMessage());
    }
}
