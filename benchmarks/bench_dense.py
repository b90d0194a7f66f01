#!/usr/bin/env python3
"""Dense associative memory, N = 100 and K = 20 000: hopfield_edu against vectorised NumPy.

Both recall 10 stored patterns from cues with 10 % of their bits flipped, with the exponential
interaction F(x) = exp(x) (the regime K >> N where only it works), asynchronously: a new random
order of units every sweep, each unit taking the state of lower energy. The NumPy version keeps
the overlaps up to date too and decides each unit with whole-array operations over the K
patterns. Target (issue 6): at least 20 times faster than NumPy.

Usage: python benchmarks/bench_dense.py [--quick]
"""

from __future__ import annotations

import numpy as np

import hopfield_edu as hf
from harness import Growth, Result, main, median_seconds
from hopfield_edu import reference
from hopfield_edu.dense import DenseAssociativeMemory

N, K, RECALLS = 100, 20_000, 10


def recall_all(k: int, repeats: int) -> tuple[float, list[np.ndarray], np.ndarray]:
    """Median seconds for hopfield_edu to recall RECALLS cues, K = k; the states and patterns."""
    patterns = hf.random_patterns(k, N, rng=0)
    cues = hf.flip(patterns[:RECALLS], 0.1, rng=1)
    memory = DenseAssociativeMemory(patterns, interaction="exponential")
    rng = np.random.default_rng(2)
    seconds = median_seconds(lambda: [memory.recall(cue, rng=rng) for cue in cues],
                             repeats=repeats)
    return seconds, [memory.recall(cue, rng=rng).state for cue in cues], patterns


def run(quick: bool) -> tuple[list[Result], list[Growth]]:
    repeats = 3 if quick else 5
    ours, states, patterns = recall_all(K, repeats)
    cues = hf.flip(patterns[:RECALLS], 0.1, rng=1)
    rng = np.random.default_rng(2)
    theirs = median_seconds(lambda: [reference.exponential_recall(patterns, cue, rng=rng)
                                     for cue in cues], repeats=1 if quick else 3)
    exact = sum(np.array_equal(s, p) for s, p in zip(states, patterns))
    results = [Result(f"Dense recall, exponential, N = {N}, K = {K}, {RECALLS} cues",
                      ours, theirs, "≥ 20×", theirs / ours >= 20,
                      f"{exact} of {RECALLS} exact")]

    sizes = (5_000, 10_000, 20_000) if quick else (10_000, 20_000, 40_000, 80_000)
    times = tuple(recall_all(k, repeats)[0] for k in sizes)
    growth = [Growth(f"Dense recall, exponential, N = {N}", "K", sizes, times, 1,
                     "each unit's decision and each flip O(K)")]
    return results, growth


if __name__ == "__main__":
    main(run, __doc__)
