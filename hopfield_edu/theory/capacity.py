"""The capacity of the classical network and its relatives, in closed form.

Each function cites where its result comes from; chapters 3 and 4 set measurements against them.
"""

from __future__ import annotations

import math

import numpy as np

from .._validate import check_array, check_bool, check_positive, check_sizes, scalar_or_array

__all__ = ["bit_error_probability", "critical_load", "mceliece_capacity", "retrieval_overlap",
           "sparse_capacity", "storkey_capacity"]


def bit_error_probability(load):
    """The chance that one update flips a bit of a stored pattern: ½ erfc(√(N / 2p)).

    The crosstalk from the other p - 1 patterns at a unit is a sum of about p N random ±1/N
    terms, nearly Gaussian with variance p/N = α; the unit errs when it outweighs the signal 1
    (Hertz, Krogh & Palmer 1991, §2.2). ``load`` is α = p/N, a number or an array.
    """
    alpha = check_positive(load, "load")
    return scalar_or_array(0.5 * np.vectorize(math.erfc)(np.sqrt(1.0 / (2.0 * alpha))))


def _ags_gap(y: float) -> float:
    """√(2α) as a function of y on the AGS retrieval branch: erf(y)/y - (2/√π) exp(-y²)."""
    return math.erf(y) / y - 2.0 / math.sqrt(math.pi) * math.exp(-y * y)


def _ags_turning_point() -> float:
    """The y where √(2α(y)) is largest, so where the retrieval solution disappears."""
    low, high = 0.5, 3.0  # the maximum lies in between; golden-section search
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    for _ in range(100):
        a, b = high - ratio * (high - low), low + ratio * (high - low)
        if _ags_gap(a) < _ags_gap(b):
            low = a
        else:
            high = b
    return 0.5 * (low + high)


def critical_load() -> float:
    """α_c of Amit, Gutfreund & Sompolinsky (1985): beyond it, no retrieval state (≈ 0.138).

    From the zero-temperature replica-symmetric equations m = erf(y),
    y (√(2α) + (2/√π) exp(-y²)) = erf(y): α_c is the largest α with a solution m ≠ 0.
    """
    return _ags_gap(_ags_turning_point()) ** 2 / 2.0


def retrieval_overlap(load):
    """The overlap m(α) of the retrieval state in the AGS theory, 0 beyond α_c.

    Solves y (√(2α) + (2/√π) exp(-y²)) = erf(y) on the retrieval branch (the larger y) and
    returns m = erf(y): 1 at α = 0, about 0.967 just below α_c (Amit, Gutfreund & Sompolinsky
    1985).
    """
    alpha = _non_negative(load, "load")
    turning = _ags_turning_point()
    alpha_c = _ags_gap(turning) ** 2 / 2.0

    def solve(a: float) -> float:
        if a == 0:
            return 1.0
        if a > alpha_c:
            return 0.0
        target = math.sqrt(2.0 * a)
        low, high = turning, 30.0  # the gap falls from its maximum towards 0 on this branch
        for _ in range(200):
            middle = 0.5 * (low + high)
            if _ags_gap(middle) > target:
                low = middle
            else:
                high = middle
        return math.erf(0.5 * (low + high))

    return scalar_or_array(np.vectorize(solve, otypes=[np.float64])(alpha))


def _non_negative(value, name: str) -> np.ndarray:
    values = check_array(value, name, ndim=None)
    if np.any(values < 0):
        raise ValueError(f"{name} must be non-negative, got {values.min():g}")
    return values


def mceliece_capacity(n_neurons, *, all_patterns: bool = True):
    """How many random patterns a Hebbian network recalls without a single error.

    N / (4 ln N) for every stored pattern to be an exact fixed point with probability → 1, and
    N / (2 ln N) for most of them (McEliece, Posner, Rodemich & Venkatesh 1987): error-free
    recall is far stricter than AGS's α_c = 0.138, which tolerates about 1.5 % wrong bits.
    """
    n = check_sizes(n_neurons)
    factor = 4.0 if check_bool(all_patterns, "all_patterns") else 2.0
    return scalar_or_array(n / (factor * np.log(n)))


def storkey_capacity(n_neurons):
    """N / √(2 ln N): how many random patterns Storkey's (1997) rule stores as fixed points."""
    n = check_sizes(n_neurons)
    return scalar_or_array(n / np.sqrt(2.0 * np.log(n)))


def sparse_capacity(activity):
    """α_c ≈ 1 / (2 a |ln a|) for 0/1 patterns of small coding level a with the covariance rule
    (Tsodyks & Feigelman 1988): as a → 0 it grows without bound, while the information stored
    per synapse stays bounded, at 1 / (2 ln 2) ≈ 0.72 bits."""
    a = check_positive(activity, "activity")
    if np.any(a >= 1):
        raise ValueError(f"activity must lie strictly between 0 and 1, got {a.max():g}")
    return scalar_or_array(1.0 / (2.0 * a * np.abs(np.log(a))))
