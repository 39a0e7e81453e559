package org.imgloss.job.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imgloss.image.DecodeOptions;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.ParameterException;

/**
 * Parses an audit YAML file once into an immutable {@link AuditConfig} and validates all of it
 * before Spark starts: unknown keys, wrong types, unknown metrics (checked against
 * {@link MetricCatalog}), bad metric parameters (checked by {@link MetricDefinition#bind}), and
 * local input paths that cannot be read. Every problem is collected and reported at once in a
 * {@link ConfigException}, each naming its field and value.
 *
 * <p>Relative paths are local files, resolved against the base directory (the current directory
 * for the CLI) and turned into {@code file:} URIs. Paths with a scheme ({@code hdfs://},
 * {@code s3a://}, {@code file:}) are kept; only {@code file:} paths (and absolute paths when the
 * master is local) are checked here, remote ones are checked when the run lists them.
 */
public final class ConfigLoader {

    /** Column names of the scores table that a metric alias must not take. */
    public static final Set<String> RESERVED_COLUMNS = Set.of("key", "reconstruction_path", "original_path", "width",
            "height", "channels", "metric_errors", "error_code", "error_message", "run_id", "name");

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern COMPACT = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\((.*)\\))?\\s*(?:\\s[aA][sS]\\s+(\\S+))?\\s*", Pattern.DOTALL);
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path baseDir;
    private final Instant now;
    /** Carried columns known before Spark starts (directories, local CSV manifest), else null. */
    private List<String> knownCarried;

    /**
     * @param baseDir folder that relative paths are resolved against
     * @param now     the time an automatic run id is made from
     */
    public ConfigLoader(Path baseDir, Instant now) {
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.now = now;
    }

    /** Loader for the CLI: paths relative to the current directory, run id from the clock. */
    public static ConfigLoader forCurrentDirectory() {
        return new ConfigLoader(Path.of("").toAbsolutePath(), Instant.now());
    }

    /** Reads, overrides and validates a config file. */
    public AuditConfig load(Path file, List<String> overrides) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("config: cannot read '" + file + "' (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        return parse(text, overrides);
    }

    /** Parses, overrides and validates config text. */
    public AuditConfig parse(String yamlText, List<String> overrides) throws ConfigException {
        JsonNode tree;
        try {
            tree = YAML.readTree(yamlText);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException("config: not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            tree = JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw new ConfigException("config: must be a mapping of keys (name, input, metrics, output, ...), got "
                    + ConfigNode.describe(tree));
        }
        ObjectNode root = (ObjectNode) tree;
        List<String> errors = new ArrayList<>();
        for (String o : overrides) {
            applyOverride(root, o, errors);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        AuditConfig config = read(root, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return config;
    }

    // ---------------------------------------------------------------- overrides

    /**
     * Applies {@code key.path=value}: the value is read as YAML ({@code 8}, {@code true},
     * {@code [psnr, ssim]}), the path is dotted, and list items are addressed by index
     * ({@code metrics.1.data_range} or {@code metrics[1].data_range}); under {@code spark.conf.} the rest
     * of the path is one Spark setting name ({@code spark.conf.spark.sql.shuffle.partitions=8}).
     */
    static void applyOverride(ObjectNode root, String assignment, List<String> errors) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            errors.add("--set '" + assignment + "': expected key=value, e.g. output.format=csv");
            return;
        }
        String key = assignment.substring(0, eq).trim().replaceAll("\\[(\\d+)]", ".$1");
        String valueText = assignment.substring(eq + 1);
        JsonNode value;
        try {
            value = valueText.isBlank() ? TextNode.valueOf("") : YAML.readTree(valueText);
            if (value == null || value.isMissingNode()) {
                value = TextNode.valueOf(valueText);
            }
        } catch (JsonProcessingException e) {
            value = TextNode.valueOf(valueText);
        }
        String[] parts = key.split("\\.");
        if (parts.length > 3 && parts[0].equals("spark") && parts[1].equals("conf")) {
            // Spark setting names contain dots: spark.conf.spark.sql.shuffle.partitions=8
            parts = new String[] {"spark", "conf", String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))};
        }
        JsonNode current = root;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            String where = String.join(".", java.util.Arrays.copyOf(parts, i + 1));
            if (part.isEmpty()) {
                errors.add("--set " + key + ": empty key segment");
                return;
            }
            if (current instanceof ObjectNode obj) {
                if (last) {
                    obj.set(part, value);
                } else {
                    JsonNode next = obj.get(part);
                    if (next == null || next.isNull()) {
                        next = parts[i + 1].chars().allMatch(Character::isDigit) ? obj.arrayNode() : obj.objectNode();
                        obj.set(part, next);
                    }
                    current = next;
                }
            } else if (current instanceof ArrayNode arr) {
                if (!part.chars().allMatch(Character::isDigit)) {
                    errors.add("--set " + key + ": " + where + " is a list, address its items by index");
                    return;
                }
                int index = Integer.parseInt(part);
                if (index > arr.size()) {
                    errors.add("--set " + key + ": index " + index + " is past the end of a list of " + arr.size());
                    return;
                }
                if (last) {
                    if (index == arr.size()) {
                        arr.add(value);
                    } else {
                        arr.set(index, value);
                    }
                } else {
                    JsonNode next = index < arr.size() ? arr.get(index) : null;
                    if (next != null && next.isTextual()) {
                        // a metric written as a bare name becomes {name: ...} so that parameters can be set
                        ObjectNode expanded = arr.objectNode();
                        expanded.put("name", next.asText());
                        arr.set(index, expanded);
                        next = expanded;
                    } else if (next == null) {
                        next = arr.objectNode();
                        arr.add(next);
                    }
                    current = next;
                }
            } else {
                errors.add("--set " + key + ": " + String.join(".", java.util.Arrays.copyOf(parts, i))
                        + " is a single value, it has no '" + part + "'");
                return;
            }
        }
    }

    // ---------------------------------------------------------------- reading

    private AuditConfig read(ObjectNode root, List<String> errors) {
        ConfigNode top = new ConfigNode("", root, errors);
        String name = top.text("name", null);
        if (name == null && !top.has("name")) {
            top.error("name", "required: the dataset / audit name written to every output row");
        }
        String runIdText = top.text("run_id", "auto");
        String runId = runIdText;
        if ("auto".equalsIgnoreCase(runIdText)) {
            runId = RUN_ID_TIME.format(now);
        } else if (!RUN_ID.matcher(runIdText).matches()) {
            top.error("run_id", "must be 'auto' or letters, digits, '.', '_', '-' (it names a folder), got '"
                    + runIdText + "'");
        }

        ConfigNode sparkNode = top.section("spark");
        String master = sparkNode.text("master", SparkSettings.DEFAULT_MASTER);
        Map<String, String> sparkConf = sparkNode.scalarMap("conf");
        for (String k : sparkConf.keySet()) {
            if (!k.startsWith("spark.")) {
                errors.add("spark.conf." + k + ": Spark settings start with 'spark.' (Hadoop ones with 'spark.hadoop.')");
            }
        }
        sparkNode.finish();
        SparkSettings spark = new SparkSettings(master, sparkConf);
        boolean localMaster = master.startsWith("local");

        InputConfig input = readInput(top.section("input"), localMaster, errors);

        List<MetricConfig> metrics = readMetrics(top.raw("metrics"), errors);
        if (knownCarried != null && metrics != null) {
            errors.addAll(maskColumnErrors(metrics, knownCarried));
        }

        ConfigNode out = top.section("output");
        String outPath = out.text("path", null);
        if (outPath == null && !out.has("path")) {
            out.error("path", "required: the folder that will hold the scores, summary and runs tables");
        }
        OutputFormat format = out.enumChoice("format", OutputFormat.class, OutputFormat.PARQUET);
        boolean metamersGiven = out.has("metamers");
        String metamerMetric = readMetamerOutput(out.section("metamers"), metamersGiven, metrics);
        if (outPath != null) {
            outPath = resolvePath(outPath);
            Path local = localPath(outPath, localMaster);
            if (local != null && Files.exists(local) && !Files.isDirectory(local)) {
                out.error("path", "'" + outPath + "' exists and is not a folder");
            }
        }
        out.finish();
        top.finish();

        root.put("run_id", runId);
        String yaml;
        try {
            yaml = YAML.writeValueAsString(redacted(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the config back as YAML", e);
        }
        if (!errors.isEmpty()) {
            return null;
        }
        return new AuditConfig(name, runId, spark, input, metrics, new OutputConfig(outPath, format, metamerMetric), yaml);
    }

    /** Spark's default {@code spark.redaction.regex}: settings whose names match hold secrets. */
    static final Pattern SECRET_KEY = Pattern.compile("(?i)secret|password|token|access[.]?key");

    /**
     * The config as written to the runs table: values of {@code spark.conf} settings that hold
     * secrets (e.g. {@code spark.hadoop.fs.s3a.secret.key}) replaced, as Spark's UI does.
     */
    static JsonNode redacted(ObjectNode root) {
        ObjectNode copy = root.deepCopy();
        JsonNode conf = copy.path("spark").path("conf");
        if (conf instanceof ObjectNode c) {
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : c.properties()) {
                names.add(e.getKey());
            }
            for (String n : names) {
                if (SECRET_KEY.matcher(n).find()) {
                    c.put(n, "*********(redacted)");
                }
            }
        }
        return copy;
    }

    private InputConfig readInput(ConfigNode in, boolean localMaster, List<String> errors) {
        if (!in.has("type")) {
            in.error("type", "required: one of directories, manifest, parquet");
        }
        InputType type = in.enumChoice("type", InputType.class, null);
        List<String> groupBy = in.textList("group_by");
        DecodeConfig decode = readDecode(in.section("decode"));

        String reconstructions = null;
        String originals = null;
        MatchMode match = MatchMode.RELATIVE_PATH;
        String path = null;
        String manifestFormat = "auto";
        String keyColumn = "key";
        boolean keyExplicit = false;
        String reconColumn = "reconstruction";
        String origColumn = "original";
        Set<String> directoryKeys = Set.of("reconstructions", "originals", "match");
        Set<String> tableKeys = Set.of("path", "key_column", "reconstruction_column", "original_column");
        if (type == InputType.DIRECTORIES) {
            reconstructions = in.requiredText("reconstructions", " for input.type directories: the folder of reconstructions");
            originals = in.requiredText("originals", " for input.type directories: the folder of originals");
            match = in.enumChoice("match", MatchMode.class, MatchMode.RELATIVE_PATH);
            reconstructions = checkedPath(in, "reconstructions", reconstructions, true, localMaster);
            originals = checkedPath(in, "originals", originals, true, localMaster);
            rejectKeys(in, tableKeys, "directories");
            rejectKeys(in, Set.of("format"), "directories");
        } else if (type == InputType.MANIFEST || type == InputType.PARQUET) {
            path = in.requiredText("path", " for input.type " + type.configName() + ": the "
                    + (type == InputType.MANIFEST ? "manifest (CSV with header, or Parquet)" : "Parquet table"));
            path = checkedPath(in, "path", path, false, localMaster);
            keyExplicit = in.has("key_column");
            keyColumn = in.text("key_column", "key");
            reconColumn = in.text("reconstruction_column", "reconstruction");
            origColumn = in.text("original_column", "original");
            if (type == InputType.MANIFEST) {
                manifestFormat = in.choice("format", List.of("auto", "csv", "parquet"), "auto");
            } else {
                rejectKeys(in, Set.of("format"), "parquet");
            }
            rejectKeys(in, directoryKeys, type.configName());
        } else {
            // type missing or wrong: already reported; accept the type-specific keys silently
            for (String k : directoryKeys) {
                in.allow(k);
            }
            for (String k : tableKeys) {
                in.allow(k);
            }
            in.allow("format");
        }
        in.finish();
        // columns known without Spark: directories carry 'folder'; a local CSV manifest has a header row
        List<String> header = type == InputType.MANIFEST ? localCsvHeader(path, manifestFormat, localMaster) : null;
        if (header != null) {
            checkColumn(errors, header, "reconstruction_column", reconColumn);
            checkColumn(errors, header, "original_column", origColumn);
            if (keyExplicit) {
                checkColumn(errors, header, "key_column", keyColumn);
            }
        }
        List<String> carried = type == InputType.DIRECTORIES ? List.of("folder") : null;
        if (header != null) {
            carried = new ArrayList<>(header);
            carried.removeAll(List.of(reconColumn, origColumn, keyColumn));
        }
        knownCarried = carried;
        if (carried != null) {
            for (int i = 0; i < groupBy.size(); i++) {
                if (!carried.contains(groupBy.get(i))) {
                    errors.add("input.group_by[" + i + "]: '" + groupBy.get(i) + "' is not a carried column (carried: "
                            + (carried.isEmpty() ? "none" : String.join(", ", carried)) + ")");
                }
            }
        }
        return new InputConfig(type, reconstructions, originals, match, path, manifestFormat, keyColumn, keyExplicit,
                reconColumn, origColumn, groupBy, decode);
    }

    /**
     * The mask column of {@code enl} / {@code enl_loss} must be a carried column of the input:
     * one error per metric whose column is not, naming {@code metrics[i].mask}.
     */
    public static List<String> maskColumnErrors(List<MetricConfig> metrics, List<String> carried) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            String column = metrics.get(i).maskColumn();
            if (column != null && !carried.contains(column)) {
                errors.add("metrics[" + i + "].mask: '" + column + "' is not a carried column of the input (carried: "
                        + (carried.isEmpty() ? "none" : String.join(", ", carried))
                        + "); give a column holding mask image paths, or auto / ones");
            }
        }
        return errors;
    }

    /**
     * {@code output.metamers: {enabled: true, metric: <alias>}}: the alias of a {@code metamer_mse}
     * metric whose metamers are written, or null. {@code metric} may be left out when exactly one
     * {@code metamer_mse} metric is configured.
     */
    private static String readMetamerOutput(ConfigNode m, boolean given, List<MetricConfig> metrics) {
        boolean enabled = "true".equals(m.choice("enabled", List.of("true", "false"), given ? "true" : "false"));
        String metric = m.text("metric", null);
        m.finish();
        if (!enabled) {
            return null;
        }
        if (metrics == null) {
            return null; // metrics are wrong: already reported
        }
        List<String> aliases = new ArrayList<>();
        for (MetricConfig c : metrics) {
            if (c.name().equals("metamer_mse")) {
                aliases.add(c.alias());
            }
        }
        if (metric == null) {
            if (aliases.size() == 1) {
                return aliases.get(0);
            }
            m.error("metric", aliases.isEmpty()
                    ? "writing metamers needs a metamer_mse metric in metrics (none is configured)"
                    : "several metamer_mse metrics (" + String.join(", ", aliases) + "): name the one whose metamers to write");
            return null;
        }
        if (!aliases.contains(metric)) {
            m.error("metric", "'" + metric + "' is not the alias of a metamer_mse metric (metamer_mse aliases: "
                    + (aliases.isEmpty() ? "none" : String.join(", ", aliases)) + ")");
            return null;
        }
        return metric;
    }

    private static void rejectKeys(ConfigNode in, Set<String> keys, String type) {
        for (String k : keys) {
            if (in.keys().contains(k)) {
                in.allow(k);
                in.error(k, "not used with input.type " + type);
            }
        }
    }

    private static DecodeConfig readDecode(ConfigNode d) {
        DecodeOptions.Color color = d.enumChoice("color", DecodeOptions.Color.class, DecodeOptions.Color.KEEP);
        DecodeOptions.Domain domain = d.enumChoice("domain", DecodeOptions.Domain.class, DecodeOptions.Domain.LINEAR);
        double eps = d.number("eps", DecodeOptions.DEFAULT_EPS, v -> v >= 0 && Double.isFinite(v),
                "must be a finite number >= 0");
        DecodeOptions.Normalize normalize =
                d.enumChoice("normalize", DecodeOptions.Normalize.class, DecodeOptions.Normalize.NONE);
        long maxPixels = d.integer("max_pixels", DecodeOptions.DEFAULT_MAX_PIXELS, 1);
        d.finish();
        return new DecodeConfig(color, domain, eps, normalize, maxPixels);
    }

    private List<MetricConfig> readMetrics(JsonNode node, List<String> errors) {
        List<MetricConfig> out = new ArrayList<>();
        if (node == null) {
            errors.add("metrics: required: a list of metric names or {name: ..., <parameter>: ..., as: ...} entries"
                    + " (see 'imgloss metrics')");
            return out;
        }
        if (!node.isArray()) {
            if (node.isTextual()) {
                node = JsonNodeFactory.instance.arrayNode().add(node);
            } else {
                errors.add("metrics: must be a list, got " + ConfigNode.describe(node));
                return out;
            }
        }
        if (node.isEmpty()) {
            errors.add("metrics: must name at least one metric (see 'imgloss metrics')");
        }
        Map<String, Integer> aliases = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String where = "metrics[" + i + "]";
            MetricConfig m = readMetric(where, node.get(i), errors);
            if (m == null) {
                continue;
            }
            Integer previous = aliases.putIfAbsent(m.alias(), i);
            if (previous != null) {
                errors.add(where + ".as: alias '" + m.alias() + "' is already used by metrics[" + previous
                        + "]; give one of them another name with 'as: <alias>'");
            } else if (RESERVED_COLUMNS.contains(m.alias())) {
                errors.add(where + ".as: '" + m.alias() + "' is a column of the scores table; choose another alias");
            }
            out.add(m);
        }
        return out;
    }

    private static MetricConfig readMetric(String where, JsonNode entry, List<String> errors) {
        String name;
        String alias = null;
        Map<String, Object> params = new LinkedHashMap<>();
        if (entry == null || entry.isNull()) {
            errors.add(where + ": must be a metric name or a mapping with 'name', got nothing");
            return null;
        }
        if (entry.isTextual()) {
            Matcher m = COMPACT.matcher(entry.asText());
            if (!m.matches()) {
                errors.add(where + ": expected a metric name (or name(key=value, ...) as alias), got '"
                        + entry.asText() + "'");
                return null;
            }
            name = m.group(1).toLowerCase(java.util.Locale.ROOT);
            try {
                params.putAll(MetricSpec.parseOptions(m.group(2)));
            } catch (IllegalArgumentException e) {
                errors.add(where + ": " + e.getMessage());
                return null;
            }
            alias = m.group(3);
        } else if (entry.isObject()) {
            JsonNode nameNode = entry.get("name");
            if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
                errors.add(where + ".name: required: the metric's name (see 'imgloss metrics'), got "
                        + ConfigNode.show(nameNode));
                return null;
            }
            name = nameNode.asText().trim().toLowerCase(java.util.Locale.ROOT);
            for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                if (k.equals("name")) {
                    continue;
                }
                if (k.equals("as")) {
                    if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                        errors.add(where + ".as: must be a column name, got " + ConfigNode.describe(e.getValue()));
                        return null;
                    }
                    alias = e.getValue().asText();
                } else if (k.equals("params")) {
                    if (!e.getValue().isObject()) {
                        errors.add(where + ".params: must be a mapping, got " + ConfigNode.describe(e.getValue()));
                        continue;
                    }
                    for (Iterator<Map.Entry<String, JsonNode>> p = e.getValue().fields(); p.hasNext(); ) {
                        Map.Entry<String, JsonNode> pe = p.next();
                        putParam(where + ".params", pe.getKey(), pe.getValue(), params, errors);
                    }
                } else {
                    putParam(where, k, e.getValue(), params, errors);
                }
            }
        } else {
            errors.add(where + ": must be a metric name or a mapping with 'name', got " + ConfigNode.describe(entry));
            return null;
        }
        MetricDefinition d;
        try {
            d = MetricCatalog.get(name);
        } catch (IllegalArgumentException e) {
            // unknown (listing the known ones), or provided by a jar that is not on the class path
            errors.add(where + ".name: " + e.getMessage());
            return null;
        }
        boolean ok = true;
        for (Map.Entry<String, Object> p : params.entrySet()) {
            try {
                d.bind(Map.of(p.getKey(), p.getValue()));
            } catch (ParameterException e) {
                errors.add(where + "." + e.getMessage());
                ok = false;
            } catch (IllegalArgumentException e) {
                errors.add(where + "." + p.getKey() + ": " + e.getMessage());
                ok = false;
            }
        }
        List<String> notes = List.of();
        if (ok) {
            // parameters that are only wrong together: bind all, then build a kernel once, which
            // checks combinations (e.g. a window size the chosen SSIM variant does not have)
            try {
                notes = d.create(d.bind(params)).notes();
            } catch (ParameterException e) {
                errors.add(where + "." + e.getMessage());
                ok = false;
            } catch (IllegalArgumentException e) {
                errors.add(where + ": " + e.getMessage());
                ok = false;
            } catch (RuntimeException | LinkageError e) {
                // not a parameter problem (e.g. a native library that does not load here): the
                // metric reports it per pair as NOT_APPLICABLE
            }
        }
        String finalAlias = alias == null ? name : alias;
        try {
            new MetricSpec(finalAlias, d, d.bind(Map.of()));
        } catch (ParameterException e) {
            errors.add(where + "." + e.getMessage());
            ok = false;
        }
        return ok ? new MetricConfig(finalAlias, name, params, notes) : null;
    }

    private static void putParam(String where, String key, JsonNode value, Map<String, Object> params,
                                 List<String> errors) {
        Object v = plain(value);
        if (v == null) {
            errors.add(where + "." + key + ": must be a number, text, boolean or list of numbers, got "
                    + ConfigNode.describe(value));
            return;
        }
        params.put(key, v);
    }

    /** A YAML value as a plain Java value (String, Integer/Long, Double, Boolean, List), or null. */
    private static Object plain(JsonNode v) {
        if (v == null || v.isNull() || v.isObject()) {
            return null;
        }
        if (v.isArray()) {
            List<Object> items = new ArrayList<>();
            for (JsonNode item : v) {
                Object p = plain(item);
                if (p == null || p instanceof List) {
                    return null;
                }
                items.add(p);
            }
            return items;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        return v.asText();
    }

    /** The header row of a local CSV manifest, or null when it is not one (or cannot be read here). */
    private static List<String> localCsvHeader(String resolved, String format, boolean localMaster) {
        if (resolved == null || format.equals("parquet")
                || (format.equals("auto") && resolved.toLowerCase(java.util.Locale.ROOT).endsWith(".parquet"))) {
            return null;
        }
        Path local = localPath(resolved, localMaster);
        if (local == null || !Files.isRegularFile(local) || !Files.isReadable(local)) {
            return null;
        }
        try (var lines = Files.lines(local)) {
            String first = lines.findFirst().orElse("");
            if (first.startsWith("\uFEFF")) {
                first = first.substring(1);
            }
            return sparkHeaderNames(csvCells(first));
        } catch (IOException | java.io.UncheckedIOException e) {
            return null; // reported when the run reads it
        }
    }

    /**
     * The cells of one CSV line as Spark's reader splits them with the options the manifest source
     * passes (RFC 4180: {@code "} quotes a cell, a doubled {@code ""} inside a quoted cell is one quote;
     * no whitespace trimming, Spark's default when reading).
     */
    static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') { // quoted cell
                i++;
                while (i < n) {
                    char ch = line.charAt(i);
                    if (ch == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            cell.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    cell.append(ch);
                    i++;
                }
            }
            while (i < n && line.charAt(i) != ',') { // unquoted cell, or text after a closing quote
                cell.append(line.charAt(i));
                i++;
            }
            cells.add(cell.toString());
            cell.setLength(0);
            if (i >= n) {
                return cells;
            }
            i++; // the comma
        }
    }

    /**
     * Column names as Spark makes them from header cells (case-insensitive analysis, the default): an
     * empty cell is {@code _c<index>}, a name repeated (ignoring case) gets its index appended.
     */
    static List<String> sparkHeaderNames(List<String> cells) {
        Map<String, Integer> seen = new HashMap<>();
        for (String c : cells) {
            if (!c.isEmpty()) {
                seen.merge(c.toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (c.isEmpty()) {
                names.add("_c" + i);
            } else if (seen.get(c.toLowerCase(java.util.Locale.ROOT)) > 1) {
                names.add(c + i);
            } else {
                names.add(c);
            }
        }
        return names;
    }

    private static void checkColumn(List<String> errors, List<String> header, String key, String name) {
        if (!header.contains(name)) {
            errors.add("input." + key + ": no column '" + name + "' in the manifest (columns: "
                    + String.join(", ", header) + ")");
        }
    }

    // ---------------------------------------------------------------- paths

    /** Relative paths become {@code file:} URIs under the base directory; URIs and absolute paths stay. */
    String resolvePath(String p) {
        if (SCHEME.matcher(p).matches() || p.startsWith("/")) {
            return p;
        }
        return "file:" + baseDir.resolve(p).normalize();
    }

    /** The local file behind a resolved path, or null when it is not (known to be) local. */
    private static Path localPath(String resolved, boolean localMaster) {
        if (resolved.startsWith("file:")) {
            try {
                return Path.of(new URI(resolved.replace(" ", "%20")).getPath());
            } catch (Exception e) {
                return Path.of(resolved.substring("file:".length()));
            }
        }
        if (resolved.startsWith("/") && localMaster) {
            return Path.of(resolved);
        }
        return null;
    }

    private String checkedPath(ConfigNode in, String key, String value, boolean folder, boolean localMaster) {
        if (value == null) {
            return null;
        }
        String resolved = resolvePath(value);
        Path local = localPath(resolved, localMaster);
        if (local != null) {
            if (!Files.exists(local)) {
                in.error(key, "cannot read '" + value + "': no such " + (folder ? "folder" : "file or folder")
                        + (value.equals(local.toString()) ? "" : " (" + local + ")"));
            } else if (folder && !Files.isDirectory(local)) {
                in.error(key, "'" + value + "' is not a folder");
            } else if (!Files.isReadable(local)) {
                in.error(key, "cannot read '" + value + "': permission denied");
            }
        }
        return resolved;
    }
}
