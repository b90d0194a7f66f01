#!/usr/bin/env python3
"""Boltzmann machines: sequential Gibbs sweeps and one epoch of CD-1 against plain NumPy.

Gibbs: 1000 chains of a fully visible machine of 64 units, each sweep updating every unit of
every chain once, in order, from its conditional probability. The machine is the one chapter 8
would learn from the binarised digits (200 steps of persistent learning); a second row uses
random couplings J_ij ~ N(0, 1/64), where far more units flip. The NumPy version vectorises over
the chains, one unit at a time: the fields S @ J_i, an exponential and a comparison per chain.
Target (issue 19): at least 10 times faster than NumPy.

CD-1: one epoch on the 1797 digits with 64 visible and 100 hidden units, batches of 20, no
momentum, against reference.cd_epoch, the same algorithm written the usual NumPy way (double
precision, one matrix product per statistic). hopfield_edu stacks the two phases into one
product and samples in single precision. Target: at least as fast as NumPy.

Usage: python benchmarks/bench_boltzmann.py [--quick]
"""

from __future__ import annotations

import numpy as np

import hopfield_edu as hf
from harness import Growth, Result, main, median_seconds
from hopfield_edu import reference
from hopfield_edu.boltzmann import RBM, BoltzmannMachine

CHAINS, UNITS, HIDDEN, BATCH = 1000, 64, 100, 20


def numpy_gibbs(couplings: np.ndarray, biases: np.ndarray, states: np.ndarray, sweeps: int,
                rng: np.random.Generator) -> np.ndarray:
    """Sequential heat-bath sweeps in plain NumPy, vectorised over the chains (rows)."""
    s = states.astype(np.float64)
    for _ in range(sweeps):
        u = rng.random(s.shape)
        for i in range(s.shape[1]):
            field = s @ couplings[i] + biases[i]
            s[:, i] = np.where(u[:, i] < 1.0 / (1.0 + np.exp(-2.0 * field)), 1.0, -1.0)
    return s


def digits_machine(steps: int) -> BoltzmannMachine:
    patterns, _ = hf.digits()
    return BoltzmannMachine(UNITS).fit(patterns, steps=steps, learning_rate=0.05, chains=CHAINS,
                                       rng=0)


def random_machine() -> BoltzmannMachine:
    upper = np.triu(np.random.default_rng(1).normal(0, 1 / np.sqrt(UNITS), (UNITS, UNITS)), 1)
    return BoltzmannMachine(UNITS, couplings=upper + upper.T)


def gibbs_ours(machine: BoltzmannMachine, chains: int, sweeps: int, repeats: int) -> float:
    """hopfield_edu's median seconds per sweep of ``chains`` chains, already past their start."""
    return gibbs(machine, chains, sweeps, repeats, numpy=False)[0]


def gibbs(machine: BoltzmannMachine, chains: int, sweeps: int, repeats: int, numpy=True):
    """hopfield_edu's median seconds per sweep of ``chains`` chains, NumPy's, and the fraction
    of unit updates that flip the unit (each unit is updated once a sweep, so it is the fraction
    of units that differ after one sweep)."""
    rng = np.random.default_rng(2)
    state = {"chains": machine.sample(chains, sweeps=20, rng=rng)}   # past the start

    def ours():
        state["chains"] = machine.sample(chains, sweeps=sweeps, start=state["chains"], rng=rng)
        return sweeps

    seconds = median_seconds(ours, repeats=repeats)
    after = machine.sample(chains, sweeps=1, start=state["chains"], rng=rng)
    flip_rate = float(np.mean(after != state["chains"]))

    def theirs():
        numpy_gibbs(machine.couplings, machine.biases, state["chains"], max(1, sweeps // 20), rng)
        return max(1, sweeps // 20)

    return seconds, flip_rate, median_seconds(theirs, repeats=repeats) if numpy else None


def run(quick: bool) -> tuple[list[Result], list[Growth]]:
    repeats = 3 if quick else 7
    sweeps = 20 if quick else 100
    results = []
    for name, machine, target in (("learned from the digits", digits_machine(50 if quick else 200),
                                   True),
                                  ("random couplings N(0, 1/64)", random_machine(), False)):
        ours, flip_rate, theirs = gibbs(machine, CHAINS, sweeps, repeats)
        results.append(Result(f"Boltzmann machine Gibbs sweep, {CHAINS} chains of {UNITS} "
                              f"units, {name}", ours, theirs, "≥ 10×" if target else "",
                              theirs / ours >= 10 if target else None,
                              f"{ours / (CHAINS * UNITS) * 1e9:.2f} ns per unit update, "
                              f"{flip_rate:.1%} of them flip"))

    data = (hf.digits()[0] + 1) // 2
    rbm = RBM(UNITS, HIDDEN, rng=3)
    ours = median_seconds(lambda: rbm.fit(data, epochs=1, learning_rate=0.05, batch_size=BATCH,
                                          momentum=0.0, rng=4), repeats=repeats)
    theirs = median_seconds(lambda: reference.cd_epoch(
        rbm.weights, rbm.visible_bias, rbm.hidden_bias, data, learning_rate=0.05,
        batch_size=BATCH, rng=4), repeats=repeats)
    results.append(Result(f"RBM CD-1 epoch on the digits, {UNITS} visible, {HIDDEN} hidden, "
                          f"batches of {BATCH}", ours, theirs, "≥ 1×", theirs / ours >= 1,
                          "hopfield_edu samples in single precision"))

    machine = random_machine()
    sizes = (250, 500, 1000) if quick else (250, 500, 1000, 2000, 4000)
    per_sweep = [gibbs_ours(machine, chains, sweeps, repeats) for chains in sizes]
    growth = [Growth("Boltzmann machine Gibbs sweep, 64 random units", "chains", sizes,
                     tuple(per_sweep), 1, "the chains are independent: O(chains) per sweep")]
    return results, growth


if __name__ == "__main__":
    main(run, __doc__)
