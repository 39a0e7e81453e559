package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;

/**
 * {@code output.catalog}: the tables also kept in the Spark session's catalog (the Hive metastore, Glue or
 * Unity catalog the session is configured with; a local session's in-memory catalog) as
 * {@code <database>.scores}, {@code <database>.summary} and {@code <database>.runs}, over the written folders.
 *
 * @param database the database (schema) that holds them, created when missing; {@code name} or
 *                 {@code catalog.name}
 */
public record CatalogConfig(@JsonProperty("database") String database) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*([.][A-Za-z_][A-Za-z0-9_]*)?");

    /** The database quoted for Spark SQL: {@code `db`} or {@code `catalog`.`db`}. */
    public String quotedDatabase() {
        return "`" + database.replace(".", "`.`") + "`";
    }

    /** A table of the database quoted for Spark SQL: {@code `db`.`scores`}. */
    public String quotedTable(String table) {
        return quotedDatabase() + ".`" + table + "`";
    }

    /** The table's name as users write it: {@code db.scores}. */
    public String table(String table) {
        return database + "." + table;
    }

    CatalogConfig checked(Problems problems) {
        String name = problems.required("output.catalog.database", database,
                ": the database of the scores, summary and runs tables in Spark's catalog");
        if (name != null && !NAME.matcher(name).matches()) {
            problems.add("output.catalog.database", "must be a name of letters, digits and '_' (or catalog.name),"
                    + " got '" + name + "'");
        }
        return new CatalogConfig(name);
    }
}
