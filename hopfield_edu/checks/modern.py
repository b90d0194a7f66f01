"""Self-checks of Chapter 11: the softmax and log-sum-exp, the modern update and energy."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validate import check_function
from ..modern import ModernHopfield
from ._core import CheckFailed, as_array, as_number, call, passed

__all__ = ["check_softmax_lse", "check_modern_update", "check_modern_energy"]

def _stable_softmax_lse(z: np.ndarray, beta: float) -> tuple[np.ndarray, float]:
    top = np.max(beta * z)
    weights = np.exp(beta * z - top)
    return weights / weights.sum(), float((top + np.log(weights.sum())) / beta)


def _report(name: str, faults: list[str]) -> None:
    """Raise one hint naming every distinct fault found, in the order found."""
    faults = list(dict.fromkeys(faults))
    if len(faults) == 1:
        raise CheckFailed(faults[0])
    if faults:
        listed = " ".join(f"({k}) {fault}" for k, fault in enumerate(faults, start=1))
        raise CheckFailed(f"{name} has {len(faults)} separate mistakes. {listed}")


def check_softmax_lse(softmax_lse: Callable) -> None:
    """Check ``softmax_lse(z, beta)``: softmax(β z) and lse(β, z) = β⁻¹ ln Σ exp(β z), stable for
    large β z.

    Every fault that the cases tell apart is named, not only the first."""
    check_function(softmax_lse, "softmax_lse(z, beta)")
    name = "softmax_lse"
    rng = np.random.default_rng(28)
    cases = [(rng.normal(size=7), 1.0), (rng.normal(size=30) * 30, 10.0),
             (np.array([1000.0, 999.0, -1000.0]), 5.0),
             (np.array([-800.0, -801.0]), 1.0)]
    faults = []
    for z, beta in cases:
        result = call(softmax_lse, name, z, beta)
        if not isinstance(result, tuple) or len(result) != 2:
            raise CheckFailed(f"{name} must return two things: return p, lse")
        with np.errstate(all="ignore"):
            p = as_array(result[0], name, z.shape).astype(np.float64)
            lse = as_number(result[1], name)
        expected_p, expected_lse = _stable_softmax_lse(z, beta)
        top = np.max(beta * z)
        if not (np.all(np.isfinite(p)) and np.isfinite(lse)):
            faults.append(f"{name} overflowed for β z up to {top:g}: subtract the largest β z "
                          f"before exponentiating, and add it back to the logarithm.")
            continue
        unit_p, unit_lse = _stable_softmax_lse(z, 1.0)
        if not np.allclose(p, expected_p, atol=1e-12):
            if beta != 1 and np.allclose(p, unit_p, atol=1e-12):
                faults.append(f"the softmax weights are those of β = 1, not β = {beta}: "
                              f"multiply z by β before the exponential.")
            elif np.isclose(p.sum(), 1.0):
                faults.append(f"the softmax weights are wrong for β = {beta}; they must be "
                              f"exp(β z_i) / Σ_j exp(β z_j).")
            else:
                faults.append(f"the softmax weights sum to {p.sum():.4g} for β = {beta}, not to "
                              f"1: divide exp(β z_i) by Σ_j exp(β z_j).")
        if not np.isclose(lse, expected_lse, rtol=1e-12, atol=1e-12):
            if beta != 1 and np.isclose(lse, beta * expected_lse, rtol=1e-9):
                faults.append("the log-sum-exp lacks its 1/β: divide the logarithm by β.")
            elif beta != 1 and np.isclose(lse, unit_lse, rtol=1e-9):
                faults.append(f"the log-sum-exp is that of β = 1, not β = {beta}: multiply z "
                              f"by β inside the exponential (and divide the logarithm by β).")
            elif np.isclose(lse, expected_lse - top / beta, rtol=1e-9):
                faults.append("the log-sum-exp lacks the largest β z you subtracted: add it "
                              "back to the logarithm before dividing by β.")
            else:
                faults.append(f"lse(β = {beta}) should be {expected_lse:.6g}, yours is "
                              f"{lse:.6g}.")
    _report(name, faults)
    passed(name, len(cases))


def _modern_cases():
    rng = np.random.default_rng(29)
    # the patterns' count and dimension differ in every case, and β ≠ 1 in all but the first
    return [(rng.normal(size=(n, d)), rng.normal(size=d), beta)
            for n, d, beta in ((5, 3, 1.0), (40, 8, 0.3), (200, 16, 4.0), (10, 4, 1e3))]


def check_modern_update(update: Callable) -> None:
    """Check ``update(X, xi, beta)``: ξ_new = Xᵀ softmax(β X ξ), patterns as the rows of X."""
    check_function(update, "update(X, xi, beta)")
    name = "update"
    cases = _modern_cases()
    for X, xi, beta in cases:
        with np.errstate(all="ignore"):
            got = as_array(call(update, name, X, xi, beta), name, xi.shape).astype(np.float64)
        expected = ModernHopfield(X, beta=beta).update(xi)
        if np.allclose(got, expected, atol=1e-10):
            continue
        where = f"for {len(X)} patterns of dimension {X.shape[1]} at β = {beta:g}"
        if not np.all(np.isfinite(got)):
            raise CheckFailed(f"{name} gave NaN or infinity {where}: shift the scores by their "
                              f"maximum before the exponential.")
        scores = beta * X @ xi
        unnormalised = X.T @ np.exp(scores - scores.max())
        if np.allclose(got, ModernHopfield(X, beta=1.0).update(xi), atol=1e-10):
            raise CheckFailed(f"your update is that of β = 1 {where}: the scores are β X ξ, "
                              f"multiply by β before the softmax.")
        if np.allclose(got, ModernHopfield(X, beta=1 / beta).update(xi), atol=1e-10):
            raise CheckFailed(f"your update is that of β = {1 / beta:g} {where}: the scores "
                              f"are β X ξ; you divided by β.")
        for count, what in ((len(X), "the number of patterns"), (X.shape[1], "the dimension")):
            if np.allclose(got * count, expected, atol=1e-10):
                raise CheckFailed(f"your update is {count} times too small {where}: you divided "
                                  f"by {what}; the softmax weights already sum to 1.")
        if np.allclose(got, unnormalised, atol=1e-10):
            raise CheckFailed(f"your weights do not sum to 1 {where}: divide the exponentials by "
                              f"their sum (the softmax), not only shift them.")
        raise CheckFailed(f"{where} your update differs from Xᵀ softmax(β X ξ) by up to "
                          f"{np.abs(got - expected).max():.3g}.")
    passed(name, len(cases))


def check_modern_energy(energy: Callable) -> None:
    """Check ``energy(X, xi, beta)``: -lse(β, Xξ) + ½ξᵀξ + β⁻¹ ln N + ½M² (Ramsauer Eq. 2).

    N is the number of stored patterns and M the largest of their norms."""
    check_function(energy, "energy(X, xi, beta)")
    name = "energy"
    cases = _modern_cases()
    for X, xi, beta in cases:
        got = as_number(call(energy, name, X, xi, beta), name)
        expected = ModernHopfield(X, beta=beta).energy(xi)
        if np.isclose(got, expected, rtol=1e-9, atol=1e-9):
            continue
        n, d = X.shape
        m_squared = np.max(np.sum(X**2, axis=1))
        log_sum = float(np.log(np.sum(np.exp(beta * X @ xi - np.max(beta * X @ xi))))
                        + np.max(beta * X @ xi))
        where = f"for {n} patterns of dimension {d} at β = {beta:g}"
        # each likely mistake, as the energy it gives; the first that matches is named
        mistakes = [
            (expected - 0.5 * m_squared, "add ½ M², with M the largest norm of a stored "
             "pattern: it makes the energy non-negative."),
            (expected - 0.5 * m_squared + 0.5 * np.sqrt(m_squared), "the constant is ½ M², "
             "the square of the largest norm M; you added ½ M."),
            (expected - 0.5 * m_squared + 0.5 * m_squared**2, "the constant is ½ M², with M "
             "the largest norm; you squared the squared norm (½ M⁴): M² is already "
             "max_μ ξ^μ·ξ^μ."),
            (expected - np.log(n) / beta, "add β⁻¹ ln N, with N the number of stored patterns."),
            (expected - np.log(n) / beta + np.log(d) / beta, f"N in β⁻¹ ln N is the number of "
             f"stored patterns, {n} here (len(X)), not their dimension {d}."),
            (expected - np.log(n) / beta + np.log(n), "β⁻¹ ln N lacks its 1/β: divide ln N by "
             "β."),
            (expected + (log_sum / beta) - log_sum, "the log-sum-exp lacks its 1/β: it is "
             "β⁻¹ ln Σ_μ exp(β ξ^μ·ξ)."),
            (expected + (log_sum / beta) - log_sum - np.log(n) / beta + np.log(n),
             "both β⁻¹ ln Σ_μ exp(β ξ^μ·ξ) and β⁻¹ ln N lack their 1/β: divide each logarithm "
             "by β."),
            (ModernHopfield(X, beta=1.0).energy(xi), f"your energy is that of β = 1, not "
             f"β = {beta:g}: β multiplies the scores inside the log-sum-exp and divides both "
             f"logarithms."),
        ]
        for value, hint in mistakes:
            if np.isclose(got, value, rtol=1e-9, atol=1e-9):
                raise CheckFailed(f"{where}: {hint}")
        raise CheckFailed(f"{where} the energy is {expected:.6g}; yours is {got:.6g}.")
    passed(name, len(cases))
