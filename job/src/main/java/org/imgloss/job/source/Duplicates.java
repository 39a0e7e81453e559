package org.imgloss.job.source;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.imgloss.errors.ErrorCode;

/**
 * Marks rows of a table source (manifest, parquet) whose key occurs more than once with
 * {@code DUPLICATE_KEY} (which takes precedence over a missing path; rows without a key, {@code MISSING_KEY},
 * are never duplicates of each other). Only the key column is aggregated; the duplicated keys are broadcast to
 * the rows, so rows (and any image bytes in them) are never shuffled.
 */
final class Duplicates {

    private Duplicates() {
    }

    static Dataset<Row> mark(Dataset<Row> pairs) {
        Dataset<Row> dups = pairs.filter(col(PairColumns.KEY).isNotNull()).groupBy(PairColumns.KEY).count()
                .filter(col("count").gt(1))
                .withColumnRenamed(PairColumns.KEY, "_dup_key")
                .withColumnRenamed("count", "_dup_count");
        Dataset<Row> joined = pairs.join(broadcast(dups), pairs.col(PairColumns.KEY).equalTo(dups.col("_dup_key")),
                "left");
        Column isDup = col("_dup_count").isNotNull();
        Column code = when(isDup, lit(ErrorCode.DUPLICATE_KEY.code())).otherwise(col(PairColumns.SOURCE_ERROR_CODE));
        Column message = when(isDup, concat(lit("key '"), col(PairColumns.KEY), lit("' occurs in "),
                        col("_dup_count").cast("string"), lit(" rows; each pair needs its own key")))
                .otherwise(col(PairColumns.SOURCE_ERROR_MESSAGE));
        return joined.withColumn(PairColumns.SOURCE_ERROR_CODE, code)
                .withColumn(PairColumns.SOURCE_ERROR_MESSAGE, message)
                .drop("_dup_key", "_dup_count");
    }
}
