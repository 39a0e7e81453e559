"""Derived fixtures for MetamericLossGoldenTest (run once by hand, not by the tests).

odak's golden `use_radial_weight_true_no_l2_ab` (5.2952e-4) could not be reproduced from the
specification: metamer_reference.py (shared/design/reference) extended with spec section 9.3's radial
weight gives 5.0521e-4, and so does imgloss. The test pins imgloss to this spec value and records the
4.6 % gap to odak. Likewise `use_fullres_l0_true_no_l2_ab`: odak 2.2084e-4, spec section 9.4 (and
imgloss) 1.8988e-4 (16 % lower). Run: PYTHONPATH=/work/shared/design/reference python3 spec_value_fixtures.py
The variants tried to explain the gap (none does) are in odak_gap_probe.py.
"""
import os
import numpy as np
import metamer_reference as R
from pngload import load_png

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    return load_png(os.path.join(HERE, "..", "inputs", name))


def radial(h, w, g):
    rows = np.linspace(0, h, h)[:, None]
    cols = np.linspace(0, w, w)[None, :]
    r = np.sqrt((rows - g[0] * h) ** 2 + (cols - g[1] * w) ** 2)
    r = r / r.max()
    return 1.1 - r ** 4


a = R.rgb_to_ycrcb(load("astronaut_128_blur1.5.png"))
b = R.rgb_to_ycrcb(load("astronaut_128.png"))
args = ((0.5, 0.5), 0.2, 0.2, 0.7, "quadratic", 5, 2, False)
sa, _ = R.stats_maps(a, *args)
sb, _ = R.stats_maps(b, *args)
total = 0.0
for x, y in zip(sa, sb):
    wgt = radial(x.shape[-2], x.shape[-1], (0.5, 0.5))
    total += R.mse(wgt * x, wgt * y)
print(repr(total / len(sa)))  # 0.000505207459353023


def stats_fullres(x):
    F = R.filters(2)
    pyr = R.build_pyramid(x, 5, F)
    out = []

    def find(band):
        lod = R.lod_map((0.5, 0.5), band.shape[-2], band.shape[-1], 0.2, 0.2, 0.7, "quadratic")
        m = R.radial_blur(band, lod)
        v = R.radial_blur(band * band, lod) - m * m
        v[v < 1e-7] = 1e-7
        matte = (lod > 1e-6).astype(float)
        return m * matte, np.sqrt(v) * matte

    out += list(find(pyr[0]["h"]))
    for level in pyr[:-1]:
        for band in level["b"]:
            out += list(find(band))
    out.append(R.radial_blur(x, R.lod_map((0.5, 0.5), x.shape[-2], x.shape[-1], 0.2, 0.2, 0.7, "quadratic")))
    return out


fa = stats_fullres(a)
fb = stats_fullres(b)
print(repr(sum(R.mse(x, y) for x, y in zip(fa, fb)) / len(fa)))  # 0.00018987901399257945
