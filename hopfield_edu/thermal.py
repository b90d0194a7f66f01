"""Measurements at temperature T > 0: Glauber dynamics set against the phase diagram.

The network stores random patterns with Hebb's rule and runs Glauber dynamics (a unit becomes +1
with probability 1 / (1 + exp(-2h/T)), one sweep in random order at a time). Each experiment
draws its patterns from ``rng`` and returns the numbers a figure needs; the theory they are set
against is in :mod:`hopfield_edu.theory.phase_diagram` (retrieval at load α) and
:mod:`hopfield_edu.theory.mixtures` (mixture states, α → 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_generator, check_int, check_positive_sequence
from .experiments import mixture_state
from .hopfield import HopfieldNetwork
from .patterns import random_patterns

__all__ = ["MIXED", "MixtureScan", "ThermalScan", "mixture_scan", "thermal_scan"]

#: A symmetric 3-mixture counts as still mixed while its smallest overlap exceeds this. Below
#: T = 0.5 the mixture has overlaps above 0.41 with all three patterns (AGS 1985); once it has
#: fallen into one of them, its overlaps with the other two are of order 1/√N.
MIXED = 0.25


@dataclass(frozen=True)
class ThermalScan:
    """What :func:`thermal_scan` measured.

    Attributes
    ----------
    n_neurons : int
    loads, temperatures : numpy.ndarray
    overlaps : numpy.ndarray
        Shape ``(len(loads), len(temperatures), trials)``: for each network, its overlap with
        the pattern it started in, averaged over the measured sweeps.
    """

    n_neurons: int
    loads: np.ndarray
    temperatures: np.ndarray
    overlaps: np.ndarray

    @property
    def mean(self) -> np.ndarray:
        """The overlap averaged over networks, shape ``(len(loads), len(temperatures))``."""
        return self.overlaps.mean(axis=-1)

    @property
    def error(self) -> np.ndarray:
        """The standard error of :attr:`mean` over networks (NaN for a single network)."""
        trials = self.overlaps.shape[-1]
        if trials == 1:
            return np.full(self.mean.shape, np.nan)
        return self.overlaps.std(axis=-1, ddof=1) / np.sqrt(trials)


def thermal_scan(n_neurons: int, loads, temperatures, *, sweeps: int = 100, measure: int = 50,
                 trials: int = 1, rng=None) -> ThermalScan:
    """Glauber dynamics from a stored pattern at each load and temperature: where it settles.

    For every load α: ``trials`` networks, each storing round(αN) random patterns. At every
    temperature each network starts in its first pattern, runs ``sweeps`` sweeps to
    equilibrate, then ``measure`` more, over which its overlap with that pattern is averaged.
    Theory: the retrieval branch of :func:`hopfield_edu.theory.replica_symmetric` below
    T_M(α); above it the overlap decays towards 0.
    """
    n = check_int(n_neurons, "n_neurons", minimum=2)
    loads = check_positive_sequence(loads, "loads")
    temperatures = check_positive_sequence(temperatures, "temperatures")
    sweeps = check_int(sweeps, "sweeps", minimum=0)
    measure = check_int(measure, "measure", minimum=1)
    trials = check_int(trials, "trials", minimum=1)
    generator = as_generator(rng)
    overlaps = np.zeros((loads.size, temperatures.size, trials))
    for a, alpha in enumerate(loads):
        for k in range(trials):
            xi = random_patterns(max(1, int(round(alpha * n))), n, rng=generator)
            network = HopfieldNetwork.from_patterns(xi)
            target = xi[0].astype(np.int64)
            for b, temperature in enumerate(temperatures):
                dynamics = network.dynamics(xi[0], temperature=temperature, rng=generator)
                if sweeps:
                    dynamics.run(sweeps)  # in one call of the compiled kernel
                total = 0
                for _ in range(measure):
                    dynamics.step()
                    total += int(target @ dynamics.state)
                overlaps[a, b, k] = total / (measure * n)
    return ThermalScan(n_neurons=n, loads=loads, temperatures=temperatures, overlaps=overlaps)


@dataclass(frozen=True)
class MixtureScan:
    """What :func:`mixture_scan` measured.

    Attributes
    ----------
    n_neurons, n_patterns : int
    temperatures : numpy.ndarray
    overlaps : numpy.ndarray
        Shape ``(len(temperatures), trials, 3)``: the final overlaps with the three mixed
        patterns, largest first.
    """

    n_neurons: int
    n_patterns: int
    temperatures: np.ndarray
    overlaps: np.ndarray

    @property
    def still_mixed(self) -> np.ndarray:
        """At each temperature, the fraction of runs that ended still mixed: smallest overlap
        above :data:`MIXED`."""
        return np.mean(self.overlaps[..., -1] > MIXED, axis=-1)


def mixture_scan(n_neurons: int, temperatures, *, n_patterns: int = 3, sweeps: int = 100,
                 trials: int = 4, rng=None) -> MixtureScan:
    """Glauber dynamics from the symmetric mixture sgn(ξ¹ + ξ² + ξ³): does it stay mixed?

    At every temperature, ``trials`` networks each store ``n_patterns`` (at least 3) random
    patterns, start in the mixture of the first three and run ``sweeps`` sweeps. Theory
    (α → 0): :func:`hopfield_edu.theory.mixture_overlap`, a minimum of the free energy below
    :func:`hopfield_edu.theory.mixture_stability_temperature`.
    """
    n = check_int(n_neurons, "n_neurons", minimum=3)
    temperatures = check_positive_sequence(temperatures, "temperatures")
    p = check_int(n_patterns, "n_patterns", minimum=3)
    sweeps = check_int(sweeps, "sweeps", minimum=1)
    trials = check_int(trials, "trials", minimum=1)
    generator = as_generator(rng)
    overlaps = np.zeros((temperatures.size, trials, 3))
    for b, temperature in enumerate(temperatures):
        for k in range(trials):
            xi = random_patterns(p, n, rng=generator)
            network = HopfieldNetwork.from_patterns(xi)
            state = network.recall(mixture_state(xi[:3]), temperature=temperature,
                                   max_steps=sweeps, rng=generator).state
            overlaps[b, k] = np.sort(xi[:3].astype(np.int64) @ state / n)[::-1]
    return MixtureScan(n_neurons=n, n_patterns=p, temperatures=temperatures, overlaps=overlaps)
