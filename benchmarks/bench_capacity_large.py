#!/usr/bin/env python3
"""Chapter 4 scaled up: its capacity curve with the sizes constant raised to N = 8192.

The curve: the chapter's own setup cell and capacity-curve cell (notebooks/04_capacity.ipynb),
run with ``SIZES`` multiplied by 8192 / 1000, so (2048, 4096, 8192): 11 loads from 0.04 to
0.24, 6 networks per size and load, 20 recalls each, and the figure. It runs once, in a fresh
Python of its own, so that its memory peaks are its own: the NumPy arrays' peak (tracemalloc)
and the process's peak resident memory (``ru_maxrss``, or VmHWM on Linux; Python, Numba and
matplotlib included).
Its time is the process's CPU time, and the wall time beside it. Target (issue 24): under two
minutes. No NumPy reference runs the whole curve (the plain loop would take hours); the two rows
before it compare its two costly steps with NumPy:

- the Hebbian counts Σ_μ ξ_i^μ ξ_j^μ at N = 8192, p = 1966 (the largest load), against the
  float32 matrix product Ξᵀ Ξ of NumPy's BLAS, also exact in integers (target: 5× faster, what
  64 products per popcount give against a BLAS near its peak on one AVX-512 core: 6-7× on
  Zen 5);
- a sweep of asynchronous recall beyond the capacity over those counts, from a stored pattern,
  against ``reference.hopfield_recall`` over the same counts (each unit's field W[i] @ s).

Usage: python benchmarks/bench_capacity_large.py [--quick]
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

import hopfield_edu as hf
from harness import Result, main, median_seconds
from hopfield_edu import _kernels, reference

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "04_capacity.ipynb"
LARGEST, LOAD, CURVE_TARGET = 8192, 0.24, 120.0


def scaled_cells(largest: int) -> tuple[str, str]:
    """The chapter's setup cell with SIZES scaled so that its largest is ``largest``, and its
    capacity-curve cell."""
    cells = ["".join(cell["source"]) for cell in json.loads(NOTEBOOK.read_text("utf-8"))["cells"]
             if cell["cell_type"] == "code"]
    setup = next(cell for cell in cells if re.search(r"^SIZES = \(", cell, re.M))
    sizes = eval(re.search(r"^SIZES = (\([^)]*\))", setup, re.M).group(1))  # noqa: S307
    scaled = tuple(size * largest // max(sizes) for size in sizes)
    setup = re.sub(r"^SIZES = \([^)]*\)", f"SIZES = {scaled}", setup, flags=re.M)
    return setup, next(cell for cell in cells if "capacity_curve(" in cell)


def curve_in_this_process(largest: int) -> dict:
    """Run the scaled cells here; the seconds and peaks as a dict."""
    import matplotlib

    matplotlib.use("Agg")
    setup, curve = scaled_cells(largest)
    namespace: dict = {}
    exec(setup, namespace)  # noqa: S102
    tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    exec(curve, namespace)  # noqa: S102
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    numpy_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"sizes": [int(n) for n in namespace["curve"].sizes],
            "loads": len(namespace["LOADS"]), "trials": namespace["TRIALS"], "cpu": cpu,
            "wall": wall,
            "numpy_peak": numpy_peak,
            "rss_peak": peak_resident()}


def peak_resident() -> int:
    """Bytes of this process's peak resident memory: ``ru_maxrss``, except that on Linux a
    process started from a large one inherits that one's peak into its ``ru_maxrss`` (the
    high-water mark survives exec), so there the peak of its own memory, VmHWM, is read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, else KiB


def curve_in_a_fresh_process(largest: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--curve", str(largest)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def numpy_counts(xi: np.ndarray) -> np.ndarray:
    x = xi.astype(np.float32)
    counts = x.T @ x
    np.fill_diagonal(counts, 0.0)
    return counts


def our_counts(xi: np.ndarray) -> np.ndarray:
    bits = np.empty((-(-len(xi) // 64), xi.shape[1]), np.uint64)
    _kernels.pack_patterns(xi, bits)
    counts = np.empty((xi.shape[1],) * 2, np.int16)
    _kernels.hebbian_counts(bits, len(xi), counts)
    return counts


def run(quick: bool) -> tuple[list[Result], list]:
    n = 2048 if quick else LARGEST
    p = round(LOAD * n)
    rng = np.random.default_rng(24)
    xi = hf.random_patterns(p, n, rng=rng)
    repeats = 1 if quick else 3
    ours = median_seconds(lambda: our_counts(xi), repeats=repeats)
    theirs = median_seconds(lambda: numpy_counts(xi), repeats=repeats)
    same = bool(np.array_equal(our_counts(xi), numpy_counts(xi)))
    target = n == LARGEST  # smaller sizes (--quick) check the machinery only
    results = [Result(f"Hebbian counts, N = {n}, p = {p}", ours, theirs,
                      "≥ 5×" if target else "", theirs / ours >= 5 if target else None,
                      f"popcount against float32 BLAS; same: {same}")]

    network = hf.HopfieldNetwork.from_patterns(xi)
    network.recall(xi[0], rng=rng)  # beyond the capacity: long enough to switch to counts
    counts = our_counts(xi).astype(np.int32)  # int16 @ int8 would sum in int16 and overflow
    ours = median_seconds(lambda: (lambda r: r.steps)(network.recall(xi[1], rng=rng)),
                          repeats=repeats)
    theirs = median_seconds(lambda: reference.hopfield_recall(counts, xi[1], max_steps=2,
                                                              scale=1 / n, rng=rng,
                                                              check=False).steps, repeats=1)
    results.append(Result(f"Hopfield async recall beyond the capacity, N = {n}, p = {p}, "
                          "per sweep", ours, theirs, note="over the counts"))

    largest = 2048 if quick else LARGEST
    curve = curve_in_a_fresh_process(largest)
    results.append(Result(
        f"Chapter 4's capacity curve, SIZES = {tuple(curve['sizes'])}, "
        f"{curve['loads']} loads × {curve['trials']} networks × 20 recalls", curve["cpu"], None,
        f"< {CURVE_TARGET:.0f} s" if target else "",
        curve["cpu"] < CURVE_TARGET if target else None,
        f"CPU time; wall {curve['wall']:.1f} s; peak {curve['numpy_peak'] / 1e6:.0f} MB of NumPy "
        f"arrays, {curve['rss_peak'] / 1e6:.0f} MB resident"))
    return results, []


if __name__ == "__main__":
    if sys.argv[1:2] == ["--curve"]:
        print(json.dumps(curve_in_this_process(int(sys.argv[2]))))
    else:
        main(run, __doc__)
