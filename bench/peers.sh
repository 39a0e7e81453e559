#!/usr/bin/env bash
# Times imgloss's Python peers (numpy, scikit-image, optionally torch, scipy, PIL, tifffile) on one
# core, on the shapes of the JMH benchmarks, and prints a table against the newest JMH result.
#
#   bench/peers.sh                         # all peers, all shapes; compares with the newest bench/results/jmh-*.json
#   bench/peers.sh --shapes 256x256x1 --only ssim(variant=wang)
#   BENCH_JMH_JSON=bench/results/jmh-X.json bench/peers.sh
#   python3 bench/peers.py --jmh bench/results/jmh-X.json --peers-json bench/results/peers-Y.json   # table only
#
# Needs numpy; scikit-image comes from Debian (apt-get update && apt-get install -y python3-skimage,
# into /usr/bin/python3); torch is optional (apt-get install -y --no-install-recommends python3-torch).
# Nothing is installed by this script: a missing peer is skipped and named with its install command.
# Writes bench/results/peers-<UTC time>.json and, with a JMH result, compare-<UTC time>.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# One thread for every math library: the comparison is per core.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 NUMEXPR_NUM_THREADS=1 VECLIB_MAXIMUM_THREADS=1

python=${BENCH_PYTHON:-}
if [ -z "$python" ]; then
    for p in /usr/bin/python3 python3; do
        if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import numpy, skimage' >/dev/null 2>&1; then
            python=$p
            break
        fi
    done
fi
if [ -z "$python" ]; then
    echo "peers: no python3 with numpy and scikit-image found." >&2
    echo "peers: install them with: apt-get update && apt-get install -y python3-skimage" >&2
    echo "peers: (or set BENCH_PYTHON to an interpreter that has them); continuing with what is there" >&2
    python=$(command -v python3 || command -v /usr/bin/python3)
    if ! "$python" -c 'import numpy' >/dev/null 2>&1; then
        echo "peers: $python has no numpy either; nothing to time" >&2
        exit 1
    fi
fi

mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
jmh=${BENCH_JMH_JSON:-$(ls -1 bench/results/jmh-*.json 2>/dev/null | sort | tail -1 || true)}
args=(--out "bench/results/peers-$stamp.json")
if [ -n "$jmh" ]; then
    args+=(--jmh "$jmh")
    echo "peers: comparing with $jmh" >&2
fi
echo "peers: $python, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [ -n "$jmh" ]; then
    "$python" bench/peers.py "${args[@]}" "$@" | tee "bench/results/compare-$stamp.md"
else
    "$python" bench/peers.py "${args[@]}" "$@"
fi
