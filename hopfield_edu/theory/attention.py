"""Attention in closed form: the crosstalk of linear attention, the spread of a random head."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from .._validate import check_array, check_real, scalar_or_array
from .capacity import bit_error_probability

__all__ = ["linear_recall_error", "random_head_spread"]


def linear_recall_error(n_pairs, dim):
    """The chance that linear attention recalls a bit of a value wrong: ½ erfc(√(d / 2(n - 1))).

    With n random ±1 key-value pairs of d components in the context and a stored key as the
    query, linear attention returns d v plus crosstalk from the other n - 1 pairs, a sum of
    (n - 1) d random ±1 terms, nearly Gaussian with variance (n - 1) d: the classical network's
    one-step error (Hertz, Krogh & Palmer 1991, §2.2) at the load (n - 1)/d, and 0 for n = 1.
    ``n_pairs`` and ``dim`` are numbers or arrays that broadcast together.
    """
    n = check_array(n_pairs, "n_pairs", ndim=None)
    d = check_array(dim, "dim", ndim=None)
    if np.any(n < 1):
        raise ValueError(f"n_pairs must be at least 1, got {n.min():g}")
    if np.any(d <= 0):
        raise ValueError(f"dim must be positive, got {d.min():g}")
    load = np.broadcast_to((n - 1) / d, np.broadcast_shapes(n.shape, d.shape))
    error = np.zeros(load.shape)
    crowded = load > 0
    if np.any(crowded):
        error[crowded] = bit_error_probability(load[crowded])
    return scalar_or_array(error)


def random_head_spread(score_std, *, mass: float = 0.9):
    """The fraction of tokens that hold ``mass`` of a softmax over many random scores:
    Φ(Φ⁻¹(mass) - c) for independent Gaussian scores of standard deviation c.

    The weights are e^s / Σ e^s. Weighting N(0, c²) by e^s shifts it to N(c², c²), so the
    tokens with s > t hold a share P(N(c², c²) > t) of the weight; it equals ``mass`` at
    t = c² - c Φ⁻¹(mass), and a fraction P(N(0, c²) > t) = Φ(Φ⁻¹(mass) - c) of the tokens lie
    above t. It is ``mass`` for c = 0 (uniform weights), 0.61 for the unit-variance scores of
    a head scaled by 1/√d_k, and falls towards 0 as c grows. The limit of many tokens: with n
    tokens the count is close to n times this while the largest weight is small, that is while
    c ≪ √(2 ln n). A short computation, derived in the chapter's exercises.
    """
    c = check_array(score_std, "score_std", ndim=None)
    if np.any(c < 0):
        raise ValueError(f"score_std must be non-negative, got {c.min():g}")
    mass = check_real(mass, "mass", minimum=0.0, maximum=1.0, exclusive_minimum=True)
    if mass == 1.0:
        raise ValueError("mass must be less than 1: all of the weight needs all of the tokens")
    normal = NormalDist()
    threshold = normal.inv_cdf(mass)
    return scalar_or_array(np.vectorize(lambda x: normal.cdf(threshold - x),
                                        otypes=[np.float64])(c))
