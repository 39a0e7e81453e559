package org.imgloss.job.check;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.imgloss.job.config.InputConfig;
import org.imgloss.job.config.InputType;
import org.imgloss.job.config.Secrets;
import org.imgloss.job.output.ScoresSchema;
import org.imgloss.job.source.PairColumns;

/**
 * Why a run has no pair, or no pair scored, in words a new user can act on: the files found on each side,
 * the pairs they made, the failed pairs by error code and a few unpaired names.
 */
final class EmptyAudit {

    static final int EXAMPLES = 3;

    private EmptyAudit() {
    }

    static String describe(Dataset<Row> scores, InputConfig input) {
        Column recon = col(PairColumns.RECONSTRUCTION_PATH).isNotNull();
        Column orig = col(PairColumns.ORIGINAL_PATH).isNotNull();
        Row n = scores.agg(count(lit(1)), count(when(recon, lit(1))), count(when(orig, lit(1))),
                count(when(recon.and(orig), lit(1)))).first();
        long rows = n.getLong(0);
        StringBuilder b = new StringBuilder();
        b.append(sides(input, n.getLong(1), n.getLong(2))).append(", ").append(n.getLong(3)).append(" pair(s) found");
        if (rows > 0) {
            List<String> codes = new ArrayList<>();
            for (Row r : scores.filter(col(ScoresSchema.ERROR_CODE).isNotNull()).groupBy(ScoresSchema.ERROR_CODE).count()
                    .orderBy(col("count").desc()).collectAsList()) {
                codes.add(r.getString(0) + " " + r.getLong(1));
            }
            b.append("; failed pairs by code: ").append(String.join(", ", codes));
            appendExamples(b, scores.filter(recon.and(orig.unary_$bang())), PairColumns.RECONSTRUCTION_PATH,
                    "reconstructions without an original");
            appendExamples(b, scores.filter(orig.and(recon.unary_$bang())), PairColumns.ORIGINAL_PATH,
                    "originals without a reconstruction");
            if (input.type() == InputType.DIRECTORIES) {
                b.append(" (files pair by their path under each folder, input.match: ").append(input.match().configName())
                        .append(")");
            }
        }
        return Secrets.maskUserInfo(b.toString());
    }

    private static String sides(InputConfig input, long reconstructions, long originals) {
        if (input.type() == InputType.DIRECTORIES) {
            return reconstructions + " file(s) under input.reconstructions (" + input.reconstructions() + "), "
                    + originals + " under input.originals (" + input.originals() + ")";
        }
        return reconstructions + " reconstruction(s) and " + originals + " original(s) in " + input.path();
    }

    private static void appendExamples(StringBuilder b, Dataset<Row> rows, String column, String what) {
        List<String> names = rows.select(column).orderBy(column).limit(EXAMPLES).collectAsList().stream()
                .map(r -> fileName(r.getString(0))).toList();
        if (!names.isEmpty()) {
            b.append("; ").append(what).append(", e.g. ").append(String.join(", ", names));
        }
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
