package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code output.jdbc}: tables copied after each run to a database that dashboards read, each run's rows
 * replaced in one transaction. The password is never in the config: {@code password_env} names the
 * environment variable that holds it, read when the config is checked; {@link Password} never shows it.
 *
 * @param url         the JDBC URL ({@code jdbc:postgresql://host:5432/db})
 * @param user        the database user, or null for the driver's default (or one in the URL)
 * @param passwordEnv the name of the environment variable holding the password, or null for none
 * @param schema      the schema (created when missing), or null for the connection's default
 * @param tables      which tables to copy, of {@link #TABLES} (default {@link #DEFAULT_TABLES})
 * @param password    (checked config) the password read from {@code passwordEnv}, or null
 */
public record JdbcConfig(String url, String user, String passwordEnv, String schema, List<String> tables,
                         Password password) {

    /** The tables that may be copied ({@code regressions} only when named: it has a row per regressed pair). */
    public static final List<String> TABLES = List.of("runs", "summary", "checks", "regressions");
    /** The tables copied when {@code tables} is left out. */
    public static final List<String> DEFAULT_TABLES = List.of("runs", "summary", "checks");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/:@]*:)[^@/]*@");

    /** The section as written in the YAML. */
    @JsonCreator
    JdbcConfig(@JsonProperty("url") String url,
               @JsonProperty("user") String user,
               @JsonProperty("password_env") String passwordEnv,
               @JsonProperty("schema") String schema,
               @JsonProperty("tables") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
               List<String> tables) {
        this(url, user, passwordEnv, schema, tables, null);
    }

    public JdbcConfig {
        tables = tables == null ? DEFAULT_TABLES : Collections.unmodifiableList(new ArrayList<>(tables));
    }

    /** A password that is never printed: {@code toString} masks it; {@link #reveal} is for the driver only. */
    public static final class Password {
        private final String value;

        Password(String value) {
            this.value = value;
        }

        public String reveal() {
            return value;
        }

        @Override
        public String toString() {
            return "*********(redacted)";
        }
    }

    /**
     * The URL with a {@code password=} parameter's value, other secret parameters ({@link Secrets#isSecretKey})
     * and a {@code user:password@} password masked.
     */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String params = Secrets.maskUrlParameters(URL_PASSWORD.matcher(url).replaceAll("$1***"));
        return URL_USER_INFO.matcher(params).replaceAll("$1***@");
    }

    /** The URL as messages show it (password masked). */
    public String maskedUrl() {
        return maskUrl(url);
    }

    /** {@code text} with the password (if any) and the URL's password masked: for error messages. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        if (password != null && password.reveal() != null && !password.reveal().isEmpty()) {
            masked = masked.replace(password.reveal(), "***");
        }
        if (url != null) {
            masked = masked.replace(url, maskedUrl());
        }
        return masked;
    }

    @Override
    public String toString() {
        return "JdbcConfig[url=" + maskedUrl() + ", user=" + user + ", passwordEnv=" + passwordEnv + ", schema="
                + schema + ", tables=" + tables + "]";
    }

    /** The section checked, the password read from the environment ({@code env}: name to value). */
    JdbcConfig checked(Function<String, String> env, Problems problems) {
        String checkedUrl = problems.required("output.jdbc.url", url,
                ": the JDBC URL of the database, e.g. jdbc:postgresql://host:5432/dashboards");
        if (checkedUrl != null && !checkedUrl.startsWith("jdbc:")) {
            problems.add("output.jdbc.url", "must start with 'jdbc:', got '" + maskUrl(checkedUrl) + "'");
        }
        String checkedUser = problems.text("output.jdbc.user", user);
        String checkedSchema = problems.text("output.jdbc.schema", schema);
        if (checkedSchema != null && checkedSchema.contains("\"")) {
            problems.add("output.jdbc.schema", "must not contain '\"', got '" + checkedSchema + "'");
        }
        String envName = problems.text("output.jdbc.password_env", passwordEnv);
        Password checkedPassword = null;
        if (envName != null && !ENV_NAME.matcher(envName).matches()) {
            // not echoed: a password written here by mistake must not be printed
            problems.add("output.jdbc.password_env", "must be the name of an environment variable (letters, digits"
                    + " and '_') that holds the password, not the password itself");
        } else if (envName != null) {
            String value = env.apply(envName);
            if (value == null) {
                problems.add("output.jdbc.password_env", "the environment variable " + envName
                        + " is not set (it must hold the database password)");
            } else {
                checkedPassword = new Password(value);
            }
        }
        List<String> checkedTables = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            String t = tables.get(i);
            if (t == null || !TABLES.contains(t)) {
                if (!problems.has("output.jdbc.tables[" + i + "]")) {
                    problems.add("output.jdbc.tables[" + i + "]", "must be one of " + String.join(", ", TABLES)
                            + ", got " + (t == null ? "nothing" : "'" + t + "'"));
                }
            } else if (!checkedTables.contains(t)) {
                checkedTables.add(t);
            }
        }
        if (tables.isEmpty()) {
            problems.add("output.jdbc.tables", "must name at least one of " + String.join(", ", TABLES));
        }
        return new JdbcConfig(checkedUrl, checkedUser, envName, checkedSchema, checkedTables, checkedPassword);
    }
}
