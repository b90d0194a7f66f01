#!/usr/bin/env python3
"""The Ising model at T = T_c: Metropolis against a vectorised NumPy checkerboard, Wolff against
a NumPy Wolff that grows its cluster a whole shell of sites at a time, and how both grow with L.

Metropolis: both update the two colours of the checkerboard in turn, at L = 128; compared per
sweep. Target (issue 24): at most 3 ns per spin update and at least 10 times faster than NumPy.
Wolff: clusters at T_c have random sizes, so the two are compared per spin flipped.

Usage: python benchmarks/bench_ising.py [--quick]
"""

from __future__ import annotations

import numpy as np

from harness import Growth, Result, main, median_seconds
from hopfield_edu import ising, reference

TC = ising.CRITICAL_TEMPERATURE


def equilibrated(L: int, rng: np.random.Generator) -> np.ndarray:
    """A lattice at T_c, after enough Wolff steps to forget its cold start."""
    return ising.simulate(L, TC, sweeps=1, burn_in=200, algorithm="wolff", rng=rng).spins.copy()


def metropolis(L: int, sweeps: int, repeats: int, rng: np.random.Generator) -> float:
    """hopfield_edu's median seconds per Metropolis sweep at L, T_c, checkerboard order."""
    state = {"spins": equilibrated(L, rng)}

    def work():
        run = ising.simulate(L, TC, sweeps=sweeps, start=state["spins"], order="checkerboard",
                             rng=rng)
        state["spins"] = run.spins
        return sweeps

    return median_seconds(work, repeats=repeats)


def wolff(L: int, steps: int, repeats: int, rng: np.random.Generator, *,
          per_spin: bool) -> float:
    """hopfield_edu's median seconds per Wolff step (or per spin flipped) at L, T_c."""
    state = {"spins": equilibrated(L, rng)}

    def work():
        run = ising.simulate(L, TC, sweeps=steps, algorithm="wolff", start=state["spins"],
                             rng=rng)
        state["spins"] = run.spins
        return int(run.cluster_size.sum()) if per_spin else steps

    return median_seconds(work, repeats=repeats)


def run(quick: bool) -> tuple[list[Result], list[Growth]]:
    rng = np.random.default_rng(0)
    repeats = 3 if quick else 7
    L, sweeps = 128, 200 if quick else 1000

    ours = metropolis(L, sweeps, repeats, rng)
    start = equilibrated(L, rng)

    def numpy_sweeps():
        reference.checkerboard_metropolis(start, TC, sweeps // 20, rng=rng)  # slow: fewer
        return sweeps // 20

    theirs = median_seconds(numpy_sweeps, repeats=repeats)
    ns = ours / L**2 * 1e9
    results = [Result(f"Ising Metropolis, L = {L}, T_c, one sweep", ours, theirs,
                      "≥ 10× and ≤ 3 ns per spin", theirs / ours >= 10 and ns <= 3,
                      f"{ns:.2f} ns per spin update")]

    ours = wolff(L, 100 if quick else 500, repeats, rng, per_spin=True)
    start = equilibrated(L, rng)
    theirs = median_seconds(lambda: reference.wolff_steps(start, TC, 10 if quick else 40,
                                                          rng=rng)[1], repeats=repeats)
    results.append(Result(f"Ising Wolff, L = {L}, T_c, per spin flipped", ours, theirs))

    sides = (64, 128, 256) if quick else (64, 128, 256, 512)
    per_sweep = [metropolis(n, max(10, sweeps * 128**2 // n**2), repeats, rng) for n in sides]
    growth = [Growth("Ising Metropolis, one sweep", "L", sides, tuple(per_sweep), 2,
                     "L² spins per sweep")]
    sides = (32, 64, 128) if quick else (32, 64, 128, 256)
    per_step = [wolff(n, 200 if quick else 1000, repeats, rng, per_spin=False) for n in sides]
    growth.append(Growth("Ising Wolff at T_c, one step", "L", sides, tuple(per_step), 1.75,
                         "mean cluster size ~ L^(γ/ν), γ/ν = 7/4"))
    return results, growth


if __name__ == "__main__":
    main(run, __doc__)
