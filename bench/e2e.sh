#!/usr/bin/env bash
# End-to-end throughput of the imgloss job against its decoding ceiling, in one run:
#
#   bench/e2e.sh                       # everything: 512² pairs, tiny-pairs series, image-size series, peers
#   bench/e2e.sh --only main           # decode-only, [ssim] and the default catalogue on the 512² pairs
#   bench/e2e.sh --only tiny --tiny 200,2000
#   bench/e2e.sh --only sizes --sizes 256,512,1024
#
# 1. Makes the deterministic dataset under bench/data/ when it is missing (200 pairs of 512×512 RGB
#    8-bit PNG; 64×64 pairs for the tiny series; 256² … 4096² pairs for the size series).
# 2. In one JVM with one local[2] Spark session (org.imgloss.job.bench.EndToEndBench, job test scope):
#    decode-only (read + decode both images, 2 threads), the job with metrics [ssim], the job with the
#    metrics of conf/local.yaml, each run once untimed first; the job's own pairs/s (no JVM or Spark
#    start-up, no listing) and its --profile breakdown; the ratios to decode-only. Decode-only is timed
#    again after the jobs (decode_only_after_jobs_*): the first pass runs while the parallel collector is
#    still growing the young generation, and the fresh pages it faults in (minor faults per pair, printed)
#    cost about as much CPU as the decoding itself.
# 3. The Python peers on the same files (bench/e2e_peers.py) when python3 has them: Pillow decode-only,
#    scikit-image SSIM (2 processes), torch SSIM (2 threads); a missing peer is named and skipped.
# Prints one line per figure (with the load average) and appends every figure as JSON to
# bench/results/e2e-<UTC time>.json (the peers' to e2e-<UTC time>-peers.json).
# MVN_FLAGS defaults to offline (-o); E2E_JAVA_OPTS defaults to -Xmx8g (the 4096² pairs need it) and the
# parallel collector with transparent huge pages, as job/bin/imgloss runs the job (with G1, each 512x512
# plane of 2 MB is a humongous object: the job ran at 7.8 pairs/s with G1 and 10.5 with the parallel
# collector, back to back at load 12; without huge pages the first decode-only pass took ~985 minor page
# faults per pair while the collector grew the young generation, 24 ms of CPU per pair against 17).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

mvn_flags=${MVN_FLAGS--o}
java_opts=${E2E_JAVA_OPTS:--Xmx8g -XX:+UseParallelGC -XX:+UseTransparentHugePages}
data=${E2E_DATA:-bench/data}
mkdir -p bench/results "$data"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="bench/results/e2e-$stamp.json"

echo "e2e: compiling (udf, perceptual, job, their test classes)" >&2
# shellcheck disable=SC2086
mvn -B -q $mvn_flags -pl job -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/e2e-classpath.txt >/dev/null
classpath="job/target/test-classes:job/target/classes:$(cat job/target/e2e-classpath.txt)"

echo "e2e: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)" >&2

opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)

# shellcheck disable=SC2086
java $java_opts "${opens[@]}" -Djava.awt.headless=true -Dlog4j2.configurationFile=org/imgloss/job/log4j2-quiet.properties \
    -cp "$classpath" org.imgloss.job.bench.EndToEndBench --data "$data" --json "$out" "$@"

# the peers, on the 512² pairs (when the main part ran)
pairs=200
only=main
prev=
for a in "$@"; do
    case "$prev" in
        --pairs) pairs=$a ;;
        --only) only=$a ;;
    esac
    prev=$a
done
pairs_dir="$data/rgb512-$pairs"
if [[ ",$only," == *",main,"* || $# -eq 0 ]] && [ -d "$pairs_dir" ]; then
    python=${BENCH_PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3 || true)}
    if [ -z "$python" ]; then
        echo "e2e: peers skipped: no python3" >&2
    else
        "$python" bench/e2e_peers.py --pairs "$pairs_dir" --e2e-json "$out" \
            --out "bench/results/e2e-$stamp-peers.json" || echo "e2e: peers failed (above)" >&2
    fi
fi
echo "e2e: results in $out" >&2
