package org.imgloss.bench;

import java.util.ArrayList;
import java.util.List;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricSpec;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the imgloss JMH benchmarks ({@code bench/run-jmh.sh} calls it), taking the usual JMH
 * command line. Before running it fits the metric parameters to the catalogue as built: unless
 * given with {@code -p}, {@link MetricBenchmark}'s {@code metric} keeps only the specs whose metric
 * exists (and whose parameters bind), and {@link PairScoringBenchmark}'s {@code metrics} is the first
 * four present of {@link PairScoringBenchmark#PREFERRED}. A benchmark left with nothing to time is
 * excluded, and every skipped spec is named on standard error.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cmd = new CommandLineOptions(args);
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            Main.main(args);
            return;
        }
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cmd);

        if (!cmd.getParameter("metric").hasValue()) {
            List<String> present = new ArrayList<>();
            for (String spec : MetricBenchmark.METRICS) {
                String problem = problem(spec);
                if (problem == null) {
                    present.add(spec);
                } else {
                    System.err.println("imgloss bench: skipping metric '" + spec + "': " + problem);
                }
            }
            if (present.isEmpty()) {
                options.exclude(MetricBenchmark.class.getSimpleName());
            } else {
                options.param("metric", present.toArray(new String[0]));
            }
        }
        if (!cmd.getParameter("metrics").hasValue()) {
            List<String> chosen = new ArrayList<>();
            for (String name : PairScoringBenchmark.PREFERRED) {
                if (chosen.size() < 4 && MetricCatalog.find(name).isPresent()) {
                    chosen.add(name);
                }
            }
            if (chosen.isEmpty()) {
                System.err.println("imgloss bench: skipping PairScoringBenchmark: none of "
                        + String.join(", ", PairScoringBenchmark.PREFERRED) + " is in the catalogue");
                options.exclude(PairScoringBenchmark.class.getSimpleName());
            } else {
                options.param("metrics", String.join("+", chosen));
            }
        }
        new Runner(options).run();
    }

    /** Why the spec cannot be benchmarked in this build, or {@code null} if it can. */
    private static String problem(String spec) {
        try {
            MetricSpec.parseList(spec).get(0).newKernel();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
