#!/usr/bin/env bash
# Times the folder listing of the directories source (HadoopFiles.listRecursively, then the whole source:
# listed in Spark tasks, keyed and paired, in local[2]), before any scoring:
#   bench/listing.sh            # local file system: 100,000 empty files in 100 folders of 1,000
#                               # (ONE_FOLDER=1: all in one folder; N=... another count)
#   bench/listing.sh --remote   # also HDFS (in-process MiniDFSCluster) and S3 (in-process s3proxy),
#                               # both on 127.0.0.1: REMOTE_N (default 10,000) empty files, folders of 1,000
# Each listing runs 3 times in one JVM (the first includes class loading and a cold cache). Prints one
# line per listing with the load average and writes bench/results/listing-<UTC time>.json.
# Needs the job's test classes (compiled here, offline: MVN_FLAGS defaults to -o).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
REMOTE_N=${REMOTE_N:-10000}
mvn_flags=${MVN_FLAGS--o}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p bench/results
out="bench/results/listing-$(date -u +%Y%m%dT%H%M%SZ).json"
# shellcheck disable=SC2086
mvn -B -q $mvn_flags -pl job -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="job/target/test-classes:job/target/classes:$(cat "$work/cp.txt")"
if [[ "${ONE_FOLDER:-0}" == 1 ]]; then
  mkdir -p "$work/tree/all"
  (cd "$work/tree/all" && seq -f 'p%06g.png' 1 "$N" | xargs touch)
else
  for f in $(seq 1 $((N / 1000))); do
    mkdir -p "$work/tree/f$f"
    (cd "$work/tree/f$f" && seq -f 'p%04g.png' 1 1000 | xargs touch)
  done
fi
machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  machine: $machine" | tee "$work/log"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/log"
java -cp "$cp" org.imgloss.job.source.ListingMeasurement "$work/tree" 3 | sed 's/^/local /' | tee -a "$work/log"
# the directories source as a run uses it: listed in Spark tasks (local[2]), keyed and paired, rows counted
java -Dlog4j2.configurationFile=org/imgloss/job/log4j2-quiet.properties -cp "$cp" \
    org.imgloss.job.source.SourceListingMeasurement "$work/tree" 3 2>/dev/null | sed 's/^/local /' | tee -a "$work/log"
if [[ "${1:-}" == "--remote" ]]; then
  java -Dlog4j2.configurationFile=org/imgloss/job/log4j2-quiet.properties -cp "$cp" \
      org.imgloss.job.it.RemoteListingMeasurement "$work/remote" "$REMOTE_N" 3 2>/dev/null | tee -a "$work/log"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/log"
python3 - "$work/log" "$out" "$machine" <<'PY'
import json, re, sys
log, out, machine = sys.argv[1], sys.argv[2], sys.argv[3]
figures = {"machine": machine, "listings": []}
for line in open(log):
    line = line.strip()
    if line.startswith("date:"):
        figures["date_utc"] = line.split()[1]
    elif line.startswith("load "):
        figures[line.split(":")[0].replace(" ", "_")] = line.split(": ", 1)[1]
    m = re.match(r"local source listing (\d+): (\d+) pairs, ([\d.]+) s", line)
    if m:
        figures.setdefault("source_listings", []).append({"file_system": "local", "repeat": int(m[1]),
                                                          "pairs": int(m[2]), "seconds": float(m[3])})
    m = re.match(r"(local|hdfs|s3) listing (\d+): (\d+) files, (\d+) unreadable, ([\d.]+) s", line)
    if m:
        figures["listings"].append({"file_system": m[1], "repeat": int(m[2]), "files": int(m[3]),
                                    "unreadable": int(m[4]), "seconds": float(m[5])})
json.dump(figures, open(out, "w"), indent=2)
print("listing: figures in " + out)
PY
