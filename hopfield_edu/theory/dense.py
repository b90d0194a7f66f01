"""The capacity of dense associative memories, in closed form."""

from __future__ import annotations

import math

import numpy as np

from .._validate import check_fraction, check_int, check_sizes, scalar_or_array
from ..dense import MAX_DEGREE

__all__ = ["dense_capacity", "exponential_capacity"]


def dense_capacity(n_neurons, degree: int):
    """Krotov & Hopfield's (2016) estimate of error-free capacity: N^(n-1) / (2 (2n-3)!! ln N).

    For n = 2 it is N / (2 ln N), McEliece's limit for exact recall of most patterns. Networks
    with n-body couplings and a capacity growing as N^(n-1) were studied long before under the
    name of higher-order networks (Baldi & Venkatesh 1987; Gardner 1987; Abbott & Arian 1987).
    """
    n = check_sizes(n_neurons)
    degree = check_int(degree, "degree", minimum=2, maximum=MAX_DEGREE)
    double_factorial = math.prod(range(2 * degree - 3, 0, -2))
    return scalar_or_array(n ** (degree - 1) / (2.0 * double_factorial * np.log(n)))


def _information(x: float) -> float:
    """I(x) = ½[(1 + x) ln(1 + x) + (1 - x) ln(1 - x)], with 0 ln 0 = 0."""
    terms = [(1 + s * x) * math.log(1 + s * x) for s in (1, -1) if 1 + s * x > 0]
    return 0.5 * sum(terms)


def exponential_capacity(n_neurons, flipped: float):
    """exp(N I(1 - 2ρ) / 2): below this many random patterns, F(x) = exp(x) restores a cue with a
    fraction ρ of its bits flipped in one update, as N → ∞ (Demircigil, Heusel, Löwe, Upgang &
    Vermet 2017, Theorem 3), I(x) = ½[(1 + x) ln(1 + x) + (1 - x) ln(1 - x)].

    An asymptotic statement: at a finite N it says where the transition lies, not that recall
    is guaranteed below it.
    """
    n = check_sizes(n_neurons)
    rho = check_fraction(flipped, "flipped")
    if rho >= 0.5:
        raise ValueError(f"flipped must be below 0.5 (half the bits flipped leaves nothing to "
                         f"recall), got {rho}")
    return scalar_or_array(np.exp(n * _information(1.0 - 2.0 * rho) / 2.0))
