#!/usr/bin/env python3
"""Times imgloss's Python peers on one core, on the shapes the JMH benchmarks use.

Run through bench/peers.sh (which pins every math library to one thread). Writes a JSON file of
per-call times and, given --jmh, prints a Markdown table comparing imgloss (JMH sample-time median and mean ms/op)
with each peer (median and mean ms/call), same shape, one thread each. The ratio column is
peer median / imgloss median: above 1 means imgloss is faster.

Peers (each timed only if importable; a missing one is reported with how to install it):
  numpy         mse = mean((r - o)^2) in float64
  skimage       mean_squared_error, peak_signal_noise_ratio, structural_similarity with the
                Wang settings (gaussian_weights, sigma 1.5, population covariance) and with its
                defaults (7x7 uniform window, sample covariance)
  torch         conv2d SSIM / MS-SSIM as pytorch_msssim computes them (11-tap Gaussian,
                separable grouped conv, valid borders, 2x2 average pooling between scales),
                the Sobel gradient L1 loss of the project's loss notes; float32 and float64
  scipy         the BlurSim reference's steps with OpenCV replaced by scipy/numpy (5x5 Sobel
                with reflect-101 borders, magnitude difference; zero-padded FFT difference)
  PIL / tifffile decoding the same kinds of files the JMH DecodeBenchmark decodes
"""
import argparse
import datetime
import io
import json
import os
import platform
import sys
import time
import zlib

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
           "VECLIB_MAXIMUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402

SHAPES = ["256x256x1", "512x512x3", "1024x1024x1"]
NOISE = 0.05


def parse_shape(s):
    w, h, c = (int(v) for v in s.lower().split("x"))
    return w, h, c


def make_pair(shape, seed=20261123):
    """Original and reconstruction built like BenchImages.java: smooth waves, a checkerboard of
    32-pixel squares, a little texture, plus Gaussian noise for the reconstruction; float64 in
    [0, 1], shape H x W (gray) or H x W x C."""
    w, h, c = parse_shape(shape)
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    planes = []
    for ch in range(c):
        phase = 0.7 * ch
        v = (0.5 + 0.25 * np.sin(x / 17.0 + phase) * np.cos(y / 23.0 - phase)
             + np.where(((x // 32 + y // 32) % 2) == 0, 0.1, -0.1)
             + 0.05 * (rng.random((h, w)) - 0.5))
        planes.append(np.clip(v, 0, 1))
    orig = planes[0] if c == 1 else np.stack(planes, axis=-1)
    recon = np.clip(orig + NOISE * rng.standard_normal(orig.shape), 0, 1)
    return np.ascontiguousarray(recon), np.ascontiguousarray(orig)


def timed(fn, min_time, min_reps, max_reps=1000):
    """Calls fn twice to warm up, then until min_time seconds and min_reps calls have passed;
    returns per-call times in milliseconds."""
    fn()
    fn()
    times = []
    start = time.perf_counter()
    while len(times) < max_reps and (len(times) < min_reps or time.perf_counter() - start < min_time):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return times


# ------------------------------------------------------------------------------- encoders

def png_bytes(img, bits):
    """PNG like BenchEncoders.png: every row Paeth-filtered, zlib level 6 (deflate's default)."""
    h, w = img.shape[:2]
    c = 1 if img.ndim == 2 else img.shape[2]
    maxv = (1 << bits) - 1
    q = np.rint(img * maxv).astype(np.int64).reshape(h, w * c)
    if bits == 16:
        raw = np.empty((h, w * c * 2), dtype=np.int64)
        raw[:, 0::2] = q >> 8
        raw[:, 1::2] = q & 0xFF
    else:
        raw = q
    bpp = c * bits // 8
    a = np.zeros_like(raw)
    a[:, bpp:] = raw[:, :-bpp]
    b = np.zeros_like(raw)
    b[1:] = raw[:-1]
    cc = np.zeros_like(raw)
    cc[1:, bpp:] = raw[:-1, :-bpp]
    p = a + b - cc
    pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - cc)
    pred = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, cc))
    filt = ((raw - pred) & 0xFF).astype(np.uint8)
    data = np.concatenate([np.full((h, 1), 4, dtype=np.uint8), filt], axis=1).tobytes()

    def chunk(t, d):
        return (len(d).to_bytes(4, "big") + t + d
                + (zlib.crc32(t + d) & 0xFFFFFFFF).to_bytes(4, "big"))

    ihdr = (w.to_bytes(4, "big") + h.to_bytes(4, "big")
            + bytes([bits, 0 if c == 1 else 2, 0, 0, 0]))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(data, 6))
            + chunk(b"IEND", b""))


