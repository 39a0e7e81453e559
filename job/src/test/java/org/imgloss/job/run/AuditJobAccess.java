package org.imgloss.job.run;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;

/** Runs an audit from tests of other packages, as the CLI does (no progress lines). */
public final class AuditJobAccess {

    private AuditJobAccess() {
    }

    public static AuditJob.Result run(SparkSession spark, AuditConfig config) throws ConfigException {
        return new AuditJob(spark, new PrintWriter(new StringWriter()), 0).run(config, Instant.now());
    }
}
