package org.imgloss.job.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Reads an audit YAML file into an {@link AuditConfig} and checks all of it before Spark starts, in four
 * steps: the YAML tree is read, the {@code --set} overrides are applied to it ({@link Overrides}), Jackson
 * binds it to the config records ({@link ConfigBinder}: unknown keys, wrong types), and the records check
 * themselves ({@link AuditConfig#checked}: required keys, metrics and their parameters, paths, columns).
 * Every problem is collected and reported at once in a {@link ConfigException}, each naming its field
 * and value.
 */
public final class ConfigLoader {

    /** Largest config file read (1 MiB): a bigger one is rejected before it is parsed. */
    public static final long MAX_CONFIG_BYTES = 1 << 20;
    /** Longest text value (or key) of a config, in characters. */
    public static final int MAX_SCALAR_CHARS = 64 * 1024;

    private final Path baseDir;
    private final Instant now;
    private final Function<String, String> env;

    /**
     * @param baseDir folder that relative paths are resolved against
     * @param now     the time an automatic run id is made from
     */
    public ConfigLoader(Path baseDir, Instant now) {
        this(baseDir, now, System::getenv);
    }

    /**
     * @param env the environment secrets are read from ({@code output.jdbc.password_env}): name to value, null
     *            when unset
     */
    public ConfigLoader(Path baseDir, Instant now, Function<String, String> env) {
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.now = now;
        this.env = env;
    }

    /** Loader for the CLI: paths relative to the current directory, run id from the clock. */
    public static ConfigLoader forCurrentDirectory() {
        return new ConfigLoader(Path.of("").toAbsolutePath(), Instant.now());
    }

    /** Reads, overrides and checks a config file. */
    public AuditConfig load(Path file, List<String> overrides) throws ConfigException {
        try {
            long size = Files.size(file);
            if (size > MAX_CONFIG_BYTES) { // before it is read: parsing one long value takes super-linear time
                throw new ConfigException("config: '" + file + "' is " + size + " bytes; a config may have at most "
                        + MAX_CONFIG_BYTES + " bytes (1 MiB)");
            }
            return parse(Files.readString(file), overrides);
        } catch (IOException e) {
            throw new ConfigException("config: cannot read '" + file + "' (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /** Parses, overrides and checks config text. */
    public AuditConfig parse(String yamlText, List<String> overrides) throws ConfigException {
        if (yamlText.length() > MAX_CONFIG_BYTES) {
            throw new ConfigException("config: the text has " + yamlText.length() + " characters; a config may have"
                    + " at most " + MAX_CONFIG_BYTES + " (1 MiB)");
        }
        longLines(yamlText);
        Problems problems = new Problems();
        ObjectNode root = readTree(yamlText, problems);
        Overrides.apply(root, overrides);
        AuditConfig config = ConfigBinder.bind(root, AuditConfig.class, problems).withCheckTexts(root.get("checks"))
                .checked(baseDir, now, env, problems);
        problems.throwIfAny();
        root.put("run_id", config.runId());
        return config.withYaml(redactedYaml(root));
    }

    /**
     * Refuses a line longer than a value may be, before the YAML parser sees it: it scans one long scalar in
     * super-linear time (a 1 MB one-line value took seconds).
     */
    private static void longLines(String yamlText) throws ConfigException {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= yamlText.length(); i++) {
            if (i == yamlText.length() || yamlText.charAt(i) == '\n') {
                if (i - start > MAX_SCALAR_CHARS) {
                    throw new ConfigException("config: line " + line + " has " + (i - start) + " characters; a line"
                            + " may have at most " + MAX_SCALAR_CHARS + " (a longer value cannot be valid)");
                }
                line++;
                start = i + 1;
            }
        }
    }

    private static ObjectNode readTree(String yamlText, Problems problems) throws ConfigException {
        JsonNode tree;
        try {
            tree = YamlTree.read(yamlText, problems);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException("config: not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("config: not valid YAML: " + e.getMessage());
        }
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            return ConfigBinder.YAML.createObjectNode();
        }
        if (!(tree instanceof ObjectNode root)) {
            throw new ConfigException("config: must be a mapping of keys (name, input, metrics, output, ...), got "
                    + (tree.isArray() ? "a list" : tree.isTextual() ? "'" + tree.asText() + "'" : tree.asText()));
        }
        return root;
    }

    /**
     * The effective config as written to the runs table, with every credential out of it ({@link Secrets}):
     * values of {@code spark.conf} settings that hold secrets (e.g. {@code spark.hadoop.fs.s3a.secret.key})
     * replaced, as Spark's UI does, secret parameters of {@code output.jdbc.url} masked (the password itself is
     * never in the config: {@code password_env} names the variable that holds it), and user-info of URIs
     * masked.
     */
    static String redactedYaml(ObjectNode root) {
        ObjectNode copy = Secrets.redact(root);
        try {
            return ConfigBinder.YAML.writeValueAsString(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the config back as YAML", e);
        }
    }
}
