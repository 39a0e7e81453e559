#!/usr/bin/env bash
# The audit report of a large run: how long the report takes beyond the run and how big the page is.
#
#   bench/report.sh [PAIRS] [SIZE]     default 10000 pairs of 64×64 RGB 8-bit PNG
#
# 1. Makes PAIRS synthetic pairs under bench/data/report-<PAIRS>-<SIZE>/ when missing (python3, no
#    packages: 16 originals, smooth colour ramps with a fine checkerboard; reconstructions the same plus
#    Gaussian noise of 32 strengths; the worst pairs' pictures are noisy, the hard case for the page's size).
# 2. Runs the audit with 6 ranked metrics (psnr, mse, mae, ssim, ssim skimage, gradient_l1), a check,
#    report.worst 8, through job/bin/imgloss, into a fresh history; the run prints the report's size
#    and time on its stderr ("imgloss: report: 3.1 MB in 4.2 s").
# 3. Prints the run's wall time, the report's time and size (bound: 5 MB) with the load average, and
#    appends them to bench/results/report-<UTC time>.txt.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pairs=${1:-10000}
size=${2:-64}
data="bench/data/report-$pairs-$size"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/results
out="bench/results/report-$stamp.txt"

if [ ! -f "$data/.done" ]; then
    echo "report bench: writing $pairs pairs of ${size}x$size PNG to $data" >&2
    python3 - "$data" "$pairs" "$size" <<'PY'
import math, os, random, struct, sys, zlib

root, pairs, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

for side in ("recon", "orig"):
    os.makedirs(os.path.join(root, side), exist_ok=True)

# 16 originals and 32 noise strengths each, encoded once: pair i takes original i % 16 and strength
# (i // 16) % 32, so 512 distinct pairs repeat over the run (equal scores rank by key)
def image(rnd, base, noise):
    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            for ch in range(3):
                v = base[y][x * 3 + ch]
                row.append(min(255, max(0, int(v + rnd.gauss(0, noise)))) if noise else v)
        rows.append(row)
    return rows

originals, recons = [], []
for k in range(16):
    rnd = random.Random(k)
    a, b, c = rnd.random() * 6, rnd.random() * 6, rnd.random() * 6
    base = [[min(255, max(0, int(127 + 60 * math.sin(ph + x * 0.11 * (ch + 1)) + 50 * math.cos(ph + y * 0.07 * (ch + 2))
                                 + (15 if (x // 4 + y // 4) % 2 else -15))))
             for x in range(size) for ch, ph in enumerate((a, b, c))] for y in range(size)]
    originals.append(base)
    recons.append([image(random.Random(1000 * k + j), base, 2 + 60 * (j / 31) ** 2) for j in range(32)])

def encoded(rows):
    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))

orig_png = [encoded(o) for o in originals]
recon_png = [[encoded(r) for r in rs] for rs in recons]
for i in range(pairs):
    name = "p%05d.png" % i
    with open(os.path.join(root, "orig", name), "wb") as f:
        f.write(orig_png[i % 16])
    with open(os.path.join(root, "recon", name), "wb") as f:
        f.write(recon_png[i % 16][(i // 16) % 32])
open(os.path.join(root, ".done"), "w").close()
PY
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/imgloss-report-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat >"$work/audit.yaml" <<EOF
name: report-bench
run_id: auto
spark: {master: "local[*]", conf: {spark.sql.shuffle.partitions: 4}}
input: {type: directories, reconstructions: $root/$data/recon, originals: $root/$data/orig}
metrics: [psnr, mse, mae, ssim, {name: ssim, variant: skimage, as: ssim_skimage}, gradient_l1]
output: {path: $work/out}
checks:
  - {metric: ssim, aggregate: mean, ">=": 0.5}
report: {worst: 8}
EOF

load=$(cut -d' ' -f1 /proc/loadavg)
start=$(date +%s.%N)
job/bin/imgloss run "$work/audit.yaml" --quiet --progress-seconds 0 >"$work/stdout" 2>"$work/stderr" || {
    cat "$work/stderr" >&2
    exit 1
}
end=$(date +%s.%N)
line=$(grep -m1 '^imgloss: report: ' "$work/stderr" || true)
page=$(find "$work/out/report" -name report.html | head -n 1)
bytes=$(stat -c %s "$page")
{
    echo "report bench, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(java -version 2>&1 | head -n 1)," \
         "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "pairs: $pairs of ${size}x$size RGB PNG, 6 ranked metrics, report.worst 8"
    echo "run (command to exit): $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s wall, load $load at the start, $(cut -d' ' -f1 /proc/loadavg) at the end"
    echo "${line#imgloss: }"
    echo "page: $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }') MB; bound 5 MB)"
} | tee "$out"
