#!/usr/bin/env bash
# Wall and CPU time of imgloss commands from command to exit, as a user sees them (the launcher, the
# JVM, Spark, the tables and the report), on the sample audit. Each measurement is repeated N times;
# the median is printed with the load average before each repetition.
#
#   bench/startup.sh [N]            the sample audit (run, into a fresh history each time), then
#                                   runs, sql and export on the history of the last run
#   IMGLOSS_HOME=DIR bench/startup.sh   the same with another checkout's launcher (before/after)
#   IMGLOSS_CDS=off bench/startup.sh    without the launcher's class data sharing archives
#
# Run it from the repository root after one call of job/bin/imgloss has built the jars. Output:
# one line per repetition and a median per command; results/startup-<UTC>.txt keeps them.
set -euo pipefail

N="${1:-3}"
HOME_DIR="$(cd "${IMGLOSS_HOME:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
IMGLOSS="$HOME_DIR/job/bin/imgloss"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/imgloss-startup.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
OUT="$(dirname "${BASH_SOURCE[0]}")/results/startup-$(date -u +%Y%m%dT%H%M%SZ).txt"

load() { cut -d' ' -f1 /proc/loadavg; }

# one timed call: prints "wall cpu load"
timed() {
  local l t
  l="$(load)"
  t="$( { /usr/bin/time -f '%e %U %S' "$@" >/dev/null 2>"$WORK/err"; } 2>&1 || true)"
  t="$(tail -n 1 "$WORK/err")"
  awk -v t="$t" -v l="$l" 'BEGIN { split(t, a, " "); printf "%.1f %.1f %s\n", a[1], a[2] + a[3], l }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

measure() {
  local label="$1"; shift
  : >"$WORK/m"
  for i in $(seq 1 "$N"); do
    if [ "$label" = run ]; then
      rm -rf "$WORK/out"
    fi
    r="$(cd "$HOME_DIR" && timed "$@")"
    echo "$label #$i: wall ${r%% *} s, CPU $(echo "$r" | cut -d' ' -f2) s, load $(echo "$r" | cut -d' ' -f3)"
    echo "$r" >>"$WORK/m"
  done
  echo "$label median: wall $(cut -d' ' -f1 "$WORK/m" | median) s, CPU $(cut -d' ' -f2 "$WORK/m" | median) s" \
       "(load $(cut -d' ' -f3 "$WORK/m" | sort -n | head -n 1) to $(cut -d' ' -f3 "$WORK/m" | sort -n | tail -n 1))"
}

# The launcher's class data sharing archives (one for run, one for the history commands) are made over a
# command's first two calls (the second starts their making in the background): made here before measuring,
# so that the figures are those of a user's later calls. IMGLOSS_CDS=off measures without them.
CDS_DIR="${IMGLOSS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/imgloss}/cds"
warm_up() {
  [ "${IMGLOSS_CDS:-on}" != off ] || return 0
  for i in 1 2; do
    (cd "$HOME_DIR" && "$IMGLOSS" run conf/local.yaml --set "output.path=$WORK/warm" >/dev/null 2>&1) || true
    (cd "$HOME_DIR" && "$IMGLOSS" runs conf/local.yaml --set "output.path=$WORK/warm" >/dev/null 2>&1) || true
  done
  while ls "$CDS_DIR"/*.part >/dev/null 2>&1; do sleep 5; done
}
warm_up

{
  echo "imgloss start-up, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(java -version 2>&1 | head -n 1), $IMGLOSS," \
       "class data sharing ${IMGLOSS_CDS:-on}"
  measure run "$IMGLOSS" run conf/local.yaml --set "output.path=$WORK/out"
  measure runs "$IMGLOSS" runs conf/local.yaml --set "output.path=$WORK/out"
  measure sql "$IMGLOSS" sql conf/local.yaml --set "output.path=$WORK/out" "SELECT key, psnr FROM scores"
  measure export "$IMGLOSS" export conf/local.yaml --set "output.path=$WORK/out" --table summary
} | tee "$OUT"
