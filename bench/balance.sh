#!/usr/bin/env bash
# Skew: does one large image make one task straggle? 2,000 pairs of 64×64 and 16 pairs of 2048×2048
# (8-bit RGB PNG, made under bench/data/ when missing) in one folder tree, scored by the job in local[2]
# with the metrics of conf/local.yaml (org.imgloss.job.bench.BalanceBench, job test scope). A
# SparkListener records each task's duration; the figure is the scoring stage's longest task over its
# median task. Prints it with the load average and writes bench/results/balance-<UTC time>.json.
#   bench/balance.sh [--small 2000] [--large 16]
# MVN_FLAGS defaults to offline (-o); BALANCE_JAVA_OPTS to -Xmx4g.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

mvn_flags=${MVN_FLAGS--o}
java_opts=${BALANCE_JAVA_OPTS:--Xmx4g}
mkdir -p bench/results bench/data
out="bench/results/balance-$(date -u +%Y%m%dT%H%M%SZ).json"

# shellcheck disable=SC2086
mvn -B -q $mvn_flags -pl job -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/balance-classpath.txt >/dev/null
classpath="job/target/test-classes:job/target/classes:$(cat job/target/balance-classpath.txt)"

echo "balance: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)" >&2

opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)

# shellcheck disable=SC2086
java $java_opts "${opens[@]}" -Djava.awt.headless=true -Dlog4j2.configurationFile=org/imgloss/job/log4j2-quiet.properties \
    -cp "$classpath" org.imgloss.job.bench.BalanceBench --data bench/data --json "$out" "$@"
echo "balance: figures in $out" >&2
