#!/usr/bin/env python3
"""One modern Hopfield update of 10 000 queries against 10 000 stored patterns of dimension 64:
hopfield_edu against bare NumPy, softmax(Q Xᵀ) X, in the same run.

hopfield_edu never builds the full (queries × patterns) score matrix: it works on blocks with
an online, max-shifted softmax. Bare NumPy builds it (800 MB here). Target (issue 7): within
1.5 times bare NumPy's time; and 100 000 patterns × 10 000 queries run with bounded memory,
measured with tracemalloc, which sees NumPy's allocations.

Usage: python benchmarks/bench_modern.py [--quick]
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np

from harness import Growth, Result, main, median_seconds
from hopfield_edu import ModernHopfield, reference

DIM, BETA = 64, 0.125


def peak_memory(network: ModernHopfield, Q: np.ndarray) -> tuple[float, int]:
    """Seconds for one update, and the peak bytes NumPy allocated during it."""
    tracemalloc.start()
    start = time.perf_counter()
    network.update(Q)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak


def run(quick: bool) -> tuple[list[Result], list[Growth]]:
    rng = np.random.default_rng(0)
    n = 2_000 if quick else 10_000
    X, Q = rng.normal(size=(n, DIM)), rng.normal(size=(n, DIM))
    network = ModernHopfield(X, beta=BETA)
    repeats = 3 if quick else 5
    ours = median_seconds(lambda: network.update(Q), repeats=repeats)
    theirs = median_seconds(lambda: reference.modern_update(X, Q, BETA), repeats=repeats)
    same = np.allclose(network.update(Q), reference.modern_update(X, Q, BETA), atol=1e-10)

    big = 10 * n
    took, peak = peak_memory(ModernHopfield(rng.normal(size=(big, DIM)), beta=BETA), Q)
    full = big * n * 8
    results = [Result(f"Modern Hopfield update, {n} queries × {n} patterns, d = {DIM}",
                      ours, theirs, "≥ 0.67× (time ≤ 1.5× NumPy)",
                      ours <= 1.5 * theirs and peak < full,
                      f"same result: {same}; {big} patterns: {took:.1f} s, peak "
                      f"{peak / 2**20:.0f} MB, the score matrix alone {full / 2**20:.0f} MB")]

    sizes = (n // 4, n // 2, n, 2 * n)
    networks = [ModernHopfield(rng.normal(size=(k, DIM)), beta=BETA) for k in sizes]
    times = tuple(median_seconds(lambda: net.update(Q), repeats=repeats) for net in networks)
    growth = [Growth(f"Modern Hopfield update, {n} queries, d = {DIM}", "patterns", sizes,
                     times, 1, "scores and average O(queries × patterns × d)")]
    return results, growth


if __name__ == "__main__":
    main(run, __doc__)
