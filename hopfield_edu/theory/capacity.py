"""The capacity of the classical network and its relatives, in closed form.

Each function cites where its result comes from; chapters 4 and 6 set measurements against them.
"""

from __future__ import annotations

import math

import numpy as np

from .._validate import (check_bool, check_int, check_non_negative, check_positive,
                         check_real, check_sizes, scalar_or_array)

__all__ = ["bit_error_probability", "critical_load", "mceliece_capacity", "retrieval_overlap",
           "sparse_capacity", "sparse_fixed_point_fraction", "sparse_fixed_point_load",
           "storkey_capacity"]


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
    """α_c of Amit, Gutfreund & Sompolinsky (1985): beyond it, no retrieval state (≈ 0.1379).

    From the zero-temperature replica-symmetric equations m = erf(y),
    y (√(2α) + (2/√π) exp(-y²)) = erf(y): α_c is the largest α with a solution m ≠ 0.
    Replica symmetry is an approximation here: breaking it moves α_c to about 0.144
    (Crisanti, Amit & Gutfreund 1986; chapter 5).
    """
    return _ags_gap(_ags_turning_point()) ** 2 / 2.0


def retrieval_overlap(load):
    """The overlap m(α) of the retrieval state in the AGS theory; NaN beyond α_c.

    Solves y (√(2α) + (2/√π) exp(-y²)) = erf(y) on the retrieval branch (the larger y) and
    returns m = erf(y): 1 at α = 0, about 0.967 just below α_c (Amit, Gutfreund & Sompolinsky
    1985), the replica-symmetric result. Beyond α_c the equations have no retrieval solution,
    so there is no overlap to return: NaN, not 0. (The theory does not say that recall ends
    at m = 0 there; a network started in a pattern ends in a spin-glass state that keeps a
    small remanent overlap with it.) A curve drawn from this function ends at α_c.
    """
    alpha = check_non_negative(load, "load")
    turning = _ags_turning_point()
    alpha_c = _ags_gap(turning) ** 2 / 2.0

    def solve(a: float) -> float:
        if a == 0:
            return 1.0
        if a > alpha_c:
            return math.nan
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


def _activity(activity) -> np.ndarray:
    a = check_positive(activity, "activity")
    if np.any(a >= 1):
        raise ValueError(f"activity must lie strictly between 0 and 1, got {a.max():g}")
    return a


def sparse_capacity(activity):
    """α_c ≈ 1 / (2 a |ln a|) for 0/1 patterns of small coding level a with the covariance rule
    (Tsodyks & Feigelman 1988), as N → ∞ and for retrieval with few errors: as a → 0 it grows
    without bound, while the information stored per synapse, α times the entropy of a pattern
    per unit, stays bounded, tending to 1 / (2 ln 2) ≈ 0.72 bits (also the most any couplings
    can store, Gardner 1988). The leading term of an expansion in small a: at a = 0.5 it gives
    1.44, where the covariance rule is Hebb's rule and stores 0.138."""
    a = _activity(activity)
    return scalar_or_array(1.0 / (2.0 * a * np.abs(np.log(a))))


def _unit_error(load, activity):
    """The chance that one unit of a stored sparse pattern disagrees with its threshold."""
    return 0.5 * np.vectorize(math.erfc)(1.0 / np.sqrt(8.0 * load * activity * (1.0 - activity)))


def sparse_fixed_point_fraction(load, n_neurons: int, activity: float):
    """The estimated fraction of stored sparse patterns that are exact fixed points of the
    covariance rule (:class:`hopfield_edu.sparse.SparseNetwork`), at load α = p/N.

    A signal-to-noise estimate, the sparse version of the one behind McEliece et al.'s (1987)
    N / (2 ln N): from a stored pattern with exactly aN active units the field of an active unit
    is about 1 - a and of a silent one about -a, the threshold lies halfway, and the crosstalk
    of the other patterns is taken as Gaussian with variance α a (1 - a) (the overlap of two
    patterns of fixed activity is hypergeometric). A unit errs with probability
    P = ½ erfc(1 / √(8 α a (1 - a))), and a pattern is exact when all N units are right,
    (1 - P)^N if they err independently. Good to a few per cent for a ≥ 0.1 at N = 400; at
    smaller a the crosstalk is skewed and the estimate is optimistic.
    """
    alpha = check_positive(load, "load")
    n = check_int(n_neurons, "n_neurons", minimum=2)
    a = _activity(activity)
    return scalar_or_array(np.exp(n * np.log1p(-_unit_error(alpha, a))))


def _erfc_inverse(value: float) -> float:
    """The x > 0 with erfc(x) = value, for 0 < value < 1, by bisection."""
    low, high = 0.0, 30.0
    for _ in range(200):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if math.erfc(middle) > value else (low, middle)
    return 0.5 * (low + high)


def sparse_fixed_point_load(n_neurons: int, activity, *, fraction: float = 0.5):
    """The load α = p/N at which :func:`sparse_fixed_point_fraction` falls to ``fraction``:
    1 / (8 a (1 - a) [erfc⁻¹(2 (1 - fraction^(1/N)))]²), growing like 1 / (8 a ln N) for large N.
    """
    n = check_int(n_neurons, "n_neurons", minimum=2)
    a = _activity(activity)
    fraction = check_real(fraction, "fraction", minimum=0.0, maximum=1.0)
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"fraction must lie strictly between 0 and 1, got {fraction:g}")
    x = _erfc_inverse(2.0 * -math.expm1(math.log(fraction) / n))
    return scalar_or_array(1.0 / (8.0 * a * (1.0 - a) * x * x))
