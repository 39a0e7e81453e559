package org.imgloss.job.output;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.imgloss.job.config.JdbcConfig;

/**
 * Copies a run's rows of some tables ({@code runs}, {@code summary}, {@code checks}: small ones; {@code regressions} when named) to a
 * database over plain JDBC from the driver, for dashboards (Grafana, Superset) that read SQL databases.
 *
 * <p>A table is created when missing, with typed columns (DOUBLE PRECISION, BIGINT, TEXT, TIMESTAMP in UTC,
 * BOOLEAN; map, list and struct columns as JSON text), and a column a later run adds is added to it. Then
 * the run replaces its rows in every copied table in ONE transaction: {@code DELETE ... WHERE run_id = ?}
 * and a batch of inserts per table, then commit; on any error it is rolled back and the database keeps
 * the previous rows. (Spark's JDBC writer cannot delete and insert in one transaction.)
 *
 * <p>The password comes from the checked config ({@code password_env}) and is masked, with the URL's, in
 * every message.
 */
public final class JdbcSink {

    private final JdbcConfig config;

    public JdbcSink(JdbcConfig config) {
        this.config = config;
    }

    /**
     * Copies the configured tables that {@code tables} holds (name to the run's rows) and returns their names.
     *
     * @throws IllegalStateException when the database cannot be reached or written; the message is masked
     */
    public List<String> copy(String runId, Map<String, Dataset<Row>> tables) {
        Map<String, Dataset<Row>> copied = new LinkedHashMap<>();
        for (String name : config.tables()) {
            if (tables.get(name) != null) {
                copied.put(name, TableWriter.jsonComplexColumns(tables.get(name)));
            }
        }
        if (copied.isEmpty()) {
            return List.of();
        }
        Map<String, StructType> schemas = new LinkedHashMap<>();
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        copied.forEach((name, ds) -> {
            schemas.put(name, ds.schema());
            rows.put(name, ds.collectAsList());
        });
        try (Connection c = connect()) {
            prepareTables(c, schemas);
            replaceRun(c, runId, schemas, rows);
        } catch (SQLException e) {
            throw new IllegalStateException(config.mask("jdbc: cannot copy " + String.join(", ", copied.keySet())
                    + " of run " + runId + " to " + config.url() + ": " + describe(e)), null);
        }
        return List.copyOf(copied.keySet());
    }

    /** The exception's message with those it chains (SQLException.getNextException), not its stack. */
    private static String describe(SQLException e) {
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        for (SQLException next = e.getNextException(); next != null && s.length() < 2000;
             next = next.getNextException()) {
            s.append("; ").append(next.getMessage());
        }
        return s.toString();
    }

    Connection connect() throws SQLException {
        Properties props = new Properties();
        if (config.user() != null) {
            props.setProperty("user", config.user());
        }
        if (config.password() != null) {
            props.setProperty("password", config.password().reveal());
        }
        Connection c = driver(config.url()).connect(config.url(), props);
        if (c == null) {
            throw new SQLException("no JDBC driver accepts this URL");
        }
        return c;
    }

    /**
     * The driver for a URL: one on this class's class path (the application jar, where {@link DriverManager}
     * may not look under spark-submit), else one {@link DriverManager} knows.
     */
    private static Driver driver(String url) throws SQLException {
        for (Driver d : ServiceLoader.load(Driver.class, JdbcSink.class.getClassLoader())) {
            if (d.acceptsURL(url)) {
                return d;
            }
        }
        return DriverManager.getDriver(url);
    }

