"""Hypotheses tried for the use_radial_weight / use_fullres_l0 gap to odak 0.2.7 (run by hand, ~1 min).

odak 0.2.7 (golden): radial 5.2952e-4, fullres 2.2084e-4 on astronaut_128_blur1.5 vs astronaut_128,
gaze (0.5, 0.5), l2 off, other parameters default. Spec section 9.3/9.4 and odak's latest public source
(kaanaksit/odak 1e3cdc89) give 5.0521e-4 and 1.8988e-4. Each line prints a variant's value divided by
odak's; an explanation would print 1.0000 (within 1e-4). None does.
Run: PYTHONPATH=/work/shared/design/reference python3 odak_gap_probe.py
"""
import itertools
import os
import numpy as np
import metamer_reference as R
from pngload import load_png

HERE = os.path.dirname(os.path.abspath(__file__))
ODAK_RADIAL = 0.000529519107658416
ODAK_FULLRES = 0.00022084263036958873
G = (0.5, 0.5)


def load(name):
    return R.rgb_to_ycrcb(load_png(os.path.join(HERE, "..", "inputs", name)))


def lod(h, w, gaze=G):
    return R.lod_map(gaze, h, w, 0.2, 0.2, 0.7, "quadratic")


a, b = load("astronaut_128_blur1.5.png"), load("astronaut_128.png")
args = (G, 0.2, 0.2, 0.7, "quadratic", 5, 2, False)
sa, _ = R.stats_maps(a, *args)
sb, _ = R.stats_maps(b, *args)
print("plain (odak 5.4985e-4):", sum(R.mse(x, y) for x, y in zip(sa, sb)) / 19)


def radius(h, w, gy, gx, grid="0n"):
    rows = {"0n": np.linspace(0, h, h), "ar": np.arange(h) * 1.0}[grid]
    cols = {"0n": np.linspace(0, w, w), "ar": np.arange(w) * 1.0}[grid]
    return np.sqrt((rows[:, None] - gy) ** 2 + (cols[None, :] - gx) ** 2)


def radial(weight, squared=True):
    s = 0.0
    for i, (x, y) in enumerate(zip(sa, sb)):
        w = weight(i, x.shape[-2], x.shape[-1])
        s += float(np.mean((w * w if squared else w) * (x - y) ** 2))
    return s / 19 / ODAK_RADIAL


def rn(h, w, gy=None, gx=None, grid="0n"):
    r = radius(h, w, h / 2 if gy is None else gy, w / 2 if gx is None else gx, grid)
    return r / r.max()


print("radial, spec", radial(lambda i, h, w: 1.1 - rn(h, w) ** 4))
for p in (1, 2, 5, 6, 8, 12):
    print("radial, rho^%d" % p, radial(lambda i, h, w: 1.1 - rn(h, w) ** p))
for c in (1.0, 1.2, 1.5, 2.0):
    print("radial, %.1f - rho^4" % c, radial(lambda i, h, w: c - rn(h, w) ** 4))
print("radial, grid 0..n-1", radial(lambda i, h, w: 1.1 - rn(h, w, (h - 1) / 2, (w - 1) / 2, "ar") ** 4))
print("radial, weight not squared", radial(lambda i, h, w: 1.1 - rn(h, w) ** 4, squared=False))
r0 = radius(128, 128, 64, 64).max()
print("radial, normalised by full-res max", radial(lambda i, h, w: 1.1 - (radius(h, w, h / 2, w / 2) / r0) ** 4))
for g in ((1, 1), (0, 0), (0.25, 0.25), (0.75, 0.75)):
    print("radial, centre", g, radial(lambda i, h, w: 1.1 - rn(h, w, g[0] * h, g[1] * w) ** 4))

# which maps are weighted: every subset of 11 groups (h mu/sigma, level l mu/sigma, R)
group = [0, 1] + [2 + 2 * ((i - 2) // 4) + (i - 2) % 2 for i in range(2, 18)] + [10]
plain, weighted = np.zeros(11), np.zeros(11)
for i, (x, y) in enumerate(zip(sa, sb)):
    w = 1.1 - rn(x.shape[-2], x.shape[-1]) ** 4
    plain[group[i]] += R.mse(x, y)
    weighted[group[i]] += R.mse(w * x, w * y)
best = min(abs((m * weighted + (1 - m) * plain).sum() / 19 / ODAK_RADIAL - 1)
           for m in map(np.array, itertools.product([0, 1], repeat=11)))
print("radial, best subset of weighted maps: off by", best)

# fullres: the matte terms and R
L0 = lod(128, 128)
matte_terms = 0.0
for x, y in zip(sa[:-1], sb[:-1]):
    m = lod(x.shape[-2], x.shape[-1]) > 1e-6
    matte_terms += R.mse(m * x, m * y)


def fullres(r_term, terms=None):
    return ((matte_terms if terms is None else terms) + r_term) / 19 / ODAK_FULLRES


blur_r = R.mse(R.radial_blur(a, L0), R.radial_blur(b, L0))
print("fullres, spec", fullres(blur_r))
print("fullres, no matte", fullres(blur_r, sum(R.mse(x, y) for x, y in zip(sa[:-1], sb[:-1]))))
print("fullres, R = pyramid residual", fullres(R.mse(sa[-1], sb[-1])))
print("fullres, R unblurred", fullres(R.mse(a, b)))
F = R.filters(2)
la, lb = R.correlate(a, F["l0"]), R.correlate(b, F["l0"])
print("fullres, R = blurred l0 lowpass", fullres(R.mse(R.radial_blur(la, L0), R.radial_blur(lb, L0))))
for s in (0.5, 1.0, 2.0):
    Ls = np.maximum(L0 - s, 0)
    print("fullres, R with LOD - %.1f" % s, fullres(R.mse(R.radial_blur(a, Ls), R.radial_blur(b, Ls))))
L64 = R.bilinear_resize(lod(64, 64)[None, None], 128, 128)[0, 0]
print("fullres, R with the 64x64 LOD upsampled", fullres(R.mse(R.radial_blur(a, L64), R.radial_blur(b, L64))))
Ld = R.lod_map(G, 128, 128, 0.01, 0.3, 0.6, "quadratic")
print("fullres, R with calc_statsmaps defaults", fullres(R.mse(R.radial_blur(a, Ld), R.radial_blur(b, Ld))))
sub = 0.0
for x, y in zip(sa[:-1], sb[:-1]):
    k = 128 // x.shape[-1]
    m = (L0 > 1e-6)[::k, ::k]
    sub += R.mse(m * x, m * y)
print("fullres, matte from lambda0 subsampled", fullres(blur_r, sub))
