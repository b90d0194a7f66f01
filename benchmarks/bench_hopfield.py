#!/usr/bin/env python3
"""The capacity curve at N = 1000: hopfield_edu against the same experiment in plain NumPy.

Both store random patterns with Hebb's rule at 15 loads from 0.02 to 0.30, 10 networks per
load, and recall 20 of each network's stored patterns asynchronously (a new random order of
units every sweep) until nothing changes. The NumPy version updates one unit at a time with its
field W[i] @ s, the obvious way; it is slow, so it runs one network per load and its time is
scaled up to ten. Target (issue 4): at least 20 times faster than NumPy.

Usage: python benchmarks/bench_hopfield.py [--quick]
"""

from __future__ import annotations

import numpy as np

from harness import Growth, Result, main, median_seconds
from hopfield_edu import experiments, random_patterns, reference

LOADS, TRIALS, RECALLS = np.linspace(0.02, 0.30, 15), 10, 20


def numpy_capacity_curve(n: int, loads: np.ndarray, trials: int,
                         rng: np.random.Generator) -> np.ndarray:
    rates = []
    for alpha in loads:
        p = max(1, round(alpha * n))
        retrieved = 0
        for _ in range(trials):
            xi = random_patterns(p, n, rng=rng).astype(np.float64)
            weights = xi.T @ xi / n
            np.fill_diagonal(weights, 0.0)
            for k in rng.choice(p, min(p, RECALLS), replace=False):
                final = reference.hopfield_recall(weights, xi[k], rng=rng, check=False).state
                retrieved += final @ xi[k] / n > experiments.RETRIEVED
        rates.append(retrieved / (trials * min(p, RECALLS)))
    return np.array(rates)


def curve(n: int, loads: np.ndarray, trials: int, rng: np.random.Generator):
    return experiments.capacity_curve([n], loads, trials=trials, recalls=RECALLS, rng=rng,
                                      progress=False)


def run(quick: bool) -> tuple[list[Result], list[Growth]]:
    n, loads = 1000, LOADS[::3] if quick else LOADS
    rng = np.random.default_rng(1)
    repeats = 1 if quick else 3
    ours = median_seconds(lambda: curve(n, loads, TRIALS, rng), repeats=repeats)
    # NumPy runs one network per load; its time is scaled to TRIALS of them
    theirs = median_seconds(lambda: numpy_capacity_curve(n, loads, 1, rng),
                            repeats=repeats) * TRIALS
    rates = curve(n, loads, TRIALS, rng).retrieval_rate[0]
    results = [Result(f"Capacity curve, N = {n}, {loads.size} loads × {TRIALS} networks × "
                      f"{RECALLS} recalls", ours, theirs, "≥ 20×", theirs / ours >= 20,
                      "retrieval rate " + " ".join(f"{r:.2f}" for r in rates))]

    sizes = (125, 250, 500) if quick else (250, 500, 1000)
    times = tuple(median_seconds(lambda: curve(size, loads, 2, rng), repeats=repeats)
                  for size in sizes)
    growth = [Growth("Capacity curve, 2 networks per load", "N", sizes, times, 2,
                     "each recall O(N) flips of O(N); the counts, O(αN³/64) by popcount, once "
                     "recall has cost as much")]
    return results, growth


if __name__ == "__main__":
    main(run, __doc__)
