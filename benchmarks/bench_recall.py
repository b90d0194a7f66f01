#!/usr/bin/env python3
"""Recall in a classical Hopfield network at N = 256, 1024 and 4096: hopfield_edu against NumPy.

Each network stores p = N / 20 random patterns with Hebb's rule (load 0.05, well inside the
retrieval phase) and recalls one of them from a cue with 10 % of its bits flipped, until nothing
changes. Asynchronous: the NumPy version updates one unit at a time, in a new random order each
sweep, from its field W[i] @ s. Synchronous: the NumPy version updates all units from W @ s.
Target (issue 9): asynchronous recall at N = 4096 at least 30 times faster than NumPy.

Usage: python benchmarks/bench_recall.py [--quick]
"""

from __future__ import annotations

import numpy as np

import hopfield_edu as hf
from harness import Growth, Result, main, median_seconds

LOAD, NOISE = 0.05, 0.1


def numpy_async_recall(weights: np.ndarray, cue: np.ndarray,
                       rng: np.random.Generator) -> np.ndarray:
    s = cue.astype(np.float64)
    while True:
        changed = False
        for i in rng.permutation(s.size):
            h = weights[i] @ s
            new = 1.0 if h > 0 else (-1.0 if h < 0 else s[i])
            if new != s[i]:
                s[i], changed = new, True
        if not changed:
            return s


def numpy_sync_recall(weights: np.ndarray, cue: np.ndarray, max_sweeps: int = 100) -> np.ndarray:
    s, previous = cue.astype(np.float64), None
    for _ in range(max_sweeps):
        h = weights @ s
        new = np.where(h > 0, 1.0, np.where(h < 0, -1.0, s))
        if np.array_equal(new, s) or (previous is not None and np.array_equal(new, previous)):
            return new
        previous, s = s, new
    return s


def run(quick: bool) -> tuple[list[Result], list[Growth]]:
    sizes = (256, 1024) if quick else (256, 1024, 4096)
    rng = np.random.default_rng(0)
    results, times = [], {"async": [], "sync": []}
    for n in sizes:
        patterns = hf.random_patterns(round(LOAD * n), n, rng=rng)
        network = hf.HopfieldNetwork.from_patterns(patterns)
        cue = hf.flip(patterns[0], NOISE, rng=rng)
        for mode in ("async", "sync"):
            ours = median_seconds(lambda: network.recall(cue, mode=mode, rng=rng),
                                  repeats=5 if quick else 9)
            if mode == "async":
                theirs = median_seconds(lambda: numpy_async_recall(network.weights, cue, rng),
                                        repeats=3)
                final = numpy_async_recall(network.weights, cue, rng)
            else:
                theirs = median_seconds(lambda: numpy_sync_recall(network.weights, cue),
                                        repeats=5 if quick else 9)
                final = numpy_sync_recall(network.weights, cue)
            overlaps = (hf.overlap(network.recall(cue, mode=mode, rng=rng).state, patterns[0]),
                        final @ patterns[0] / n)
            target = n == 4096 and mode == "async"
            results.append(Result(
                f"Hopfield {mode} recall, N = {n}, p = {len(patterns)}, 10 % flipped",
                ours, theirs, "≥ 30×" if target else "", theirs / ours >= 30 if target else None,
                "final overlaps {:.2f}, {:.2f}".format(*overlaps)))
            times[mode].append(ours)
    growth = [Growth("Hopfield async recall, p = N / 20", "N", sizes, tuple(times["async"]), 2,
                     "fields from the p patterns, O(pN); 0.1 N flips of O(N) each"),
              Growth("Hopfield sync recall, p = N / 20", "N", sizes, tuple(times["sync"]), 2,
                     "each sweep: fields from the p patterns, O(pN)")]
    return results, growth


if __name__ == "__main__":
    main(run, __doc__)