# ------------------------------------------------------------------------------- peers

class Missing(Exception):
    pass


def need(module, install):
    try:
        return __import__(module)
    except ImportError as e:
        raise Missing(f"{module} is not importable by {sys.executable} ({e}); install it with: {install}")


def numpy_peers(r, o):
    return {"mse": [("numpy", lambda: np.mean(np.square(r - o)))]}


def skimage_peers(r, o):
    need("skimage", "apt-get update && apt-get install -y python3-skimage (then run with /usr/bin/python3)")
    from skimage.metrics import mean_squared_error, peak_signal_noise_ratio, structural_similarity
    ch = {} if r.ndim == 2 else {"channel_axis": -1}
    return {
        "mse": [("skimage", lambda: mean_squared_error(o, r))],
        "psnr": [("skimage", lambda: peak_signal_noise_ratio(o, r, data_range=1.0))],
        "ssim(variant=wang)": [("skimage", lambda: structural_similarity(
            o, r, data_range=1.0, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, **ch))],
        "ssim(variant=skimage)": [("skimage", lambda: structural_similarity(o, r, data_range=1.0, **ch))],
    }


def torch_peers(r, o):
    torch = need("torch", "apt-get update && apt-get install -y --no-install-recommends python3-torch")
    import torch.nn.functional as F
    torch.set_num_threads(1)
    torch.set_grad_enabled(False)

    def nchw(a, dtype):
        t = torch.from_numpy(a)
        t = t[None, None] if a.ndim == 2 else t.permute(2, 0, 1)[None]
        return t.contiguous().to(dtype)

    def gauss(dtype, size=11, sigma=1.5):
        coords = torch.arange(size, dtype=dtype) - size // 2
        g = torch.exp(-(coords ** 2) / (2 * sigma ** 2))
        return g / g.sum()

    def blur(x, g):
        c = x.shape[1]
        x = F.conv2d(x, g.view(1, 1, 1, -1).repeat(c, 1, 1, 1), groups=c)
        return F.conv2d(x, g.view(1, 1, -1, 1).repeat(c, 1, 1, 1), groups=c)

    def ssim_cs(x, y, g, c1=0.01 ** 2, c2=0.03 ** 2):
        mx, my = blur(x, g), blur(y, g)
        sxx = blur(x * x, g) - mx * mx
        syy = blur(y * y, g) - my * my
        sxy = blur(x * y, g) - mx * my
        cs = (2 * sxy + c2) / (sxx + syy + c2)
        s = (2 * mx * my + c1) / (mx * mx + my * my + c1) * cs
        return s.flatten(2).mean(-1), cs.flatten(2).mean(-1)

    def ssim(x, y, g):
        return ssim_cs(x, y, g)[0].mean()

    def ms_ssim(x, y, g, w):
        mcs = []
        for i in range(len(w)):
            s, cs = ssim_cs(x, y, g)
            if i < len(w) - 1:
                mcs.append(torch.relu(cs))
                pad = [d % 2 for d in x.shape[2:]]
                x = F.avg_pool2d(x, kernel_size=2, padding=pad)
                y = F.avg_pool2d(y, kernel_size=2, padding=pad)
        v = torch.stack(mcs + [torch.relu(s)], dim=0)
        return torch.prod(v ** w.view(-1, 1, 1), dim=0).mean()

    def gradient_l1(x, y, kx, ky):
        c = x.shape[1]
        kx = kx.repeat(c, 1, 1, 1)
        ky = ky.repeat(c, 1, 1, 1)
        gx = F.conv2d(x, kx, padding=1, groups=c) - F.conv2d(y, kx, padding=1, groups=c)
        gy = F.conv2d(x, ky, padding=1, groups=c) - F.conv2d(y, ky, padding=1, groups=c)
        return gx.abs().mean() + gy.abs().mean()

    out = {}
    for dtype, tag in ((torch.float32, "torch f32"), (torch.float64, "torch f64")):
        x, y = nchw(r, dtype), nchw(o, dtype)
        g = gauss(dtype)
        w = torch.tensor([0.0448, 0.2856, 0.3001, 0.2363, 0.1333], dtype=dtype)
        kx = torch.tensor([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=dtype).view(1, 1, 3, 3)
        ky = kx.transpose(2, 3).contiguous()
        out.setdefault("ssim(variant=wang)", []).append(
            (tag, lambda x=x, y=y, g=g: ssim(x, y, g)))
        out.setdefault("ms_ssim", []).append(
            (tag, lambda x=x, y=y, g=g, w=w: ms_ssim(x, y, g, w)))
        out.setdefault("gradient_l1", []).append(
            (tag, lambda x=x, y=y, kx=kx, ky=ky: gradient_l1(x, y, kx, ky)))
    return out


def scipy_peers(r, o):
    need("scipy", "apt-get install -y python3-scipy")
    from scipy import ndimage
    deriv = np.array([-1.0, -2.0, 0.0, 2.0, 1.0])
    smooth = np.array([1.0, 4.0, 6.0, 4.0, 1.0])

    def sobel_mag(a):
        gx = ndimage.correlate1d(ndimage.correlate1d(a, deriv, axis=1, mode="mirror"), smooth, axis=0, mode="mirror")
        gy = ndimage.correlate1d(ndimage.correlate1d(a, deriv, axis=0, mode="mirror"), smooth, axis=1, mode="mirror")
        return np.hypot(gx, gy)

    def optimal(n):
        m = n
        while True:
            k = m
            for p in (2, 3, 5):
                while k % p == 0:
                    k //= p
            if k == 1:
                return m
            m += 1

    def blursim(alpha=0.9):
        h, w = r.shape
        specific = np.linalg.norm(sobel_mag(r) - sobel_mag(o)) / (h * w)
        m, n = optimal(h), optimal(w)
        d = np.fft.fft2(r, s=(m, n)) - np.fft.fft2(o, s=(m, n))
        general = np.linalg.norm(d) / (m * n)
        return (1 - alpha) * general + alpha * specific

    sobel = np.array([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]])

    def gradient_l1():
        total = 0.0
        planes = [(r, o)] if r.ndim == 2 else [(r[..., i], o[..., i]) for i in range(r.shape[2])]
        for a, b in planes:
            d = a - b
            total += (np.abs(ndimage.correlate(d, sobel, mode="constant")).mean()
                      + np.abs(ndimage.correlate(d, sobel.T, mode="constant")).mean())
        return total / len(planes)

    out = {"gradient_l1": [("scipy", gradient_l1)]}
    if r.ndim == 2:
        out["blursim"] = [("scipy+numpy", blursim)]
    return out


