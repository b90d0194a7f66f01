"""Exact results of the Ising model, J = 1, k_B = 1.

The infinite square lattice (Onsager 1944, Yang 1952), the finite torus (Kaufman 1949) and the
periodic chain; the mean-field results are in :mod:`.mean_field`. Every function is vectorised
over the temperature; :mod:`hopfield_edu.ising` re-exports them beside the simulations they
are checked against.
"""

from __future__ import annotations

import math

import numpy as np

from .._validate import check_int, check_positive, check_real, scalar_or_array

__all__ = ["CRITICAL_TEMPERATURE", "chain_correlation", "chain_energy", "exact_energy",
           "exact_magnetization", "torus_energy", "torus_specific_heat"]

#: Onsager's critical temperature of the square lattice, 2 / ln(1 + √2) = 2.269185... (J = 1).
CRITICAL_TEMPERATURE = 2.0 / math.log1p(math.sqrt(2.0))


def _temperatures(T) -> np.ndarray:
    return check_positive(T, "T", what=" (a temperature in units of J/k_B)")


def _elliptic_k(k: np.ndarray) -> np.ndarray:
    """Complete elliptic integral of the first kind, K(k) = π / (2 AGM(1, √(1 - k²)))."""
    a, b = np.ones_like(k), np.sqrt(np.maximum(0.0, 1.0 - k**2))
    with np.errstate(divide="ignore"):
        for _ in range(40):  # the AGM converges quadratically: 40 rounds is far beyond enough
            a, b = 0.5 * (a + b), np.sqrt(a * b)
        return np.pi / (2.0 * a)


def exact_magnetization(T):
    """Yang's (1952) spontaneous magnetisation of the infinite square lattice, J = 1.

    M(T) = (1 - sinh⁻⁴(2/T))^(1/8) below T_c, 0 above; M(2.0) = 0.911319...
    """
    T = _temperatures(T)
    with np.errstate(over="ignore"):
        inner = 1.0 - np.sinh(2.0 / T) ** -4.0
    return scalar_or_array(np.where(T < CRITICAL_TEMPERATURE, np.abs(inner) ** 0.125, 0.0))


def exact_energy(T):
    """Onsager's (1944) energy per spin of the infinite square lattice, J = 1, h = 0.

    u(T) = -coth 2K [1 + (2/π)(2 tanh² 2K - 1) K(κ)], κ = 2 sinh 2K / cosh² 2K, K = 1/T;
    u(T_c) = -√2.
    """
    T = _temperatures(T)
    K = 1.0 / T
    sech = 2.0 * np.exp(-2 * K) / (1.0 + np.exp(-4 * K))  # 1 / cosh 2K, without overflow
    kappa = np.minimum(1.0, 2.0 * np.tanh(2 * K) * sech)  # 2 sinh 2K / cosh² 2K
    factor = 2.0 * np.tanh(2 * K) ** 2 - 1.0  # vanishes at T_c, where K(κ) diverges
    with np.errstate(invalid="ignore"):
        term = np.where(kappa < 1.0, factor * _elliptic_k(kappa), 0.0)
    return scalar_or_array(-(1.0 / np.tanh(2 * K)) * (1.0 + (2.0 / np.pi) * term))


def chain_energy(T, *, J: float = 1.0, L: int | None = None):
    """Exact energy per spin of the periodic chain in zero field.

    u = -J tanh(J/T) for the infinite chain; -J (t + t^(L-1)) / (1 + t^L), t = tanh(J/T), for a
    ring of L spins. It is smooth at every T > 0: the chain has no phase transition.
    """
    T = _temperatures(T)
    J = check_real(J, "J")
    t = np.tanh(J / T)
    if L is None:
        return scalar_or_array(-J * t)
    L = check_int(L, "L", minimum=2)
    return scalar_or_array(-J * (t + t ** (L - 1)) / (1.0 + t**L))


def chain_correlation(r, T, *, J: float = 1.0, L: int | None = None):
    """Exact spin correlation ⟨s₀ s_r⟩ of the periodic chain in zero field.

    tanh(J/T)^r for the infinite chain, (t^r + t^(L-r)) / (1 + t^L) for a ring of L spins: it
    decays exponentially with correlation length ξ = -1 / ln tanh(J/T), finite at any T > 0.
    """
    T = _temperatures(T)
    J = check_real(J, "J")
    r = np.asarray(r)
    if not np.issubdtype(r.dtype, np.integer) or np.any(r < 0):
        raise ValueError(f"r must hold non-negative whole distances, got {r!r}")
    t = np.tanh(J / T)
    if L is None:
        return scalar_or_array(t**r)
    L = check_int(L, "L", minimum=2)
    if np.any(r > L):
        raise ValueError(f"r must be at most L = {L}, got {r.max()}")
    return scalar_or_array((t**r + t ** (L - r)) / (1.0 + t**L))


