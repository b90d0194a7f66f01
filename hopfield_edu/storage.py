"""Every learning rule side by side: what it stores as fixed points, and the basins it leaves.

:func:`store` makes the network of any rule of the course: Hebb's, Storkey's and the
pseudo-inverse give symmetric weights (:class:`hopfield_edu.hopfield.HopfieldNetwork`), the
perceptron rules asymmetric couplings (:class:`hopfield_edu.asymmetric.AsymmetricNetwork`).
:func:`stored_fraction` and :func:`basins` measure them all the same way, over random
patterns, with standard errors over networks.
"""

from __future__ import annotations

import numpy as np

from ._validate import (as_generator, check_choice, check_fraction, check_int, check_positive,
                        check_real, check_spins)
from .asymmetric import AsymmetricNetwork
from .experiments import RETRIEVED, mean_and_error, stable_fraction
from .hopfield import RULES as SYMMETRIC_RULES
from .hopfield import HopfieldNetwork
from .patterns import flip, random_patterns
from .perceptron import RULES as PERCEPTRON_RULES
from .perceptron import learn_couplings

__all__ = ["RULES", "basins", "recall_rates", "store", "stored_fraction"]

#: Every rule :func:`store` knows: the symmetric ones, then the perceptron rules.
RULES = SYMMETRIC_RULES + PERCEPTRON_RULES


def store(patterns, rule: str = "hebbian", *, kappa: float = 0.0, max_epochs: int = 1000,
          rng=None):
    """The network that stores ``patterns`` (rows of ±1) by ``rule``.

    "hebbian", "storkey" and "pseudoinverse" give a :class:`HopfieldNetwork`; "perceptron",
    "minover" and "diederich_opper" an :class:`AsymmetricNetwork` over couplings learned by
    :func:`hopfield_edu.perceptron.learn_couplings` with margin ``kappa``, at most
    ``max_epochs`` epochs, the order of patterns drawn from ``rng``. ``kappa``,
    ``max_epochs`` and ``rng`` are for the perceptron rules only.
    """
    check_choice(rule, "rule", RULES)
    if rule in SYMMETRIC_RULES:
        if kappa != 0.0:
            raise ValueError(f"kappa is the margin of the perceptron rules; {rule!r} takes none, "
                             f"got kappa = {kappa!r}")
        return HopfieldNetwork.from_patterns(patterns, rule=rule)
    learned = learn_couplings(patterns, rule=rule, kappa=kappa, max_epochs=max_epochs, rng=rng)
    return AsymmetricNetwork(learned.couplings)


def _couplings(network) -> np.ndarray:
    return network.couplings if isinstance(network, AsymmetricNetwork) else network.weights


def recall_rates(network, patterns, noise_levels, *, recalls: int | None = None,
                 rng=None) -> np.ndarray:
    """The fraction of stored ``patterns`` that ``network`` (any ±1 memory) recalls from cues
    with each fraction of flipped bits in ``noise_levels``: final overlap above
    :data:`hopfield_edu.experiments.RETRIEVED`. At each level ``recalls`` patterns are drawn
    anew (all of them by default)."""
    xi = check_spins(patterns, "patterns", ndim=2)
    levels = [check_fraction(level, "noise_levels") for level in np.atleast_1d(noise_levels)]
    count = len(xi) if recalls is None else min(len(xi), check_int(recalls, "recalls",
                                                                    minimum=1))
    generator = as_generator(rng)
    rates = np.zeros(len(levels))
    for b, level in enumerate(levels):
        targets = xi[generator.choice(len(xi), count, replace=False)]
        states = network.recall(flip(targets, level, rng=generator), rng=generator).state
        overlaps = np.einsum("ij,ij->i", states, targets, dtype=np.int64) / xi.shape[1]
        rates[b] = np.mean(overlaps > RETRIEVED)
    return rates


def stored_fraction(n_neurons: int, loads, *, rule: str = "hebbian", kappa: float = 0.0,
                    max_epochs: int = 1000, trials: int = 3,
                    rng=None) -> tuple[np.ndarray, np.ndarray]:
    """The fraction of stored random patterns that are exact fixed points, at each load.

    ``trials`` (at least 2) networks of ``n_neurons`` per load α store p = round(α N)
    patterns by ``rule`` (see :func:`store`). Returns the mean fraction at each load and its
    standard error over the networks.
    """
    n = check_int(n_neurons, "n_neurons", minimum=2)
    values = check_positive(loads, "loads").reshape(-1)
    trials = check_int(trials, "trials", minimum=2)
    generator = as_generator(rng)
    fractions = np.empty((trials, values.size))
    for b, alpha in enumerate(values):
        p = max(1, round(alpha * n))
        for t in range(trials):
            xi = random_patterns(p, n, rng=generator)
            network = store(xi, rule, kappa=kappa, max_epochs=max_epochs, rng=generator)
            fractions[t, b] = stable_fraction(_couplings(network), xi)
    return mean_and_error(fractions)


def basins(n_neurons: int, n_patterns: int, noise_levels, *, rule: str = "hebbian",
           kappa: float = 0.0, max_epochs: int = 1000, trials: int = 3, recalls: int = 20,
           rng=None) -> tuple[np.ndarray, np.ndarray]:
    """The retrieval rate against the fraction of flipped bits in the cue, for any rule.

    ``trials`` (at least 2) networks store ``n_patterns`` random patterns by ``rule`` and
    recall ``recalls`` of them at each noise level (:func:`recall_rates`).
    Returns the mean rate at each level and its standard error over the networks.
    """
    n = check_int(n_neurons, "n_neurons", minimum=2)
    p = check_int(n_patterns, "n_patterns", minimum=1)
    levels = [check_fraction(level, "noise_levels") for level in np.atleast_1d(noise_levels)]
    check_real(kappa, "kappa", minimum=0.0)
    trials = check_int(trials, "trials", minimum=2)
    generator = as_generator(rng)
    rates = []
    for _ in range(trials):
        xi = random_patterns(p, n, rng=generator)
        network = store(xi, rule, kappa=kappa, max_epochs=max_epochs, rng=generator)
        rates.append(recall_rates(network, xi, levels, recalls=recalls, rng=generator))
    return mean_and_error(np.array(rates))