def decode_peers(shape, pair):
    need("PIL", "apt-get install -y python3-pil")
    from PIL import Image
    _, o = pair
    out = {}
    p8 = png_bytes(o, 8)
    out["decode png8"] = [("PIL", lambda: np.asarray(Image.open(io.BytesIO(p8)), dtype=np.float64) / 255.0)]
    if o.ndim == 2:  # Pillow has no 16-bit RGB mode
        p16 = png_bytes(o, 16)
        out["decode png16"] = [("PIL", lambda: np.asarray(Image.open(io.BytesIO(p16)), dtype=np.float64) / 65535.0)]
    try:
        tifffile = need("tifffile", "apt-get install -y python3-tifffile")
        buf = io.BytesIO()
        tifffile.imwrite(buf, o.astype(np.float32))
        tb = buf.getvalue()
        out["decode tiff_float32"] = [("tifffile", lambda: tifffile.imread(io.BytesIO(tb)).astype(np.float64))]
    except Missing as e:
        print("peers: " + str(e), file=sys.stderr)
    return out


# ------------------------------------------------------------------------------- report

def jmh_times(path):
    """(task, shape) -> (median ms, mean ms) from a JMH JSON result file (sample or average time)."""
    with open(path) as f:
        runs = json.load(f)
    out = {}
    for run in runs:
        name = run["benchmark"].rsplit(".", 2)
        cls, method = name[-2], name[-1]
        p = run.get("params", {})
        pm = run["primaryMetric"]
        if pm["scoreUnit"] != "ms/op":
            continue
        mean = pm["score"]
        median = pm.get("scorePercentiles", {}).get("50.0", mean) if run.get("mode") == "sample" else mean
        if cls == "MetricBenchmark":
            key = p["metric"]
        elif cls == "DecodeBenchmark":
            key = "decode " + p["format"]
        elif cls == "PairScoringBenchmark":
            key = f"PairScoring.{method} [{p['metrics'].replace('+', ', ')}]"
        else:
            continue
        out[(key, p["shape"])] = (median, mean)
    return out