def _kaufman(L: int, T) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ln Z of the L × L torus and its first two derivatives with respect to K = 1/T.

    Kaufman (1949): Z = ½ (2 sinh 2K)^(N/2) (Z₁ + Z₂ + Z₃ + Z₄), with Z₁, Z₂ the products over
    the odd modes l of 2cosh(Lγ_l/2) and 2sinh(Lγ_l/2), Z₃, Z₄ the same over the even modes,
    where cosh γ_l = cosh 2K coth 2K - cos(πl/L) and γ₀ = 2K + ln tanh K carries a sign (Z₄ < 0
    above T_c). Every factor is written as exp(x)·(a factor of order one), the four terms are
    added after removing the largest exponent, and the derivatives are analytic.
    """
    K = 1.0 / _temperatures(T).ravel()
    half = 0.5 * L
    s = np.sinh(2 * K)[:, None]

    def modes(parity):  # γ_l, γ_l', γ_l'' for l = parity, parity + 2, ... (l = 0 left out)
        l = np.arange(2 if parity == 0 else 1, 2 * L, 2)
        d = (s - 1) ** 2 / s + 2 * np.sin(0.5 * np.pi * l / L) ** 2  # cosh γ - 1, no cancellation
        sinh_g = np.sqrt(d * (d + 2))
        a1 = 2 * np.cosh(2 * K)[:, None] * (1 - 1 / s**2)
        a2 = 4 * s - 4 / s + 8 / (np.tanh(2 * K)[:, None] ** 2 * s)
        dg = a1 / sinh_g
        return np.log1p(d + sinh_g), dg, (a2 - (1 + d) * dg**2) / sinh_g

    def log_product(x, dx, d2x, kind):  # ln Π 2cosh x or 2sinh x, and its two derivatives
        e = np.exp(-2 * x)
        one_minus_e = -np.expm1(-2 * x)
        if kind == "cosh":
            log_f, t, dt = x + np.log1p(e), one_minus_e / (1 + e), 4 * e / (1 + e) ** 2
        else:
            log_f, t, dt = x + np.log(one_minus_e), (1 + e) / one_minus_e, -4 * e / one_minus_e**2
        return log_f.sum(-1), (dx * t).sum(-1), (d2x * t + dx**2 * dt).sum(-1)

    one, zero = np.ones_like(K), np.zeros_like(K)
    terms = []
    g, dg, d2g = modes(1)
    for kind in ("cosh", "sinh"):
        terms.append((*log_product(half * g, half * dg, half * d2g, kind), one, zero, zero))
    g, dg, d2g = modes(0)
    x0 = half * (2 * K + np.log(np.tanh(K)))  # the signed l = 0 mode, handled apart
    dx0 = half * (2 + 2 / np.sinh(2 * K))
    d2x0 = half * (-4 * np.cosh(2 * K) / np.sinh(2 * K) ** 2)
    rho = 1 + np.exp(-2 * np.abs(x0))
    sigma = np.sign(x0) * -np.expm1(-2 * np.abs(x0))
    special = {"cosh": (rho, sigma * dx0, sigma * d2x0 + rho * dx0**2),
               "sinh": (sigma, rho * dx0, rho * d2x0 + sigma * dx0**2)}
    for kind in ("cosh", "sinh"):
        log_p, d1, d2 = log_product(half * g, half * dg, half * d2g, kind)
        terms.append((log_p + np.abs(x0), d1, d2, *special[kind]))

    lam, d1, d2, p, q, r = (np.stack(column) for column in zip(*terms))
    w = np.exp(lam - lam.max(axis=0))
    norm = (w * p).sum(axis=0)
    mean_d = (w * (q + p * d1)).sum(axis=0) / norm
    dev = d1 - mean_d
    var_d = (w * (r + 2 * q * dev + p * (d2 + dev**2))).sum(axis=0) / norm
    n = L * L
    log_z = (-math.log(2) + 0.5 * n * (2 * K + np.log(-np.expm1(-4 * K)))
             + lam.max(axis=0) + np.log(norm))
    return log_z, n / np.tanh(2 * K) + mean_d, -2 * n / np.sinh(2 * K) ** 2 + var_d


def torus_energy(L: int, T):
    """Exact energy per spin of the finite L × L periodic lattice (Kaufman 1949), J = 1, h = 0.

    At T_c it lies below Onsager's -√2 by about 0.6224/L (Ferdinand & Fisher 1969); away from
    T_c the difference vanishes exponentially with L.
    """
    L = check_int(L, "L", minimum=2, maximum=4096)
    shape = np.shape(T)
    _, d_log_z, _ = _kaufman(L, T)
    return scalar_or_array((-d_log_z / L**2).reshape(shape))


def torus_specific_heat(L: int, T):
    """Exact specific heat per spin of the finite L × L periodic lattice (Kaufman 1949).

    Its peak, finite for every L, grows like (2/π) ln²(1 + √2) ln L and moves towards T_c from
    above (Ferdinand & Fisher 1969).
    """
    L = check_int(L, "L", minimum=2, maximum=4096)
    shape = np.shape(T)
    _, _, d2_log_z = _kaufman(L, T)
    K = 1.0 / _temperatures(T)
    return scalar_or_array((K**2 * d2_log_z.reshape(shape)) / L**2)
