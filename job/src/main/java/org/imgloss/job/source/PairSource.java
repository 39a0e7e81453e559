package org.imgloss.job.source;

import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.InputConfig;

/**
 * Produces the pairs to score. File sources list and join <b>paths</b> only; image bytes are read
 * later, once, inside the scoring task. Every input file ends up in exactly one pair row: a
 * missing counterpart or a duplicate key is a row with an error code, never a silent drop.
 */
public interface PairSource {

    /**
     * @throws ConfigException when the data does not fit the config (a missing column, a
     *                         group_by column that is not carried), before anything is scored
     */
    Pairs load(SparkSession spark) throws ConfigException;

    static PairSource of(InputConfig input) {
        switch (input.type()) {
            case DIRECTORIES:
                return new DirectorySource(input);
            case MANIFEST:
                return new ManifestSource(input);
            case PARQUET:
                return new ParquetSource(input);
            default:
                throw new IllegalArgumentException("unknown input type " + input.type());
        }
    }
}
