"""Self-checks of Chapter 6: the softmax and log-sum-exp, the modern update and energy."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validate import check_function
from ..modern import ModernHopfield
from ._core import CheckFailed, as_array, as_number, call, passed

__all__ = ["check_softmax_lse", "check_modern_update", "check_modern_energy"]

def check_softmax_lse(softmax_lse: Callable) -> None:
    """Check ``softmax_lse(z, beta)``: softmax(β z) and lse(β, z) = β⁻¹ ln Σ exp(β z), stable for
    large β z."""
    check_function(softmax_lse, "softmax_lse(z, beta)")
    name = "softmax_lse"
    rng = np.random.default_rng(28)
    cases = [(rng.normal(size=7), 1.0), (rng.normal(size=30) * 100, 10.0),
             (np.array([1000.0, 999.0, -1000.0]), 5.0), (np.array([-800.0, -801.0]), 1.0)]
    for z, beta in cases:
        result = call(softmax_lse, name, z, beta)
        if not isinstance(result, tuple) or len(result) != 2:
            raise CheckFailed(f"{name} must return two things: return p, lse")
        p = as_array(result[0], name, z.shape).astype(np.float64)
        lse = as_number(result[1], name)
        top = np.max(beta * z)
        expected_p = np.exp(beta * z - top) / np.sum(np.exp(beta * z - top))
        expected_lse = (top + np.log(np.sum(np.exp(beta * z - top)))) / beta
        if not (np.all(np.isfinite(p)) and np.isfinite(lse)):
            raise CheckFailed(f"{name} overflowed for β z up to {top:g}: subtract the largest "
                              f"β z before exponentiating, and add it back to the logarithm.")
        if not np.allclose(p, expected_p, atol=1e-12):
            raise CheckFailed(f"the softmax weights are wrong for β = {beta}; they must be "
                              f"exp(β z_i) / Σ_j exp(β z_j), summing to 1 (yours sum to "
                              f"{p.sum():.4g}).")
        if not np.isclose(lse, expected_lse, rtol=1e-12, atol=1e-12):
            hint = (" Divide the logarithm by β." if np.isclose(lse, beta * expected_lse) else "")
            raise CheckFailed(f"lse(β = {beta}) should be {expected_lse:.6g}, yours is "
                              f"{lse:.6g}.{hint}")
    passed(name, len(cases))


def _modern_cases():
    rng = np.random.default_rng(29)
    return [(rng.normal(size=(n, d)), rng.normal(size=d), beta)
            for n, d, beta in ((5, 3, 1.0), (40, 8, 0.3), (200, 16, 4.0), (10, 4, 1e3))]


def check_modern_update(update: Callable) -> None:
    """Check ``update(X, xi, beta)``: ξ_new = Xᵀ softmax(β X ξ), patterns as the rows of X."""
    check_function(update, "update(X, xi, beta)")
    name = "update"
    cases = _modern_cases()
    for X, xi, beta in cases:
        got = as_array(call(update, name, X, xi, beta), name, xi.shape)
        expected = ModernHopfield(X, beta=beta).update(xi)
        if np.allclose(got, expected, atol=1e-10):
            continue
        if not np.all(np.isfinite(got)):
            raise CheckFailed(f"{name} gave NaN or infinity at β = {beta:g}: shift the scores "
                              f"by their maximum before the exponential.")
        raise CheckFailed(f"for {len(X)} patterns of dimension {X.shape[1]} at β = {beta:g} "
                          f"your update differs from Xᵀ softmax(β X ξ) by up to "
                          f"{np.abs(got - expected).max():.3g}.")
    passed(name, len(cases))


def check_modern_energy(energy: Callable) -> None:
    """Check ``energy(X, xi, beta)``: -lse(β, Xξ) + ½ξᵀξ + β⁻¹ ln N + ½M² (Ramsauer Eq. 2)."""
    check_function(energy, "energy(X, xi, beta)")
    name = "energy"
    cases = _modern_cases()
    for X, xi, beta in cases:
        got = as_number(call(energy, name, X, xi, beta), name)
        expected = ModernHopfield(X, beta=beta).energy(xi)
        if np.isclose(got, expected, rtol=1e-9, atol=1e-9):
            continue
        big_m = np.max(np.sum(X**2, axis=1))
        if np.isclose(got, expected - 0.5 * big_m):
            raise CheckFailed("add ½ M², with M the largest norm of a stored pattern: it makes "
                              "the energy non-negative.")
        if np.isclose(got, expected - np.log(len(X)) / beta):
            raise CheckFailed("add β⁻¹ ln N, with N the number of stored patterns.")
        raise CheckFailed(f"at β = {beta:g} the energy is {expected:.6g}; yours is {got:.6g}.")
    passed(name, len(cases))
