#!/usr/bin/env python3
"""The capacity curve at N = 1000: hopfield_edu against the same experiment in plain NumPy.

Both store random patterns with Hebb's rule at 15 loads from 0.02 to 0.30, 10 networks per
load, and recall 20 of each network's stored patterns asynchronously (a new random order of
units every sweep) until nothing changes. The NumPy version updates one unit at a time with its
field W[i] @ s, the obvious way; it is slow, so it runs one network per load and its time is
scaled up to ten, per recall. Target (issue 4): at least 20 times faster than NumPy.

Usage: python benchmarks/bench_hopfield.py
"""

from __future__ import annotations

import time

import numpy as np

from hopfield_edu import experiments, random_patterns

N, LOADS, TRIALS, RECALLS = 1000, np.linspace(0.02, 0.30, 15), 10, 20


def numpy_recall(weights: np.ndarray, cue: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    s = cue.copy()
    while True:
        changed = False
        for i in rng.permutation(s.size):
            h = weights[i] @ s
            new = 1 if h > 0 else (-1 if h < 0 else s[i])
            if new != s[i]:
                s[i], changed = new, True
        if not changed:
            return s


def numpy_capacity_curve(trials: int, rng: np.random.Generator) -> np.ndarray:
    rates = []
    for alpha in LOADS:
        p = max(1, round(alpha * N))
        retrieved = 0
        for _ in range(trials):
            xi = random_patterns(p, N, rng=rng).astype(np.float64)
            weights = xi.T @ xi / N
            np.fill_diagonal(weights, 0.0)
            for k in rng.choice(p, min(p, RECALLS), replace=False):
                retrieved += numpy_recall(weights, xi[k], rng) @ xi[k] / N > experiments.RETRIEVED
        rates.append(retrieved / (trials * min(p, RECALLS)))
    return np.array(rates)


def main() -> None:
    experiments.capacity_curve([50], [0.1], trials=1, recalls=2, rng=0)  # compile first
    start = time.perf_counter()
    ours = experiments.capacity_curve([N], LOADS, trials=TRIALS, recalls=RECALLS, rng=1)
    ours_seconds = time.perf_counter() - start

    start = time.perf_counter()
    reference = numpy_capacity_curve(1, np.random.default_rng(1))
    numpy_seconds = (time.perf_counter() - start) * TRIALS

    print(f"Capacity curve, N = {N}, {LOADS.size} loads x {TRIALS} networks x {RECALLS} recalls")
    print(f"  hopfield_edu : {ours_seconds:7.2f} s")
    print(f"  NumPy        : {numpy_seconds:7.2f} s  (1 network per load, times {TRIALS})")
    ratio = numpy_seconds / ours_seconds
    print(f"  ratio        : {ratio:7.1f}x   (target >= 20x: {'met' if ratio >= 20 else 'NOT met'})")
    print("  retrieval rate, ours : " + " ".join(f"{r:.2f}" for r in ours.retrieval_rate[0]))
    print("  retrieval rate, NumPy: " + " ".join(f"{r:.2f}" for r in reference))


if __name__ == "__main__":
    main()
