package org.imgloss.job.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values an integer config field takes ({@code max_pixels: 1 to 9223372036854775807}): a value
 * outside it, or one that does not fit a 64-bit integer at all ({@code 18446744073709551621},
 * {@code 1e30}), is a problem of the field naming the range, never a wrapped or clamped number.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
@interface IntegerRange {

    long min() default Long.MIN_VALUE;

    long max() default Long.MAX_VALUE;
}
