"""Retrieval bounds of the modern Hopfield network (Ramsauer et al. 2020), in closed form.

Notation as in :mod:`hopfield_edu.modern`: p stored patterns ξ^μ ∈ ℝ^d, the rows of X; the
state s; M the largest pattern norm; the separation Δ_μ = ξ^μ·ξ^μ - max_(ν≠μ) ξ^μ·ξ^ν.
"""

from __future__ import annotations

import math

import numpy as np

from .._validate import check_array, check_fraction, check_int, check_real
from ..modern import separation

__all__ = ["random_separation_bound", "retrieval_error_bound"]


def retrieval_error_bound(patterns, index: int, query, beta: float) -> float:
    """A bound on ‖f(s) - ξ^μ‖ after one update from ``query`` s (after Ramsauer et al. 2020,
    Th. 5), μ = ``index``.

    The weight on all other patterns is at most ε = (p - 1) exp(-β (Δ_μ - 2 M ‖s - ξ^μ‖)),
    since ξ^μ·s - ξ^ν·s ≥ Δ_μ - ‖ξ^μ - ξ^ν‖ ‖s - ξ^μ‖ and ‖ξ^μ - ξ^ν‖ ≤ 2M; the update moves
    f(s) - ξ^μ = Σ_ν p_ν (ξ^ν - ξ^μ), so its error is at most 2 M ε. Exponentially small in
    β Δ_μ for a query close to a well-separated pattern.
    """
    X = check_array(patterns, "patterns", ndim=2, shape="(n_patterns, dim)")
    index = check_int(index, "index", minimum=0, maximum=X.shape[0] - 1)
    xi = check_array(query, "query", ndim=1, shape=f"({X.shape[1]},)", width=X.shape[1])
    beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)
    largest = np.sqrt(np.max(np.sum(X**2, axis=1)))
    gap = separation(X)[index] - 2.0 * largest * np.linalg.norm(xi - X[index])
    return float(2.0 * largest * (X.shape[0] - 1) * np.exp(-beta * gap))


def random_separation_bound(n_patterns: int, dim: int, *, probability: float = 0.5) -> float:
    """A separation that every one of p random ±1 patterns in d dimensions exceeds, with
    probability at least ``probability``: d - √(2 d ln(p (p - 1) / (2 (1 - probability)))).

    The overlap ξ^μ·ξ^ν of two independent random patterns is a sum of d independent ±1 terms,
    so P(ξ^μ·ξ^ν ≥ t) ≤ exp(-t²/2d) (Hoeffding 1963); a union bound over the p(p - 1)/2 pairs
    makes every overlap smaller than t, and every Δ_μ larger than d - t, with the probability
    asked for. The bound stays positive while ln p is below about d/4: exponentially many
    patterns in d stay separated. Ramsauer et al. (2020, Theorem 3) make this argument for
    patterns drawn uniformly on a sphere; random ±1 patterns lie on the sphere of radius √d
    but are not uniform on it, hence this version. Negative values say nothing.
    """
    p = check_int(n_patterns, "n_patterns", minimum=2)
    d = check_int(dim, "dim", minimum=1)
    probability = check_fraction(probability, "probability")
    if probability >= 1.0:
        raise ValueError("probability must be below 1: no separation is certain for random "
                         "patterns (two of them can coincide)")
    pairs = p * (p - 1) / 2.0
    return float(d - math.sqrt(2.0 * d * math.log(pairs / (1.0 - probability))))
