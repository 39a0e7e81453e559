#!/usr/bin/env bash
# Times the folder listing of the directories source on the local file system: 100,000 empty files in
# 100 folders of 1,000 (and, with ONE_FOLDER=1, in a single folder). Prints the machine load before and
# after. Needs the job's test classes: mvn -o -pl job -am -DskipTests test-compile
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the reactor resolves imgloss-udf to its classes; the job module's class path is written last
mvn -o -q -pl job -am compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt"
cp=$(cat "$work/cp.txt")
if [[ "${ONE_FOLDER:-0}" == 1 ]]; then
  mkdir -p "$work/tree/all"
  (cd "$work/tree/all" && seq -f 'p%06g.png' 1 "$N" | xargs touch)
else
  for f in $(seq 1 $((N / 1000))); do
    mkdir -p "$work/tree/f$f"
    (cd "$work/tree/f$f" && seq -f 'p%04g.png' 1 1000 | xargs touch)
  done
fi
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  machine: $(nproc) cores, $(uname -m)  $(java -version 2>&1 | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "job/target/test-classes:job/target/classes:$cp" org.imgloss.job.source.ListingMeasurement "$work/tree" 3
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