def table(peer_results, jmh):
    """Markdown: medians first (steadier under load), means in parentheses."""
    rows = ["| task | shape (WxHxC) | imgloss ms, median (mean) | peer | peer ms, median (mean) | peer / imgloss |",
            "| --- | --- | ---: | --- | ---: | ---: |"]
    keys = sorted({(t, s) for (t, s) in jmh} | {(r["task"], r["shape"]) for r in peer_results},
                  key=lambda k: (ORDER.get(k[0].split(" [")[0], 99), k[0], SHAPES.index(k[1]) if k[1] in SHAPES else 9))
    for task, shape in keys:
        mine = jmh.get((task, shape))
        mine_txt = f"{fmt(mine[0])} ({fmt(mine[1])})" if mine else "–"
        peers = [r for r in peer_results if r["task"] == task and r["shape"] == shape]
        if not peers:
            rows.append(f"| {task} | {shape} | {mine_txt} | – | – | – |")
        for r in peers:
            ratio = f"{r['median_ms'] / mine[0]:.2f}x" if mine else "–"
            rows.append(f"| {task} | {shape} | {mine_txt} | {r['peer']} | "
                        f"{fmt(r['median_ms'])} ({fmt(r['mean_ms'])}) | {ratio} |")
    return "\n".join(rows)


ORDER = {k: i for i, k in enumerate([
    "mse", "psnr", "ssim(variant=wang)", "ssim(variant=skimage)", "ms_ssim", "gradient_l1", "blursim",
    "decode png8", "decode png16", "decode tiff_float32", "PairScoring.scoreDecoded", "PairScoring.scoreEncoded"])}


def fmt(v):
    if v is None:
        return "–"
    return f"{v:.3f}" if v < 10 else f"{v:.1f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated WxHxC list")
    ap.add_argument("--min-time", type=float, default=1.0, help="seconds of timed calls per peer and shape")
    ap.add_argument("--min-reps", type=int, default=5)
    ap.add_argument("--out", help="JSON file for the results")
    ap.add_argument("--jmh", help="JMH JSON result to compare with")
    ap.add_argument("--only", help="comma-separated task names to time (default: all)")
    ap.add_argument("--peers-json", help="time nothing: print the --jmh table from this earlier peers JSON")
    args = ap.parse_args()

    if args.peers_json:
        if not args.jmh:
            ap.error("--peers-json needs --jmh")
        with open(args.peers_json) as f:
            print(table(json.load(f)["results"], jmh_times(args.jmh)))
        return

    only = set(args.only.split(",")) if args.only else None
    results, missing = [], []
    for shape in args.shapes.split(","):
        pair = make_pair(shape)
        r, o = pair
        groups = {}
        for make in (numpy_peers, skimage_peers, torch_peers, scipy_peers):
            try:
                for task, peers in make(r, o).items():
                    groups.setdefault(task, []).extend(peers)
            except Missing as e:
                if str(e) not in missing:
                    missing.append(str(e))
        try:
            for task, peers in decode_peers(shape, pair).items():
                groups.setdefault(task, []).extend(peers)
        except Missing as e:
            if str(e) not in missing:
                missing.append(str(e))
        for task, peers in groups.items():
            if only and task not in only:
                continue
            for name, fn in peers:
                t = timed(fn, args.min_time, args.min_reps)
                rec = {"task": task, "shape": shape, "peer": name, "reps": len(t),
                       "mean_ms": float(np.mean(t)), "median_ms": float(np.median(t)), "min_ms": float(np.min(t))}
                results.append(rec)
                print(f"{task:24s} {shape:12s} {name:12s} mean {rec['mean_ms']:9.3f} ms  "
                      f"median {rec['median_ms']:9.3f}  min {rec['min_ms']:9.3f}  ({len(t)} calls)", file=sys.stderr)
    for m in missing:
        print("peers: skipped: " + m, file=sys.stderr)

    versions = {"python": platform.python_version(), "executable": sys.executable, "numpy": np.__version__}
    for mod in ("scipy", "skimage", "torch", "PIL", "tifffile"):
        try:
            versions[mod] = __import__(mod).__version__
        except ImportError:
            versions[mod] = None
    doc = {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cpus": os.cpu_count(),
        "loadavg": os.getloadavg(),
        "threads": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
        "versions": versions,
        "skipped": missing,
        "results": results,
    }
    if args.out:
        with open(args.out, "w") as f:
            json.dump(doc, f, indent=1)
        print(f"peers: results in {args.out}", file=sys.stderr)
    if args.jmh:
        print(table(results, jmh_times(args.jmh)))


if __name__ == "__main__":
    main()
