"""Upper limits with pyhf for the b2recast comparison tests and benchmark.

Usage: python upper_limit.py WORKSPACE.json LEVEL [REPEATS [NORMSYS_CODE HISTOSYS_CODE]]
Prints one JSON object: pyhf version, observed and expected (-2..+2 sigma) CLs limits from
pyhf.infer.intervals.upper_limits.toms748_scan (asymptotic, q~_mu, the root finder that
upper_limit uses), and the mean wall time of one call over REPEATS calls. LEVEL is
1 - confidence level (0.1 for 90 % CL). The interpolation codes default to pyhf's (code4,
code4p).

toms748_scan is called directly because pyhf 0.7.6's upper_limit(scan=None, level=...) does
not pass `level` on to it and so always returns 95 % CL limits. When pyhf's CLs is NaN at the
lower bound mu = 0 (0/0 in its q~ formula when q_A = 0 there), the scan is repeated from
mu = 1e-4 x the upper bound and the output says so ("lower_bound_moved").
"""
import json
import sys
import time

import pyhf

pyhf.set_backend("numpy")
with open(sys.argv[1]) as handle:
    spec = json.load(handle)
level = float(sys.argv[2])
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 1
normsys, histosys = (sys.argv[4], sys.argv[5]) if len(sys.argv) > 5 else ("code4", "code4p")
workspace = pyhf.Workspace(spec)
model = workspace.model(
    modifier_settings={"normsys": {"interpcode": normsys}, "histosys": {"interpcode": histosys}}
)
data = workspace.data(model)
low, high = model.config.suggested_bounds()[model.config.poi_index]
lower_bound_moved = False


def scan():
    return pyhf.infer.intervals.upper_limits.toms748_scan(
        data, model, low, high, level=level, test_stat="qtilde"
    )


try:
    scan()
except ValueError:
    low, lower_bound_moved = high * 1e-4, True
start = time.perf_counter()
for _ in range(repeats):
    observed, expected = scan()
elapsed = (time.perf_counter() - start) / repeats
print(json.dumps({
    "pyhf": pyhf.__version__,
    "observed": float(observed),
    "expected": [float(x) for x in expected],
    "seconds_per_limit": elapsed,
    "lower_bound_moved": lower_bound_moved,
}))
