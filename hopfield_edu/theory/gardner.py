"""How many patterns any couplings can store: Gardner's bound, Cover's count, bits per synapse.

Gardner (1988) asked not how well one rule does but how large the space of all couplings is
that make every random pattern stable with margin κ, and found that it shrinks to nothing at
α_c(κ) = [∫_{-κ}^∞ Dt (t + κ)²]^{-1}, Dt the standard Gaussian measure: 2 at κ = 0. Cover (1965)
had counted the same thing at κ = 0 for one unit exactly, at any size: of the 2^p ways to
label p points in general position in D dimensions, C(p, D) = 2 Σ_{k<D} binom(p - 1, k) can be
produced by a perceptron through the origin, half of them at p = 2D.
"""

from __future__ import annotations

import math

import numpy as np

from .._validate import check_array, check_int, scalar_or_array

__all__ = ["bits_per_synapse", "cover_fraction", "gardner_capacity", "gardner_margin"]


def _phi(x: float) -> float:
    """The standard normal density."""
    return math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def _Phi(x: float) -> float:
    """The standard normal distribution function."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def _inverse_capacity(kappa: float) -> float:
    """∫_{-κ}^∞ Dt (t + κ)² = (1 + κ²) Φ(κ) + κ φ(κ), by parts."""
    return (1.0 + kappa * kappa) * _Phi(kappa) + kappa * _phi(kappa)


def _margins(value) -> np.ndarray:
    kappa = check_array(value, "kappa", ndim=None)
    if np.any(kappa < 0):
        raise ValueError(f"kappa must be at least 0, got {kappa.min():g}: for κ < 0 the "
                         f"couplings that solve the problem no longer form a convex set and "
                         f"Gardner's replica-symmetric result is not exact")
    return kappa


def gardner_capacity(kappa=0.0):
    """α_c(κ) = [∫_{-κ}^∞ Dt (t + κ)²]^{-1}: the most random patterns per neuron that some
    couplings store with every stability above κ (Gardner 1988, Eq. 22 of the J. Phys. A paper,
    as N → ∞). 2 at κ = 0, as Cover's (1965) count gives; falls as κ grows, like 1/κ².

    ``kappa``: a number or an array, each at least 0.
    """
    kappa = _margins(kappa)
    return scalar_or_array(1.0 / np.vectorize(_inverse_capacity, otypes=[float])(kappa))


def gardner_margin(load):
    """κ_max(α): the largest margin with which random patterns at load α = p/N can all be
    stored, the inverse of :func:`gardner_capacity`. Defined for 0 < α < 2; it grows without
    bound as α → 0 and reaches 0 at α = 2."""
    alpha = check_array(load, "load", ndim=None)
    if np.any(alpha <= 0) or np.any(alpha >= 2):
        bad = alpha[(alpha <= 0) | (alpha >= 2)].flat[0]
        raise ValueError(f"load must lie strictly between 0 and 2 (α = p/N), got {bad:g}: "
                         f"beyond α = 2 no couplings store all random patterns, even with "
                         f"margin 0")

    def solve(a: float) -> float:
        low, high = 0.0, 1.0
        while 1.0 / _inverse_capacity(high) > a:  # α_c falls from 2 towards 0 as κ grows
            high *= 2.0
        for _ in range(200):
            middle = 0.5 * (low + high)
            if 1.0 / _inverse_capacity(middle) > a:
                low = middle
            else:
                high = middle
        return 0.5 * (low + high)

    return scalar_or_array(np.vectorize(solve, otypes=[float])(alpha))


def cover_fraction(n_patterns, n_inputs):
    """The fraction of the 2^p labellings of p points in general position in D dimensions that
    a perceptron through the origin can produce: 2^{1-p} Σ_{k=0}^{D-1} binom(p - 1, k)
    (Cover 1965, his function-counting theorem). 1 for p ≤ D, exactly ½ at p = 2D.

    A unit of a network of N neurons has D = N - 1 inputs, so this is the chance that random
    patterns can be made fixed points at that unit. ``n_patterns``: a number or an array.
    """
    p = check_array(n_patterns, "n_patterns", ndim=None)
    if np.any(p < 1) or np.any(p != np.round(p)):
        raise ValueError(f"n_patterns must be whole numbers of at least 1, got "
                         f"{p[(p < 1) | (p != np.round(p))].flat[0]:g}")
    d = check_int(n_inputs, "n_inputs", minimum=1)

    def fraction(count: float) -> float:
        count = int(count)  # exact integers; int / int rounds correctly, however large
        return sum(math.comb(count - 1, k) for k in range(min(d, count))) / 2 ** (count - 1)

    return scalar_or_array(np.vectorize(fraction, otypes=[float])(p))


def bits_per_synapse(n_patterns, n_neurons, *, active=None):
    """The information a network holds when it stores ``n_patterns`` random patterns, in bits
    per coupling: n_patterns × (bits per pattern) / (N (N - 1)).

    A random ±1 pattern carries N bits; a random 0/1 pattern with exactly ``active`` units on
    carries log₂ binom(N, active). For orientation, as N → ∞: 2 bits per synapse for the
    best couplings at α_c = 2 (Gardner 1988), 1/(2 ln 2) ≈ 0.72 for sparse codes with the best
    couplings or the covariance rule (Gardner 1988; Tsodyks & Feigelman 1988).
    """
    n = check_int(n_neurons, "n_neurons", minimum=2)
    p = check_array(n_patterns, "n_patterns", ndim=None)
    if np.any(p < 0):
        raise ValueError(f"n_patterns must be at least 0, got {p.min():g}")
    if active is None:
        bits = float(n)
    else:
        k = check_int(active, "active", minimum=1, maximum=n - 1)
        bits = (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) / math.log(2)
    return scalar_or_array(p * bits / (n * (n - 1)))
