#!/usr/bin/env python3
"""Many Ising lattices at once: ising.simulate_many (64 replicas per 64-bit word, multi-spin
coding) against the same 64 lattices run one after another by the single-lattice Metropolis
checkerboard kernel (ising.simulate), at T_c, compared per spin update. Both record the energy
and magnetisation of every lattice after every sweep.

Target (issue 24): at least 5 times the throughput (spin updates per second) of the sequential
runs. The "NumPy" column of this benchmark is that sequential hopfield_edu run.

Usage: python benchmarks/bench_multilattice.py [--quick]
"""

from __future__ import annotations

import numpy as np

from harness import Result, main, median_seconds
from hopfield_edu import ising

TC = ising.CRITICAL_TEMPERATURE
REPLICAS = 64


def run(quick: bool) -> tuple[list[Result], list]:
    rng = np.random.default_rng(0)
    repeats = 3 if quick else 7
    results = []
    for L in (64, 128):
        sweeps = 50 if quick else 200
        state = {"many": ising.simulate_many(L, TC, replicas=REPLICAS, sweeps=1, burn_in=200,
                                             rng=rng).spins}
        state["one"] = [spins.copy() for spins in state["many"]]

        def together():
            # both continue from their own last configurations, equilibrated at T_c
            state["many"] = ising.simulate_many(L, TC, replicas=REPLICAS, sweeps=sweeps,
                                                start=state["many"], rng=rng).spins
            return sweeps * REPLICAS * L**2

        def one_after_another():
            for r in range(REPLICAS):
                state["one"][r] = ising.simulate(L, TC, sweeps=sweeps, start=state["one"][r],
                                                 order="checkerboard", rng=rng).spins
            return sweeps * REPLICAS * L**2

        ours = median_seconds(together, repeats=repeats)
        theirs = median_seconds(one_after_another, repeats=repeats)
        results.append(Result(f"Ising, {REPLICAS} lattices of L = {L} at T_c, per spin update",
                              ours, theirs, "≥ 5× the sequential single-lattice kernel",
                              theirs / ours >= 5,
                              f"{ours * 1e9:.3g} ns against {theirs * 1e9:.3g} ns one lattice "
                              f"after another; the reference is ising.simulate, not NumPy"))
    return results, []


if __name__ == "__main__":
    main(run, __doc__)
