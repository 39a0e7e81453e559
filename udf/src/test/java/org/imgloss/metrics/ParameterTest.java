package org.imgloss.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.imgloss.errors.ErrorCode;
import org.junit.jupiter.api.Test;

class ParameterTest {

    @Test
    void parsesTextAndTypedValues() {
        assertEquals(0.5, Parameter.ofDouble("beta", 1.0, "").parse("0.5"));
        assertEquals(0.5, Parameter.ofDouble("beta", 1.0, "").parse(0.5f));
        assertEquals(7, Parameter.ofInt("window_size", 11, "").parse("7"));
        assertEquals(7, Parameter.ofInt("window_size", 11, "").parse(7.0));
        assertEquals(true, Parameter.ofBoolean("per_channel_mean", false, "").parse("TRUE"));
        assertEquals("skimage", Parameter.ofChoice("variant", "wang", List.of("wang", "skimage"), "").parse(" SKImage "));
        assertArrayEquals(new double[] {0.5, 0.25}, (double[]) Parameter.ofDoubleList("weights", null, "").parse("0.5|0.25"));
        assertArrayEquals(new double[] {0.5, 0.25}, (double[]) Parameter.ofDoubleList("weights", null, "").parse("[0.5 0.25]"));
        assertArrayEquals(new double[] {1, 2}, (double[]) Parameter.ofDoubleList("weights", null, "").parse(List.of(1, 2.0)));
    }

    @Test
    void errorsNameTheParameterAndTheValue() {
        Parameter window = Parameter.ofInt("window_size", 11, "").checked(v -> (Integer) v % 2 == 1, "must be odd");
        ParameterException e = assertThrows(ParameterException.class, () -> window.parse(10));
        assertEquals("window_size: must be odd, got 10", e.getMessage());
        assertEquals("window_size", e.parameter());

        e = assertThrows(ParameterException.class, () -> Parameter.ofDouble("beta", 1, "").parse("abc"));
        assertEquals("beta: must be a number, got 'abc'", e.getMessage());

        e = assertThrows(ParameterException.class,
                () -> Parameter.ofChoice("variant", "wang", List.of("wang", "skimage"), "").parse("matlabx"));
        assertEquals("variant: must be one of wang, skimage, got 'matlabx'", e.getMessage());

        e = assertThrows(ParameterException.class, () -> Parameter.ofInt("n", 1, "").parse(1.5));
        assertEquals("n: must be an integer, got 1.5", e.getMessage());

        e = assertThrows(ParameterException.class, () -> Parameter.ofDouble("beta", 1, "").nonNegative().parse(-1));
        assertEquals("beta: must be >= 0, got -1", e.getMessage());
    }

    @Test
    void definitionBindsDefaultsAndRejectsUnknownParameters() {
        MetricDefinition d = new MetricDefinition("demo", "a demo", MetricDefinition.Better.LOWER, "none", "",
                List.of(Parameter.ofDouble("beta", 1.0, "b"), Parameter.ofChoice("mode", "a", List.of("a", "b"), "m")),
                p -> (r, o) -> MetricResult.of(p.getDouble("beta")));
        MetricParameters bound = d.bind(Map.of("mode", "b"));
        assertEquals(1.0, bound.getDouble("beta"));
        assertEquals("b", bound.getString("mode"));
        ParameterException e = assertThrows(ParameterException.class, () -> d.bind(Map.of("betta", "2")));
        assertEquals("betta: unknown parameter of demo (known: beta, mode); did you mean 'beta'?", e.getMessage());
    }

    @Test
    void metricResultNeverCarriesNaN() {
        MetricResult r = MetricResult.of(Double.NaN);
        assertEquals(ErrorCode.NOT_A_NUMBER, r.errorCode());
        assertEquals(null, r.value());
        assertEquals(Double.POSITIVE_INFINITY, MetricResult.of(Double.POSITIVE_INFINITY).value());
    }
}
