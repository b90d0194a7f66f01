#!/usr/bin/env python3
"""Metropolis on the square lattice: hopfield_edu against a vectorised NumPy checkerboard.

Both run the same algorithm, Metropolis with checkerboard order at L = 128 and T = T_c, in this
process, one after the other. Prints nanoseconds per spin update for each and their ratio.
Target (issue 3): at most 5 ns per update and at least 8 times faster than NumPy.

Usage: python benchmarks/bench_ising.py [--L 128] [--sweeps 2000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from hopfield_edu import ising


def numpy_checkerboard_metropolis(spins: np.ndarray, T: float, sweeps: int,
                                  rng: np.random.Generator) -> np.ndarray:
    """Metropolis in plain NumPy: update all sites of one colour at once, then the other."""
    rows, columns = np.indices(spins.shape)
    colours = [(rows + columns) % 2 == c for c in (0, 1)]
    # flip probability min(1, exp(-ΔE/T)) for ΔE = 2 s Σ neighbours, looked up by s Σ + 4
    p_flip = np.minimum(1.0, np.exp(-2.0 * np.arange(-4, 5) / T))
    for _ in range(sweeps):
        for colour in colours:
            neighbours = (np.roll(spins, 1, 0) + np.roll(spins, -1, 0)
                          + np.roll(spins, 1, 1) + np.roll(spins, -1, 1))
            flip = colour & (rng.random(spins.shape) < p_flip[spins * neighbours + 4])
            spins[flip] *= -1
    return spins


def median_seconds(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--L", type=int, default=128)
    parser.add_argument("--sweeps", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    L, T = args.L, ising.CRITICAL_TEMPERATURE
    updates = L * L * args.sweeps
    rng = np.random.default_rng(0)

    ising.simulate(L, T, sweeps=2, rng=0)  # compile (or load from the cache) first
    ours = median_seconds(lambda: ising.simulate(L, T, sweeps=args.sweeps,
                                                 order="checkerboard", rng=rng), args.repeats)
    numpy_sweeps = max(1, args.sweeps // 20)  # NumPy is slow: time fewer sweeps, per update
    start = np.where(rng.random((L, L)) < 0.5, 1, -1).astype(np.int8)
    reference = median_seconds(lambda: numpy_checkerboard_metropolis(start.copy(), T,
                                                                     numpy_sweeps, rng),
                               args.repeats) * args.sweeps / numpy_sweeps

    ours_ns, numpy_ns = ours / updates * 1e9, reference / updates * 1e9
    ratio = numpy_ns / ours_ns
    print(f"Metropolis, L = {L}, T = T_c, median of {args.repeats} runs")
    print(f"  hopfield_edu : {ours_ns:6.2f} ns per spin update")
    print(f"  NumPy        : {numpy_ns:6.2f} ns per spin update")
    print(f"  ratio        : {ratio:6.1f}x   (target: <= 5 ns and >= 8x: "
          f"{'met' if ours_ns <= 5 and ratio >= 8 else 'NOT met'})")


if __name__ == "__main__":
    main()
