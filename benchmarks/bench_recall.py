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
from hopfield_edu import reference

LOAD, NOISE = 0.05, 0.1


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
                repeats = 3
            else:
                repeats = 5 if quick else 9
            theirs = median_seconds(lambda: reference.hopfield_recall(
                network.weights, cue, mode=mode, rng=rng, check=False), repeats=repeats)
            final = reference.hopfield_recall(network.weights, cue, mode=mode, rng=rng,
                                              check=False).state
            overlaps = (hf.overlap(network.recall(cue, mode=mode, rng=rng).state, patterns[0]),
                        hf.overlap(final, patterns[0]))
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