    /** Creates the schema and the missing tables, adds missing columns; committed before the copy. */
    private void prepareTables(Connection c, Map<String, StructType> schemas) throws SQLException {
        c.setAutoCommit(true);
        String q = quote(c);
        try (Statement st = c.createStatement()) {
            if (config.schema() != null) {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + q + config.schema() + q);
            }
            for (Map.Entry<String, StructType> t : schemas.entrySet()) {
                Set<String> existing = columns(c, t.getKey());
                if (existing.isEmpty()) {
                    List<String> cols = new ArrayList<>();
                    for (StructField f : t.getValue().fields()) {
                        cols.add(q + f.name() + q + " " + sqlType(f.dataType()));
                    }
                    st.execute("CREATE TABLE IF NOT EXISTS " + table(q, t.getKey()) + " (" + String.join(", ", cols)
                            + ")");
                } else {
                    for (StructField f : t.getValue().fields()) {
                        if (!existing.contains(f.name().toLowerCase(Locale.ROOT))) {
                            st.execute("ALTER TABLE " + table(q, t.getKey()) + " ADD COLUMN " + q + f.name() + q + " "
                                    + sqlType(f.dataType()));
                        }
                    }
                }
            }
        }
    }

    /** The table's column names in lower case; empty when it does not exist. */
    private Set<String> columns(Connection c, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        DatabaseMetaData md = c.getMetaData();
        String schema = config.schema() != null ? config.schema() : currentSchema(c);
        for (String t : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
            try (ResultSet rs = md.getColumns(c.getCatalog(), schema, t, null)) {
                while (rs.next()) {
                    names.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            if (!names.isEmpty()) {
                break;
            }
        }
        return names;
    }

    /** The schema unqualified names go to, or null (any schema) when the driver cannot tell. */
    private static String currentSchema(Connection c) {
        try {
            return c.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null;
        }
    }

    /** One transaction: each table's rows of the run deleted, the new ones inserted; then commit. */
    private void replaceRun(Connection c, String runId, Map<String, StructType> schemas, Map<String, List<Row>> rows)
            throws SQLException {
        String q = quote(c);
        c.setAutoCommit(false);
        try {
            for (Map.Entry<String, StructType> t : schemas.entrySet()) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table(q, t.getKey()) + " WHERE "
                        + q + ScoresSchema.RUN_ID + q + " = ?")) {
                    delete.setString(1, runId);
                    delete.executeUpdate();
                }
                StructField[] fields = t.getValue().fields();
                List<String> names = new ArrayList<>();
                for (StructField f : fields) {
                    names.add(q + f.name() + q);
                }
                String insert = "INSERT INTO " + table(q, t.getKey()) + " (" + String.join(", ", names) + ") VALUES ("
                        + String.join(", ", java.util.Collections.nCopies(fields.length, "?")) + ")";
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    int pending = 0;
                    for (Row row : rows.get(t.getKey())) {
                        for (int i = 0; i < fields.length; i++) {
                            set(ps, i + 1, fields[i].dataType(), row.isNullAt(i) ? null : row.get(i));
                        }
                        ps.addBatch();
                        if (++pending == 1000) {
                            ps.executeBatch();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        ps.executeBatch();
                    }
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private String table(String q, String name) {
        return (config.schema() == null ? "" : q + config.schema() + q + ".") + q + name + q;
    }

    private static String quote(Connection c) throws SQLException {
        String q = c.getMetaData().getIdentifierQuoteString();
        return q == null || q.isBlank() ? "" : q.trim();
    }

    /** The SQL column type of a Spark type (after map, list, struct and binary columns became text). */
    static String sqlType(DataType t) {
        if (t instanceof DoubleType || t instanceof FloatType) {
            return "DOUBLE PRECISION";
        } else if (t instanceof LongType || t instanceof IntegerType || t instanceof ShortType
                || t instanceof ByteType) {
            return "BIGINT";
        } else if (t instanceof BooleanType) {
            return "BOOLEAN";
        } else if (t instanceof TimestampType || t instanceof TimestampNTZType) {
            return "TIMESTAMP";
        } else if (t instanceof DateType) {
            return "DATE";
        } else if (t instanceof DecimalType d) {
            return "NUMERIC(" + d.precision() + ", " + d.scale() + ")";
        }
        return "TEXT";
    }

    private static void set(PreparedStatement ps, int i, DataType t, Object v) throws SQLException {
        if (t instanceof DoubleType || t instanceof FloatType) {
            if (v == null) {
                ps.setNull(i, Types.DOUBLE);
            } else {
                ps.setDouble(i, ((Number) v).doubleValue());
            }
        } else if (t instanceof LongType || t instanceof IntegerType || t instanceof ShortType
                || t instanceof ByteType) {
            if (v == null) {
                ps.setNull(i, Types.BIGINT);
            } else {
                ps.setLong(i, ((Number) v).longValue());
            }
        } else if (t instanceof BooleanType) {
            if (v == null) {
                ps.setNull(i, Types.BOOLEAN);
            } else {
                ps.setBoolean(i, (Boolean) v);
            }
        } else if (t instanceof TimestampType || t instanceof TimestampNTZType) {
            if (v == null) {
                ps.setNull(i, Types.TIMESTAMP);
            } else {
                ps.setObject(i, utc(v), Types.TIMESTAMP);
            }
        } else if (t instanceof DateType) {
            if (v == null) {
                ps.setNull(i, Types.DATE);
            } else {
                ps.setObject(i, v instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) v, Types.DATE);
            }
        } else if (t instanceof DecimalType) {
            if (v == null) {
                ps.setNull(i, Types.NUMERIC);
            } else {
                ps.setBigDecimal(i, (BigDecimal) v);
            }
        } else if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v.toString());
        }
    }

    /** A timestamp as the UTC wall time a TIMESTAMP column holds. */
    private static LocalDateTime utc(Object v) {
        if (v instanceof Timestamp ts) {
            return LocalDateTime.ofInstant(ts.toInstant(), ZoneOffset.UTC);
        } else if (v instanceof Instant in) {
            return LocalDateTime.ofInstant(in, ZoneOffset.UTC);
        }
        return (LocalDateTime) v; // TIMESTAMP_NTZ
    }
}
