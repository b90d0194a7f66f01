"""Forgetting on purpose: palimpsests that keep the newest memories, and unlearning.

A Hebbian network that stores too many patterns does not lose the oldest ones first: beyond
α_c ≈ 0.138 it loses all of them at once. Two remedies, both forgetting:

- **bounded synapses** (Parisi 1986): each new pattern adds ξ_i ξ_j to J_ij as before, but J_ij
  is kept within ±bound. Old patterns fade as later ones push the synapses about, and the
  network keeps the most recent ones, however many it has seen: a palimpsest. Mézard, Nadal &
  Toulouse (1986) solved a close relative (old traces decay by a constant factor) and found at
  best about 0.05 N recent patterns retrievable;
- **unlearning** (Hopfield, Feinstein & Palmer 1983): let the network settle from random
  states, and weaken what it settles into, J ← J - (ε/N) s* s*ᵀ. Spurious attractors, which
  catch many random starts, are hit and weakened more often than the stored patterns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_generator, check_fraction, check_int, check_real, check_spins
from .experiments import RETRIEVED
from .hopfield import HopfieldNetwork
from .patterns import flip, random_patterns

__all__ = ["Census", "attractor_census", "bounded_hebbian", "recency_curve", "unlearn"]


def _bound(value) -> int | None:
    return None if value is None else check_int(value, "bound", minimum=1)


def bounded_hebbian(patterns, bound: int | None) -> np.ndarray:
    """Store ``patterns`` (rows) in order, keeping every coupling within ±bound (Parisi 1986).

    J_ij ← clip(J_ij + ξ_i ξ_j, -bound, bound) for one pattern after another, zero diagonal,
    returned as the weights J / N. The couplings stay integers, so every field is exact;
    ``bound=None`` is Hebb's rule, which never forgets.
    """
    xi = check_spins(patterns, "patterns", ndim=2)
    bound = _bound(bound)
    n = xi.shape[1]
    counts = np.zeros((n, n), dtype=np.int32)
    for pattern in xi.astype(np.int32):
        counts += np.outer(pattern, pattern)
        if bound is not None:
            np.clip(counts, -bound, bound, out=counts)
    np.fill_diagonal(counts, 0)
    return counts / n


def recency_curve(n_neurons: int, n_patterns: int, *, bound: int | None, ages: int = 50,
                  noise: float = 0.1, trials: int = 3, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """How well a network with bounded synapses recalls its patterns, by age.

    Stores ``n_patterns`` random patterns in order with :func:`bounded_hebbian`, then recalls
    each of the ``ages`` newest from a cue with a fraction ``noise`` of its bits flipped.
    Returns the retrieval rate (final overlap above 0.9) at each age, 0 the newest, over
    ``trials`` networks, and its standard error.
    """
    n = check_int(n_neurons, "n_neurons", minimum=2)
    p = check_int(n_patterns, "n_patterns", minimum=1)
    bound = _bound(bound)
    ages = check_int(ages, "ages", minimum=1, maximum=p)
    noise = check_fraction(noise, "noise")
    trials = check_int(trials, "trials", minimum=1)
    generator = as_generator(rng)
    retrieved = np.zeros(ages)
    for _ in range(trials):
        xi = random_patterns(p, n, rng=generator)
        network = HopfieldNetwork(bounded_hebbian(xi, bound))
        targets = xi[::-1][:ages]  # newest first
        states = network.recall(flip(targets, noise, rng=generator), rng=generator).state
        retrieved += np.einsum("ij,ij->i", states, targets, dtype=np.int64) / n > RETRIEVED
    rate = retrieved / trials
    return rate, np.sqrt(rate * (1.0 - rate) / trials)


def unlearn(weights, *, dreams: int, strength: float = 0.01, rng=None) -> np.ndarray:
    """Unlearning (Hopfield, Feinstein & Palmer 1983): ``dreams`` times, let the network settle
    from a random state into s* and weaken it, W ← W - (strength / N) s* s*ᵀ, zero diagonal.

    Returns the new weights; ``weights`` (symmetric) is left unchanged. Each dream runs
    asynchronous recall to a fixed point (at most 100 sweeps).
    """
    w = HopfieldNetwork(weights).weights.copy()
    dreams = check_int(dreams, "dreams", minimum=0)
    strength = check_real(strength, "strength", minimum=0.0, exclusive_minimum=True)
    generator = as_generator(rng)
    n = w.shape[0]
    for _ in range(dreams):
        start = random_patterns(1, n, rng=generator)[0]
        dream = HopfieldNetwork(w).recall(start, rng=generator).state.astype(np.float64)
        w -= (strength / n) * np.outer(dream, dream)
        np.fill_diagonal(w, 0.0)
    return w


@dataclass(frozen=True)
class Census:
    """Where recall from random states ends: the result of :func:`attractor_census`.

    Attributes
    ----------
    retrieved : float
        The fraction of starts that end in a stored pattern or its reverse (overlap above 0.9
        in absolute value with one of them).
    spurious : float
        The fraction that end at a fixed point that is neither.
    distinct_spurious : int
        How many different spurious fixed points were found (a state and its reverse once).
    unsettled : float
        The fraction that had not settled within the sweeps allowed.
    """

    retrieved: float
    spurious: float
    distinct_spurious: int
    unsettled: float


def attractor_census(network, patterns, *, starts: int = 200, rng=None) -> Census:
    """Run ``network`` (any ±1 memory) from ``starts`` random states and sort where it ends."""
    xi = check_spins(patterns, "patterns", ndim=2)
    starts = check_int(starts, "starts", minimum=1)
    generator = as_generator(rng)
    cues = random_patterns(starts, xi.shape[1], rng=generator)
    run = network.recall(cues, rng=generator)
    ends = run.state
    overlaps = np.abs(ends.astype(np.float64) @ xi.T.astype(np.float64)) / xi.shape[1]
    retrieved = overlaps.max(axis=1) > RETRIEVED
    spurious = ~retrieved & run.converged
    canonical = ends[spurious] * ends[spurious, :1]  # a state and its reverse alike
    return Census(retrieved=float(np.mean(retrieved & run.converged)),
                  spurious=float(np.mean(spurious)),
                  distinct_spurious=len({row.tobytes() for row in canonical}),
                  unsettled=float(np.mean(~run.converged)))
