package org.imgloss.job.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imgloss.image.DecodeOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per kind of config mistake: each message names the field and the value. */
class ConfigLoaderTest {

    private static final Instant NOW = Instant.parse("2026-11-23T02:30:05Z");

    @TempDir
    Path dir;
    private ConfigLoader loader;

    @BeforeEach
    void folders() throws IOException {
        Files.createDirectories(dir.resolve("recon"));
        Files.createDirectories(dir.resolve("orig"));
        Files.writeString(dir.resolve("pairs.csv"), "key,reconstruction,original\n");
        Files.writeString(dir.resolve("pairs_model.csv"), "key,reconstruction,original,model\n");
        loader = new ConfigLoader(dir, NOW);
    }

    private static String valid() {
        return """
                name: sample
                input:
                  type: directories
                  reconstructions: recon
                  originals: orig
                metrics:
                  - psnr
                  - {name: ssim, variant: skimage, as: ssim_skimage}
                output:
                  path: out
                """;
    }

    private List<String> errors(String yaml, String... overrides) {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml, List.of(overrides)));
        return e.errors();
    }

    private static void assertHas(List<String> errors, String expected) {
        assertTrue(errors.contains(expected), "expected <" + expected + "> in " + errors);
    }

    private static void assertHasPrefix(List<String> errors, String prefix) {
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(prefix)), "expected an error starting <" + prefix
                + "> in " + errors);
    }

    @Test
    void validConfigIsReadWithDefaults() throws ConfigException {
        AuditConfig c = loader.parse(valid(), List.of());
        assertEquals("sample", c.name());
        assertTrue(c.runId().matches("20261123T023005\\.\\d{3}Z-[0-9a-f]{4}"), c.runId());
        assertEquals(InputType.DIRECTORIES, c.input().type());
        assertEquals("file:" + dir.resolve("recon"), c.input().reconstructions());
        assertEquals(PairMatch.RELATIVE_PATH, c.input().match());
        assertEquals(DecodeConfig.DEFAULT, c.input().decode());
        assertEquals(List.of("psnr", "ssim_skimage"), c.metrics().stream().map(MetricConfig::alias).toList());
        assertEquals(Map.of("variant", "skimage"), c.metrics().get(1).parameters());
        assertEquals(OutputFormat.DELTA, c.output().format());
        assertEquals("file:" + dir.resolve("out"), c.output().path());
        assertEquals("local[*]", c.spark().master());
        assertTrue(c.yaml().contains("run_id: " + c.runId()), c.yaml());
    }

    @Test
    void unknownKeysAreNamed() {
        List<String> e = errors(valid() + "outptu: {}\n", "input.fromat=csv");
        assertHasPrefix(e, "outptu: unknown key (known: name, run_id, spark, input, metrics, output, checks, report, summary); did you mean 'output'?");
        assertHasPrefix(e, "input.fromat: unknown key (known: ");
        assertEquals(2, e.size(), e.toString());
    }

    @Test
    void reportSectionHasDefaultsAndBounds() throws ConfigException {
        assertEquals(ReportConfig.DEFAULT, loader.parse(valid(), List.of()).report());
        ReportConfig r = loader.parse(valid() + "report: {enabled: false, worst: 3, trend_runs: 5}\n", List.of()).report();
        assertEquals(new ReportConfig(false, 3, 5), r);
        List<String> e = errors(valid() + "report: {worst: 51, trend_runs: 0, enabled: maybe, colour: red}\n");
        assertHas(e, "report.worst: must be 0 to 50 (pairs shown per metric), got 51");
        assertHas(e, "report.trend_runs: must be 1 to 1000 (earlier runs in the trends), got 0");
        assertHas(e, "report.enabled: must be one of true, false, got 'maybe'");
        assertHas(e, "report.colour: unknown key (known: enabled, worst, trend_runs)");
        assertHas(errors(valid(), "report.worst=many"), "report.worst: must be an integer, got 'many'");
    }

    @Test
    void summarySectionHasADefaultAndABound() throws ConfigException {
        assertEquals(SummaryConfig.DEFAULT, loader.parse(valid(), List.of()).summary());
        assertEquals(1_000_000L, SummaryConfig.DEFAULT.exactPercentilesUpTo());
        assertEquals(5L, loader.parse(valid() + "summary: {exact_percentiles_up_to: 5}\n", List.of()).summary()
                .exactPercentilesUpTo());
        assertEquals(0L, loader.parse(valid(), List.of("summary.exact_percentiles_up_to=0")).summary()
                .exactPercentilesUpTo());
        List<String> e = errors(valid() + "summary: {exact_percentiles_up_to: -1, exact: 3}\n");
        assertHas(e, "summary.exact_percentiles_up_to: must be a whole number >= 0 (values per group and metric with"
                + " exact percentiles; above it they are approximate), got -1");
        assertHasPrefix(e, "summary.exact: unknown key (known: exact_percentiles_up_to)");
        assertHasPrefix(errors(valid(), "summary.exact_percentiles_up_to=lots"),
                "summary.exact_percentiles_up_to: must be ");
    }

    @Test
    void unknownNestedKeyListsTheKnownOnes() {
        List<String> e = errors(valid(), "input.decode.colour=gray");
        assertHasPrefix(e, "input.decode.colour: unknown key (known: color, domain, eps, normalize, max_pixels");
    }

    @Test
    void badChoiceNamesFieldChoicesAndValue() {
        List<String> e = errors(valid(), "input.type=folders");
        assertHas(e, "input.type: must be one of directories, manifest, parquet, got 'folders'");
    }

    @Test
    void wrongTypesAreNamed() {
        List<String> e = errors(valid(), "spark.conf=[a, b]", "input.decode.eps=abc", "input.decode.max_pixels=0",
                "output=3");
        assertHas(e, "spark.conf: must be a mapping, got a list");
        assertHas(e, "input.decode.eps: must be a number, got 'abc'");
        assertHas(e, "input.decode.max_pixels: must be an integer from 1 to 9223372036854775807, got 0");
        assertHas(e, "output: must be a mapping, got 3");
    }

    @Test
    void matchTakesANameOrAPatternPerSide() throws ConfigException {
        AuditConfig c = loader.parse(valid(), List.of("input.match={reconstructions: '(?<key>.+)_recon', originals: '(?<key>.+)'}"));
        assertEquals(new PairMatch(PairMatch.Kind.PATTERN, "(?<key>.+)_recon", "(?<key>.+)"), c.input().match());
        assertEquals(PairMatch.STEM, loader.parse(valid(), List.of("input.match=stem")).input().match());
        List<String> e = errors(valid(), "input.match={reconstructions: '(.+)_recon', originals: '(?<key>.+'}");
        assertHas(e, "input.match.reconstructions: needs a named group (?<key>...) that captures the pairing key,"
                + " got '(.+)_recon'");
        assertHasPrefix(e, "input.match.originals: not a regular expression (");
        assertHasPrefix(errors(valid(), "input.match=stems"), "input.match: must be relative_path, stem or a mapping");
        assertTrue(errors(valid(), "input.match=stems").get(0).endsWith("got 'stems'; did you mean 'stem'?"));
        assertHasPrefix(errors(valid(), "input.match={reconstructions: '(?<key>.+)_recon'}"),
                "input.match.originals: required: a regular expression");
    }

    /** 255 on 8-bit images that decode to [0, 1]: PSNR ~48 dB off. Refused, naming the range and the fix. */
    @Test
    void aDataRangeThatDoesNotFitTheDecodedValuesIsRefused() throws ConfigException {
        List<String> e = errors(valid(), "metrics[0].data_range=255", "metrics[1].data_range=65535");
        assertHas(e, "metrics[0].data_range: 255 does not fit the decoded values: 8- and 16-bit images decode to"
                + " [0, 1] (input.decode.values: unit); set data_range: 1, or keep the integer code values (0..255,"
                + " scikit-image's uint8 convention) with input.decode.values: code");
        assertHasPrefix(e, "metrics[1].data_range: 65535 does not fit the decoded values: ");
        assertEquals(2, e.size(), e.toString());
        // the fix: code values with the integer range
        AuditConfig c = loader.parse(valid(), List.of("input.decode.values=code", "metrics[0].data_range=255",
                "metrics[1].data_range=255"));
        assertEquals(DecodeOptions.Values.CODE, c.input().decode().toOptions().values());
        // code values with the default range 1
        assertEquals(List.of("metrics[0].data_range: 1 does not fit the decoded values: input.decode.values: code"
                + " keeps 8-bit images in [0, 255] and 16-bit ones in [0, 65535]; set data_range: 255 (8-bit) or"
                + " 65535 (16-bit)"), errors(valid(), "input.decode.values=code", "metrics[1].data_range=255"));
        // float images with their own range, normalisation, the dB domain: as given
        loader.parse(valid(), List.of("metrics[0].data_range=1.5"));
        loader.parse(valid(), List.of("input.decode.domain=db", "metrics[0].data_range=255"));
        assertHasPrefix(errors(valid(), "input.decode.normalize=original_minmax", "metrics[0].data_range=255"),
                "metrics[0].data_range: 255 does not fit the decoded values: normalize: original_minmax maps");
    }

    /** Typos get the nearest known name: metrics, their choices and parameters, config keys. */
    @Test
    void typosGetTheNearestKnownName() {
        List<String> e = errors(valid().replace("  - psnr\n", "  - ssmi\n  - ms-ssim\n  - {name: ssim, variant: skimag, window_sise: 7}\n")
                .replace("output:", "outputs:"));
        assertHasPrefix(e, "metrics[0].name: unknown metric 'ssmi' (known: ");
        assertTrue(e.stream().anyMatch(l -> l.startsWith("metrics[0].name: ") && l.endsWith("; did you mean 'ssim'?")), e.toString());
        assertTrue(e.stream().anyMatch(l -> l.startsWith("metrics[1]: ") && l.endsWith("; did you mean 'ms_ssim'?")), e.toString());
        assertTrue(e.stream().anyMatch(l -> l.startsWith("metrics[2].variant: must be one of ")
                && l.endsWith("got 'skimag'; did you mean 'skimage'?")), e.toString());
        assertTrue(e.stream().anyMatch(l -> l.startsWith("metrics[2].window_sise: unknown parameter of ssim")
                && l.endsWith("; did you mean 'window_size'?")), e.toString());
        assertHas(e, "outputs: unknown key (known: name, run_id, spark, input, metrics, output, checks, report, summary); did you mean 'output'?");
        // nothing near: no guess
        assertFalse(errors(valid().replace("  - psnr\n", "  - frobnicate\n")).toString().contains("did you mean"));
    }

    @Test
    void unknownMetricIsNamedWithItsIndex() {
        List<String> e = errors(valid(), "metrics[1]=sssim");
        assertHasPrefix(e, "metrics[1].name: unknown metric 'sssim' (known: ");
    }

    @Test
    void badParameterValuesAreAllReported() {
        String yaml = valid().replace("  - psnr\n", "  - {name: psnr, data_range: -1}\n  - {name: ssim, variant: fancy, k1: x}\n");
        List<String> e = errors(yaml);
        assertHas(e, "metrics[0].data_range: must be a finite number > 0, got -1");
        assertHasPrefix(e, "metrics[1].variant: must be one of ");
        assertHas(e, "metrics[1].k1: must be a number, got 'x'");
    }

    @Test
    void theIssuesExampleMessage() {
        List<String> e = errors(valid(), "metrics[2]={name: ssim, window_size: 10, as: ssim10}");
        assertEquals(List.of("metrics[2].window_size: must be odd, got 10"), e);
    }

    @Test
    void parametersThatAreOnlyWrongTogetherAreNamed() {
        List<String> e = errors(valid(), "metrics[1].gaussian_sigma=2");
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).startsWith("metrics[1].gaussian_sigma: variant skimage"), e.toString());
    }

    @Test
    void unknownParameterIsNamed() {
        List<String> e = errors(valid(), "metrics[0].window_size=7");
        assertHasPrefix(e, "metrics[0].window_size: unknown parameter of psnr (known: data_range");
    }

    @Test
    void compactMetricStringsAreAccepted() throws ConfigException {
        AuditConfig c = loader.parse(valid(), List.of("metrics[0]=psnr(data_range=2) as psnr2"));
        assertEquals("psnr2", c.metrics().get(0).alias());
        assertEquals(Map.of("data_range", "2"), c.metrics().get(0).parameters());
    }

    @Test
    void duplicateAndReservedAliasesAreRejected() {
        List<String> e = errors(valid(), "metrics[1]=ssim as psnr", "metrics[2]={name: mse, as: width}");
        assertHasPrefix(e, "metrics[1].as: alias 'psnr' is already used by metrics[0]");
        assertHasPrefix(e, "metrics[2].as: 'width' is a column of the scores table");
    }

    @Test
    void unreadableInputPathsAreNamed() {
        List<String> e = errors(valid(), "input.originals=nowhere", "input.reconstructions=pairs.csv");
        assertHasPrefix(e, "input.originals: cannot read 'nowhere': no such folder");
        assertHas(e, "input.reconstructions: 'pairs.csv' is not a folder");
    }

    @Test
    void remotePathsAreNotCheckedHere() throws ConfigException {
        AuditConfig c = loader.parse(valid(), List.of("input.reconstructions=hdfs://nn:8020/data/recon",
                "input.originals=s3a://bucket/orig"));
        assertEquals("hdfs://nn:8020/data/recon", c.input().reconstructions());
        assertEquals("s3a://bucket/orig", c.input().originals());
    }

    @Test
    void missingRequiredKeysAreNamed() {
        List<String> e = errors("input: {type: directories}\nmetrics: [psnr]\n");
        assertHasPrefix(e, "name: required");
        assertHasPrefix(e, "input.reconstructions: required for input.type directories");
        assertHasPrefix(e, "input.originals: required for input.type directories");
        assertHasPrefix(e, "output.path: required");
    }

    @Test
    void keysOfAnotherInputTypeAreRejected() {
        List<String> e = errors(valid(), "input.key_column=id");
        assertHas(e, "input.key_column: not used with input.type directories");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        List<String> e = errors(valid(), "input.type=folders", "metrics[0].data_range=0", "output.format=xlsx",
                "run_id=a/b", "spark.conf.executor.memory=2g");
        assertEquals(5, e.size(), e.toString());
        assertHas(e, "output.format: must be one of delta, parquet, csv, json, got 'xlsx'");
        assertHasPrefix(e, "run_id: must be 'auto' or letters");
        assertHasPrefix(e, "spark.conf.executor.memory: Spark settings start with 'spark.'");
        assertHas(e, "metrics[0].data_range: must be a finite number > 0, got 0");
    }

    @Test
    void yamlSyntaxErrorsGiveTheLine() {
        List<String> e = errors("name: x\ninput: [\n");
        assertHasPrefix(e, "config: not valid YAML at line");
    }

    @Test
    void duplicateYamlKeysAreRejected() {
        List<String> e = errors(valid() + "name: again\n");
        assertHasPrefix(e, "config: not valid YAML");
        assertTrue(e.get(0).contains("name"), e.toString());
    }

    @Test
    void badOverrideSyntaxIsNamed() {
        List<String> e = errors(valid(), "output.format");
        assertHas(e, "--set 'output.format': expected key=value, e.g. output.format=csv");
    }

    @Test
    void overridesReplaceValuesAndAddKeys() throws ConfigException {
        AuditConfig c = loader.parse(valid(), List.of("output.format=csv", "run_id=r1", "spark.conf.spark.sql.shuffle.partitions=3",
                "input.decode.color=gray", "input.group_by=[folder]", "metrics[2]=mse"));
        assertEquals(OutputFormat.CSV, c.output().format());
        assertEquals("r1", c.runId());
        assertEquals(Map.of("spark.sql.shuffle.partitions", "3"), c.spark().conf());
        assertEquals(DecodeOptions.Color.GRAY, c.input().decode().color());
        assertEquals(List.of("folder"), c.input().groupBy());
        assertEquals(List.of("psnr", "ssim_skimage", "mse"), c.metrics().stream().map(MetricConfig::alias).toList());
    }

    @Test
    void manifestColumnsAndGroupByAreCheckedBeforeSpark() {
        List<String> e = errors("""
                name: m
                input: {type: manifest, path: pairs.csv, original_column: orig, group_by: [model]}
                metrics: [mse]
                output: {path: out}
                """);
        assertEquals(List.of("input.original_column: no column 'orig' in the manifest (columns: key, reconstruction,"
                + " original)", "input.group_by[0]: 'model' is not a carried column (carried: original)"), e);
    }

    @Test
    void directoriesCarryOnlyFolder() {
        List<String> e = errors(valid(), "input.group_by=[folder, split]");
        assertEquals(List.of("input.group_by[1]: 'split' is not a carried column (carried: folder)"), e);
    }

    @Test
    void manifestDefaultsAndFormat() throws ConfigException {
        AuditConfig c = loader.parse("""
                name: m
                input: {type: manifest, path: pairs_model.csv, group_by: [model]}
                metrics: [mse]
                output: {path: out, format: json}
                """, List.of());
        assertEquals(InputType.MANIFEST, c.input().type());
        assertEquals("file:" + dir.resolve("pairs_model.csv"), c.input().path());
        assertEquals("key", c.input().keyColumn());
        assertFalse(c.input().keyColumnExplicit());
        assertEquals("reconstruction", c.input().reconstructionColumn());
        assertEquals(OutputFormat.JSON, c.output().format());
    }

    @Test
    void everyUnknownKeyOfAFileIsReportedWithTheKnownKeysOfItsSection() {
        String yaml = valid().replace("  originals: orig\n", "  originals: orig\n  decode: {colour: gray, max_pixel: 9}\n")
                + "outptu: {}\nrunid: r1\n";
        List<String> e = errors(yaml, "output.metamers={enabled: true, alias: mm}", "spark.mater=local");
        assertHas(e, "outptu: unknown key (known: name, run_id, spark, input, metrics, output, checks, report, summary); did you mean 'output'?");
        assertHas(e, "runid: unknown key (known: name, run_id, spark, input, metrics, output, checks, report, summary); did you mean 'run_id'?");
        assertHas(e, "input.decode.colour: unknown key (known: color, domain, eps, normalize, max_pixels, values); did you mean 'color'?");
        assertHas(e, "input.decode.max_pixel: unknown key (known: color, domain, eps, normalize, max_pixels, values); did you mean 'max_pixels'?");
        assertHas(e, "output.metamers.alias: unknown key (known: enabled, metric)");
        assertHas(e, "spark.mater: unknown key (known: master, conf); did you mean 'master'?");
        assertHasPrefix(e, "output.metamers.metric: writing metamers needs a metamer_mse metric");
        assertEquals(7, e.size(), e.toString());
    }

    @Test
    void aValueOfTheWrongTypeIsNamedByItsDottedPathWithItsValue() {
        List<String> e = errors(valid(), "input.decode.max_pixels=1.5", "input.decode.color=[gray]",
                "input.group_by=[folder, [a]]", "spark.conf.spark.x=[1]", "metrics[1].as=[s]",
                "metrics[0]={name: psnr, params: {data_range: {max: 1}}}", "name=[a, b]");
        assertEquals(Set.of("name: must be a text value, got a list",
                "spark.conf.spark.x: must be a text value, got a list",
                "input.group_by[1]: must be a text value, got a list",
                "input.decode.color: must be one of keep, gray, y_bt601, got a list",
                "input.decode.max_pixels: must be an integer, got 1.5",
                "metrics[0].params.data_range: must be a number, text, boolean or list of numbers, got a mapping",
                "metrics[1].as: must be a text value, got a list"), Set.copyOf(e));
        assertEquals(7, e.size(), e.toString());
    }

    @Test
    void aSectionOfTheWrongTypeIsNotAlsoReportedAsMissingItsKeys() {
        assertEquals(List.of("input: must be a mapping, got a list"), errors(valid(), "input=[a]"));
        assertEquals(List.of("metrics: must be a metric name or a mapping with 'name', got 3"), errors(valid(), "metrics=3"));
    }

    @Test
    void setBuildsNestedKeysBeforeTheTreeIsBound() throws ConfigException {
        AuditConfig c = loader.parse(valid(), List.of("input.decode.max_pixels=1.0e4", "metrics[0].data_range=2",
                "metrics[1].as=ssim_sk", "metrics[2]=ssim(window_size=7) as s7"));
        assertEquals(10_000L, c.input().decode().maxPixels());
        assertEquals(Map.of("data_range", 2), c.metrics().get(0).parameters());
        assertEquals(List.of("psnr", "ssim_sk", "s7"), c.metrics().stream().map(MetricConfig::alias).toList());
        assertEquals(Map.of("window_size", "7"), c.metrics().get(2).parameters());
        assertEquals(List.of("output.metamers.metric: writing metamers needs a metamer_mse metric in metrics"
                + " (none is configured)"), errors(valid(), "output.metamers.enabled=true"));
    }

    @Test
    void secretSparkSettingsAreRedactedInTheEffectiveConfig() throws ConfigException {
        AuditConfig c = loader.parse(valid(), List.of("spark.conf.spark.hadoop.fs.s3a.secret.key=sk-123",
                "spark.conf.spark.hadoop.fs.s3a.access.key=ak-456", "spark.conf.spark.sql.shuffle.partitions=3"));
        assertEquals("sk-123", c.spark().conf().get("spark.hadoop.fs.s3a.secret.key"));
        assertFalse(c.yaml().contains("sk-123") || c.yaml().contains("ak-456"), c.yaml());
        assertTrue(c.yaml().contains("spark.hadoop.fs.s3a.secret.key: '*********(redacted)'"), c.yaml());
        assertTrue(c.yaml().contains("spark.sql.shuffle.partitions: 3"), c.yaml());
    }

    /** The header is split as Spark's CSV reader splits it (RFC 4180 quoting, no trimming). */
    @Test
    void manifestHeaderIsReadWithCsvQuoting() throws Exception {
        Files.writeString(dir.resolve("quoted.csv"),
                "\"key\",\"recon, v2\",\"say \"\"hi\"\"\", original ,original,,Model,model\n");
        AuditConfig c = loader.parse("""
                name: m
                input: {type: manifest, path: quoted.csv, reconstruction_column: 'recon, v2',
                        original_column: original, group_by: ['say "hi"', ' original ', _c5, Model6, model7]}
                metrics: [mse]
                output: {path: out}
                """, List.of());
        assertEquals("recon, v2", c.input().reconstructionColumn());
        assertEquals(List.of("say \"hi\"", " original ", "_c5", "Model6", "model7"), c.input().groupBy());
        List<String> e = errors("""
                name: m
                input: {type: manifest, path: quoted.csv, reconstruction_column: recon, original_column: '"original"'}
                metrics: [mse]
                output: {path: out}
                """);
        assertEquals(List.of("input.reconstruction_column: no column 'recon' in the manifest (columns: key, recon, v2,"
                + " say \"hi\",  original , original, _c5, Model6, model7)",
                "input.original_column: no column '\"original\"' in the manifest (columns: key, recon, v2,"
                + " say \"hi\",  original , original, _c5, Model6, model7)"), e);
        assertEquals(List.of("a,b", "x\"y", " c ", "", "d\"e\""), InputColumns.csvCells("\"a,b\",\"x\"\"y\", c ,,d\"e\""));
    }
}
