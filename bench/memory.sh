#!/usr/bin/env bash
# Peak heap of one big pair through the real launcher:
#
#   bench/memory.sh                       # one 4096×4096 RGB 16-bit pair, local[2], -Xmx2g
#   SIZE=2048 HEAPS="2g 1g 768m" bench/memory.sh
#
# 1. Makes the deterministic pair when missing (org.imgloss.job.bench.MemoryInputs, job test scope):
#    $DATA/big-SIZE/{orig,recon}/big.png, RGB 16-bit PNG (waves + texture; reconstruction = original +
#    Gaussian noise).
# 2. For each heap in HEAPS: runs job/bin/imgloss run on a config with the metrics of conf/local.yaml,
#    spark.master local[2] and spark.driver.memory set to that heap (in local mode the launcher's JVM
#    is the driver and its executor, so the heap is given to the JVM with -Xmx through
#    IMGLOSS_JAVA_OPTS, which is what spark-submit does with spark.driver.memory), with a G1 GC log.
# 3. From the GC log: the peak heap in use (the largest "before" of a collection) and the peak live heap
#    (the largest "after"), and both as multiples of the decoded image size (8 bytes per sample: one
#    decoded image of S×S×3 is 24·S² bytes).
# Prints one line per heap and writes bench/results/memory-<UTC time>.json.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
size=${SIZE:-4096}
heaps=${HEAPS:-2g}
data=${DATA:-bench/data}
mvn_flags=${MVN_FLAGS--o}
# the launcher to measure: IMGLOSS=path/to/job/bin/imgloss (e.g. of a frozen copy of a commit), else this tree's
imgloss=${IMGLOSS:-job/bin/imgloss}
mkdir -p bench/results "$data"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="bench/results/memory-$stamp.json"
pair="$data/big-$size"

if [ ! -f "$pair/.complete" ]; then
  echo "memory: making the ${size}x${size} RGB 16-bit pair in $pair" >&2
  # shellcheck disable=SC2086
  mvn -B -q $mvn_flags -pl job -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile=target/memory-classpath.txt >/dev/null
  java -Xmx4g -cp "job/target/test-classes:job/target/classes:$(cat job/target/memory-classpath.txt)" \
      org.imgloss.job.bench.MemoryInputs big-pair "$pair" "$size"
  touch "$pair/.complete"
fi

pair=$(cd "$pair" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/imgloss-memory.XXXXXX")
trap 'rm -rf "$work"' EXIT
decoded=$((size * size * 3 * 8))
echo "[" > "$out"
first=1
for heap in $heaps; do
  cfg="$work/memory-$heap.yaml"
  {
    echo "name: memory-bench"
    echo "spark:"
    echo "  master: \"local[2]\""
    echo "  conf:"
    echo "    spark.driver.memory: $heap"
    echo "    spark.sql.shuffle.partitions: 2"
    echo "input:"
    echo "  type: directories"
    echo "  reconstructions: $pair/recon"
    echo "  originals: $pair/orig"
    # the metrics of conf/local.yaml, verbatim
    sed -n '/^metrics:/,/^[a-z]/p' conf/local.yaml | sed '$d'
    echo "output:"
    echo "  path: $work/out-$heap"
    echo "  format: delta"
  } > "$cfg"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  t0=$(date +%s.%N)
  set +e
  IMGLOSS_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$work/gc-$heap.log" "$imgloss" run "$cfg" --quiet \
      > "$work/run-$heap.out" 2>&1
  rc=$?
  set -e
  t1=$(date +%s.%N)
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  if grep -q OutOfMemoryError "$work/run-$heap.out"; then oom=true; else oom=false; fi
  read -r before after < <(python3 bench/gc_peak.py "$work/gc-$heap.log")
  secs=$(python3 -c "print(round($t1 - $t0, 1))")
  line=$(python3 - <<EOF
import json
print(json.dumps({"date": "$stamp", "size": $size, "image": "RGB 16-bit PNG", "heap": "$heap",
  "master": "local[2]", "metrics": "conf/local.yaml", "exit_code": $rc, "out_of_memory": "$oom" == "true",
  "seconds": $secs, "decoded_image_bytes": $decoded,
  "peak_heap_in_use_bytes": $before, "peak_live_heap_bytes": $after,
  "peak_in_use_per_decoded_image": round($before / $decoded, 2),
  "peak_live_per_decoded_image": round($after / $decoded, 2),
  "load_before": "$load_before", "load_after": "$load_after", "cores": $(nproc),
  "commit": "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"}))
EOF
)
  cp "$work/gc-$heap.log" "$data/memory-$stamp-$heap.gc.log"
  cp "$work/run-$heap.out" "$data/memory-$stamp-$heap.out"
  echo "memory: $line" >&2
  if [ "$rc" -ne 0 ]; then
    tail -n 20 "$work/run-$heap.out" >&2
  fi
  [ "$first" = 1 ] || echo "," >> "$out"
  first=0
  echo "$line" >> "$out"
done
echo "]" >> "$out"
echo "memory: results in $out" >&2
