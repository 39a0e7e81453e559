#!/usr/bin/env bash
# Runs the imgloss JMH benchmarks (udf/src/test/java/org/imgloss/bench) and writes JSON results
# to bench/results/jmh-<UTC time>.json, with a .meta.txt beside it (commit, machine, load).
#
#   bench/run-jmh.sh                          # everything, short settings
#   bench/run-jmh.sh MetricBenchmark -p shape=512x512x3
#   BENCH_JMH_OPTS="-f 3 -wi 5 -i 10 -w 5s -r 5s" bench/run-jmh.sh DecodeBenchmark
#
# Arguments are JMH's own (benchmark regexps, -p name=v1,v2, -prof gc, -l, -h ...). The default
# settings (one fork, 2 warm-up and 3 measured iterations of 2 s, one thread) are short on purpose:
# use BENCH_JMH_OPTS for steadier numbers. MVN_FLAGS defaults to offline (-o); set MVN_FLAGS=
# on a machine whose Maven repository does not have JMH yet.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

mvn_flags=${MVN_FLAGS--o}
jmh_opts=${BENCH_JMH_OPTS:--f 1 -wi 2 -i 3 -t 1 -w 2s -r 2s}

echo "run-jmh: compiling udf main and test classes" >&2
# shellcheck disable=SC2086
mvn -B -q $mvn_flags -pl udf test-compile
cp_file=udf/target/bench-classpath.txt
# shellcheck disable=SC2086
mvn -B -q $mvn_flags -pl udf dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$root/$cp_file" >/dev/null
classpath="udf/target/test-classes:udf/target/classes:$(cat "$cp_file")"

for a in "$@"; do
    case "$a" in
        -h|-l|-lp|-lprof|-lrf) exec java -cp "$classpath" org.imgloss.bench.BenchMain "$@" ;;
    esac
done

mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="bench/results/jmh-$stamp.json"
{
    echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
    echo "cpus: $(nproc)"
    echo "cpu_model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "load_before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "jmh_opts: $jmh_opts"
    echo "args: $*"
} > "bench/results/jmh-$stamp.meta.txt"

# shellcheck disable=SC2086
java -Xmx2g -Djava.awt.headless=true -cp "$classpath" org.imgloss.bench.BenchMain \
    $jmh_opts -rf json -rff "$out" "$@"

echo "load_after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "bench/results/jmh-$stamp.meta.txt"

# Sample-time results carry every sample's histogram (~1 MB); keep the scores and percentiles only.
if [ -s "$out" ] && command -v python3 >/dev/null 2>&1; then
    python3 - "$out" <<'PY'
import json, sys
path = sys.argv[1]
with open(path) as f:
    runs = json.load(f)
for run in runs:
    for m in [run["primaryMetric"]] + list(run.get("secondaryMetrics", {}).values()):
        m.pop("rawDataHistogram", None)
        m.pop("rawData", None)
with open(path, "w") as f:
    json.dump(runs, f, indent=1)
PY
fi
echo "run-jmh: results in $out" >&2
