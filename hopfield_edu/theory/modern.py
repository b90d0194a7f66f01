"""Retrieval bounds of the modern Hopfield network (Ramsauer et al. 2020), in closed form."""

from __future__ import annotations

import numpy as np

from .._validate import check_array, check_int, check_real
from ..modern import separation

__all__ = ["retrieval_error_bound"]


def retrieval_error_bound(patterns, index: int, query, beta: float) -> float:
    """A bound on ‖f(ξ) - x_i‖ after one update from ``query`` (after Ramsauer et al. 2020, Th. 5).

    The weight on all other patterns is at most ε = (N - 1) exp(-β (Δ_i - 2 M ‖ξ - x_i‖)),
    since x_iᵀξ - x_jᵀξ ≥ Δ_i - ‖x_i - x_j‖ ‖ξ - x_i‖ and ‖x_i - x_j‖ ≤ 2M; the update moves
    f(ξ) - x_i = Σ_j p_j (x_j - x_i), so its error is at most 2 M ε. Exponentially small in β Δ_i
    for a query close to a well-separated pattern.
    """
    X = check_array(patterns, "patterns", ndim=2, shape="(n_patterns, dim)")
    index = check_int(index, "index", minimum=0, maximum=X.shape[0] - 1)
    xi = check_array(query, "query", ndim=1, shape=f"({X.shape[1]},)", width=X.shape[1])
    beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)
    largest = np.sqrt(np.max(np.sum(X**2, axis=1)))
    gap = separation(X)[index] - 2.0 * largest * np.linalg.norm(xi - X[index])
    return float(2.0 * largest * (X.shape[0] - 1) * np.exp(-beta * gap))
