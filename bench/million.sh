#!/usr/bin/env bash
# A million tiny pairs through the real launcher, with the driver's default heap:
#
#   bench/million.sh                      # 1,000,000 pairs of 8×8 RGB PNG in a Parquet table, local[2]
#   PAIRS=100000 bench/million.sh
#
# 1. Makes the Parquet input when missing (org.imgloss.job.bench.MemoryInputs, job test scope):
#    $DATA/tiny-PAIRS/, columns key, reconstruction, original (BINARY, encoded PNG), 8 files.
# 2. Runs job/bin/imgloss run on it twice (the second run compares with the first: the checks'
#    compare_to previous, per pair too), local[2], with -Xmx1g: Spark's default spark.driver.memory
#    (in local mode the launcher's JVM is the driver and its executor), and a G1 GC log.
# 3. From the GC log: the driver JVM's peak heap in use and peak live heap; from the run: pairs/s
#    (the scoring time the run states) and the wall time of the whole command.
# Prints one line per run and writes bench/results/million-<UTC time>.json.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pairs=${PAIRS:-1000000}
heap=${HEAP:-1g}
data=${DATA:-bench/data}
mvn_flags=${MVN_FLAGS--o}
# the launcher to measure: IMGLOSS=path/to/job/bin/imgloss (e.g. of a frozen copy of a commit), else this tree's
imgloss=${IMGLOSS:-job/bin/imgloss}
mkdir -p bench/results "$data"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="bench/results/million-$stamp.json"
input="$data/tiny-$pairs"

if [ ! -f "$input/.complete" ]; then
  echo "million: making $pairs pairs of 8x8 RGB PNG in $input" >&2
  # shellcheck disable=SC2086
  mvn -B -q $mvn_flags -pl job -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile=target/memory-classpath.txt >/dev/null
  java -Xmx2g --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
      --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
      --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
      -cp "job/target/test-classes:job/target/classes:$(cat job/target/memory-classpath.txt)" \
      org.imgloss.job.bench.MemoryInputs tiny-parquet "$input" "$pairs" 2>"$data/tiny-$pairs.log"
  touch "$input/.complete"
fi

input=$(cd "$input" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/imgloss-million.XXXXXX")
trap 'rm -rf "$work"' EXIT
cfg="$work/million.yaml"
cat > "$cfg" <<EOF
name: million-bench
spark:
  master: "local[2]"
  conf:
    spark.sql.shuffle.partitions: 8
input:
  type: parquet
  path: $input
metrics: [psnr, mse, mae, {name: ssim, variant: skimage}, gradient_l1, total_variation_diff]
output:
  path: $work/out
  format: delta
checks:
  - {metric: ssim, aggregate: mean, ">=": 0.1}
  - {metric: ssim, aggregate: p05, ">=": 0.05}
  - {metric: _pairs, aggregate: error_rate, "<=": 0.01}
  - {metric: ssim, aggregate: mean, compare_to: previous, max_drop: 0.01}
  - {metric: ssim, compare_to: previous, per_pair: true, max_drop: 0.02}
EOF
echo "[" > "$out"
for run in $(seq 1 "${RUNS:-2}"); do
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  t0=$(date +%s.%N)
  set +e
  IMGLOSS_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$work/gc-$run.log" "$imgloss" run "$cfg" > "$work/run-$run.out" 2>&1
  rc=$?
  set -e
  t1=$(date +%s.%N)
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  cp "$work/run-$run.out" "$data/million-run-$run.out"
  touch "$work/gc-$run.log"
  read -r before after < <(python3 bench/gc_peak.py "$work/gc-$run.log")
  # the run's own rate: "N pairs ... in S s (R pairs/s)" as the console summary states it
  rate=$(grep -oE '[0-9.,]+ pairs/s' "$work/run-$run.out" | tail -n 1 | grep -oE '^[0-9.,]+' | tr -d , || true)
  line=$(python3 - <<PY
import json
print(json.dumps({"date": "$stamp", "run": $run, "pairs": $pairs, "image": "8x8 RGB 8-bit PNG, Parquet input",
  "master": "local[2]", "heap": "$heap", "exit_code": $rc, "wall_seconds": round($t1 - $t0, 1),
  "pairs_per_second": float("${rate:-nan}"),
  "peak_heap_in_use_bytes": $before, "peak_live_heap_bytes": $after,
  "load_before": "$load_before", "load_after": "$load_after", "cores": $(nproc),
  "commit": "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"}))
PY
)
  echo "million: $line" >&2
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
    tail -n 30 "$work/run-$run.out" >&2
  fi
  [ "$run" = 1 ] || echo "," >> "$out"
  echo "$line" >> "$out"
done
echo "]" >> "$out"
echo "million: results in $out" >&2
