#!/usr/bin/env python3
"""The Python peers of bench/e2e.sh on the same PNG pairs, decoding included, 2 workers.

  Pillow        decode-only (read + decode both images), 1 process and 2 processes
  scikit-image  structural_similarity with Wang's settings (Gaussian σ 1.5, population covariance,
                data_range 1, per channel), 2 processes
  torch         SSIM as pytorch_msssim computes it (float32 conv2d, 11-tap Gaussian σ 1.5), 2 threads

A peer whose module is missing is named with its install command and skipped. Prints one line per
figure, and the imgloss job's rate over each peer's when --e2e-json names the imgloss figures of the
same run; writes every figure as JSON to --out.
"""

import argparse
import json
import multiprocessing as mp
import os
import sys
import time

INSTALL = {
    "numpy": "apt-get install -y python3-numpy",
    "PIL": "apt-get install -y python3-pil",
    "skimage": "apt-get update && apt-get install -y python3-skimage",
    "torch": "apt-get update && apt-get install -y --no-install-recommends python3-torch",
}


def have(module):
    try:
        __import__(module)
        return True
    except ImportError:
        print(f"e2e peers: {module} skipped (not installed; {INSTALL[module]})", file=sys.stderr)
        return False


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def pairs_of(folder):
    names = sorted(os.listdir(os.path.join(folder, "orig")))
    return [(os.path.join(folder, "recon", n), os.path.join(folder, "orig", n)) for n in names if n.endswith(".png")]


def load(path):
    import numpy as np
    from PIL import Image
    with Image.open(path) as im:
        return np.asarray(im)


def decode_pair(pair):
    return sum(load(p).shape[0] for p in pair)


def skimage_pair(pair):
    from skimage.metrics import structural_similarity
    r, o = (load(p).astype("float64") / 255.0 for p in pair)
    return structural_similarity(o, r, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                                 data_range=1.0, channel_axis=2)


def rate(fn, pairs, processes):
    start = time.perf_counter()
    if processes == 1:
        for p in pairs:
            fn(p)
    else:
        with mp.Pool(processes) as pool:
            pool.map(fn, pairs, chunksize=max(1, len(pairs) // (4 * processes)))
    return len(pairs) / (time.perf_counter() - start)


def torch_rate(pairs, threads):
    import numpy as np
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(threads)
    torch.set_grad_enabled(False)
    coords = torch.arange(11, dtype=torch.float32) - 5
    g = torch.exp(-(coords ** 2) / (2 * 1.5 ** 2))
    g = (g / g.sum()).view(1, 1, 1, -1).repeat(3, 1, 1, 1)

    def blur(t):
        t = F.conv2d(t, g, groups=3)
        return F.conv2d(t, g.transpose(2, 3), groups=3)

    def ssim(x, y):
        c1, c2 = 0.01 ** 2, 0.03 ** 2
        mx, my = blur(x), blur(y)
        sxx = blur(x * x) - mx * mx
        syy = blur(y * y) - my * my
        sxy = blur(x * y) - mx * my
        cs = (2 * sxy + c2) / (sxx + syy + c2)
        return (((2 * mx * my + c1) / (mx * mx + my * my + c1)) * cs).mean()

    start = time.perf_counter()
    for rp, op in pairs:
        r, o = (torch.from_numpy(np.ascontiguousarray(load(p).transpose(2, 0, 1))).float().div(255.0).unsqueeze(0)
                for p in (rp, op))
        ssim(o, r)
    return len(pairs) / (time.perf_counter() - start)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", required=True, help="folder with orig/ and recon/")
    ap.add_argument("--e2e-json", help="imgloss figures of the same run")
    ap.add_argument("--out", help="JSON file for the peers' figures")
    a = ap.parse_args()
    pairs = pairs_of(a.pairs)
    figures = {"pairs": len(pairs), "load_before": loadavg()}
    imgloss = {}
    if a.e2e_json and os.path.exists(a.e2e_json):
        with open(a.e2e_json) as f:
            imgloss = json.load(f)

    def record(key, value):
        figures[key] = value
        print(f"{key:34s} {value:10.2f}   Python peer, same files (load {loadavg()})", flush=True)
        peer = key.replace("_pairs_per_s", "")
        ours = "decode_only_pairs_per_s" if "decode" in key else "job_ssim_pairs_per_s"
        if ours in imgloss:
            ratio = imgloss[ours] / value
            figures[f"imgloss_{ours.replace('_pairs_per_s', '')}_vs_{peer}"] = ratio
            print(f"{'imgloss_' + ours.replace('_pairs_per_s', '') + '_vs_' + peer:34s} {ratio:10.2f}   ratio",
                  flush=True)

    if have("numpy") and have("PIL"):
        rate(decode_pair, pairs[:8], 1)  # warm-up
        record("pillow_decode_1proc_pairs_per_s", rate(decode_pair, pairs, 1))
        record("pillow_decode_2proc_pairs_per_s", rate(decode_pair, pairs, 2))
        if have("skimage"):
            record("skimage_ssim_2proc_pairs_per_s", rate(skimage_pair, pairs, 2))
        if have("torch"):
            record("torch_ssim_2thr_pairs_per_s", torch_rate(pairs, 2))
    else:
        print("e2e peers: numpy and Pillow missing, peers skipped", file=sys.stderr)
    load_now = loadavg()
    figures["load_after"] = load_now
    if a.out:
        with open(a.out, "w") as f:
            json.dump(figures, f, indent=1)


if __name__ == "__main__":
    main()
