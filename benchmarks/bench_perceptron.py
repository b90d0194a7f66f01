#!/usr/bin/env python3
"""Perceptron learning of the couplings, N = 500 and α = 1.5: hopfield_edu against vectorised NumPy.

Both learn couplings that make p = 750 random patterns fixed points, every unit a perceptron
(margin κ = 0, a new random order of the patterns each epoch, until an epoch changes nothing).
The NumPy version (:func:`hopfield_edu.reference.perceptron_couplings`) is the textbook rule
vectorised over the units: at each pattern one matrix-vector product gives every unit's field,
and every unit that gets its bit wrong adds the pattern to its couplings. Both draw the same
orders and must give exactly the same couplings. Target (issue 18): at least 10 times faster.

Usage: python benchmarks/bench_perceptron.py [--quick]
"""

from __future__ import annotations

import numpy as np

import hopfield_edu as hf
from harness import Growth, Result, main, median_seconds
from hopfield_edu import perceptron, reference

ALPHA, CAP = 1.5, 5000  # the cap is far above the epochs needed: every unit is solved


def learn(n: int, repeats: int) -> tuple[float, perceptron.LearnedCouplings, np.ndarray]:
    """Median seconds for hopfield_edu to learn the couplings at size n; the result; patterns."""
    patterns = hf.random_patterns(round(ALPHA * n), n, rng=n)
    seconds = median_seconds(lambda: perceptron.learn_couplings(patterns, max_epochs=CAP, rng=1),
                             repeats=repeats)
    return seconds, perceptron.learn_couplings(patterns, max_epochs=CAP, rng=1), patterns


def run(quick: bool) -> tuple[list[Result], list[Growth]]:
    n = 200 if quick else 500
    ours, learned, patterns = learn(n, 3 if quick else 5)
    couplings = []
    # one NumPy run, after no warm-up: it takes seconds, and NumPy compiles nothing
    theirs = median_seconds(lambda: couplings.append(reference.perceptron_couplings(
        patterns, max_epochs=CAP, rng=1)), repeats=1, warmup=0)
    same = np.array_equal(couplings[0], learned.couplings)
    note = (f"p = {len(patterns)}; all units solved: {learned.all_solved}, slowest after "
            f"{learned.epochs.max()} epochs; same couplings: {same}")
    results = [Result(f"Perceptron learning, N = {n}, α = {ALPHA}", ours, theirs, "≥ 10×",
                      theirs / ours >= 10 and same, note)]

    sizes = (50, 100, 200) if quick else (125, 250, 500)
    times = tuple(learn(size, 3)[0] for size in sizes)
    growth = [Growth(f"Perceptron learning, α = {ALPHA}", "N", sizes, times, 3,
                     "N units, each O(N) updates of its p = αN aligned fields")]
    return results, growth


if __name__ == "__main__":
    main(run, __doc__)
