"""Mean-field theory: the Curie-Weiss model, Weiss's and Bethe's approximations, and the
Sherrington-Kirkpatrick spin glass, in closed form (J = 1, k_B = 1).

The Curie-Weiss model couples each of N spins to every other with strength 1/N, in a field h:
E = -(1/N) Σ_{i<j} s_i s_j - h Σ_i s_i. A magnetisation m = Σ s_i / N has energy -N m²/2 - N h m
(to O(1)) and about e^{N s(m)} states, so P(m) ∝ exp(-N f(m) / T) with the free energy per spin

    f(m) = -m²/2 - h m - T s(m),   s(m) = -[(1+m)/2] ln[(1+m)/2] - [(1-m)/2] ln[(1-m)/2],

and as N → ∞ the system sits in a minimum of f. Its stationary points solve m = tanh((m + h)/T).
The Sherrington-Kirkpatrick (SK) model couples every pair by a Gaussian J_ij of variance 1/N.

Chapter 2 (``02_mean_field_and_spin_glasses.ipynb``) sets each of these against simulations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validate import check_array, check_positive, check_real, scalar_or_array

__all__ = ["SK_GROUND_STATE_ENERGY", "SK_REPLICA_SYMMETRIC_GROUND_STATE_ENERGY", "SKSolution",
           "StationaryPoints", "bethe_critical_temperature", "curie_weiss_free_energy",
           "curie_weiss_specific_heat", "curie_weiss_spinodal", "curie_weiss_stationary_points",
           "curie_weiss_susceptibility", "entropy_per_spin", "landau_coefficients",
           "mean_field_magnetization", "sk_annealed_free_energy", "sk_replica_symmetric",
           "sk_spin_glass_susceptibility", "weiss_critical_temperature", "weiss_magnetization"]

#: Parisi's (1980) ground-state energy per spin of the SK model as N → ∞, with replica-symmetry
#: breaking; computed to more digits since (-0.76317, Crisanti & Rizzo 2002).
SK_GROUND_STATE_ENERGY = -0.7633

#: The replica-symmetric ground-state energy, -√(2/π) (Sherrington & Kirkpatrick 1975): too low,
#: and with a negative entropy -1/(2π) at T = 0, the sign that the symmetric ansatz is wrong.
SK_REPLICA_SYMMETRIC_GROUND_STATE_ENERGY = -math.sqrt(2.0 / math.pi)


def _temperatures(T, name: str = "T") -> np.ndarray:
    return check_positive(T, name, what=" (a temperature in units of J/k_B)")


def _magnetizations(m) -> np.ndarray:
    m = check_array(m, "m", ndim=None)
    if np.any(np.abs(m) > 1):
        raise ValueError(f"m must lie in [-1, 1] (a magnetisation per spin), got "
                         f"{m.flat[np.argmax(np.abs(m))]:g}")
    return m


def entropy_per_spin(m):
    """The entropy per spin of the states with magnetisation m, as N → ∞ (k_B = 1).

    s(m) = -p ln p - (1 - p) ln(1 - p) with p = (1 + m)/2 the fraction of up spins: the
    logarithm of the binomial coefficient C(N, Np), divided by N (Stirling). It is ln 2 at
    m = 0 and 0 at m = ±1.
    """
    m = _magnetizations(m)
    up, down = 0.5 * (1.0 + m), 0.5 * (1.0 - m)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(up > 0, up * np.log(up), 0.0) + np.where(down > 0, down * np.log(down),
                                                                  0.0)
    return scalar_or_array(-terms)


def curie_weiss_free_energy(m, T, *, h: float = 0.0):
    """The Curie-Weiss free energy per spin at fixed magnetisation, f(m) = -m²/2 - h m - T s(m).

    P(m) ∝ exp(-N f(m) / T) up to factors of order one, so for large N the model sits in a
    minimum of f (the model is named after Curie 1895 and Weiss 1907; see Nishimori 2001, ch. 1,
    for the derivation). ``m`` and ``T`` broadcast against each other.
    """
    m = _magnetizations(m)
    T = _temperatures(T)
    h = check_real(h, "h")
    return scalar_or_array(-0.5 * m**2 - h * m - T * np.asarray(entropy_per_spin(m)))


def _slope(m: float, T: float, h: float) -> float:
    """f'(m) = -m - h + T artanh(m), with the limits -∞ and +∞ at m = -1 and +1."""
    if abs(m) == 1.0:
        return math.copysign(math.inf, m)
    return -m - h + T * math.atanh(m)


def _bisect(T: float, h: float, low: float, high: float, direction: int) -> float:
    """The zero of f' between low and high, where direction · f' rises through zero."""
    for _ in range(200):  # halving stops when the interval has no double left inside it
        middle = 0.5 * (low + high)
        if middle in (low, high):
            break
        slope = direction * _slope(middle, T, h)
        if slope == 0.0:
            return middle
        low, high = (middle, high) if slope < 0 else (low, middle)
    return 0.5 * (low + high)


@dataclass(frozen=True)
class StationaryPoints:
    """The stationary points of f(m), as returned by :func:`curie_weiss_stationary_points`.

    Attributes
    ----------
    m : numpy.ndarray
        Every solution of m = tanh((m + h) / T), in increasing order (one, two or three).
    free_energy : numpy.ndarray
        f at each.
    is_minimum : numpy.ndarray
        True at a minimum of f (a state the system can settle in), False at the maximum between
        two minima or at an inflection point where a minimum is being born or dies.
    """

    m: np.ndarray
    free_energy: np.ndarray
    is_minimum: np.ndarray


def curie_weiss_stationary_points(T: float, *, h: float = 0.0) -> StationaryPoints:
    """Every stationary point of the Curie-Weiss free energy f(m), to machine precision.

    f'(m) = -m - h + T artanh(m) runs from -∞ at m = -1 to +∞ at m = 1, and
    f''(m) = T / (1 - m²) - 1. Above T = 1, f' rises everywhere: one root, the minimum. Below,
    f' falls on |m| < √(1 - T) and rises outside, so each of the three pieces holds at most one
    root, found by bisection: minima on the outer pieces, a maximum on the middle one. A
    minimum disappears when |h| passes :func:`curie_weiss_spinodal`.
    """
    T = check_real(T, "T", minimum=0.0, exclusive_minimum=True)
    h = check_real(h, "h")
    if T >= 1.0:
        pieces, edges = [(-1.0, 1.0, 1)], []
    else:
        edge = math.sqrt(1.0 - T)
        pieces, edges = [(-1.0, -edge, 1), (-edge, edge, -1), (edge, 1.0, 1)], [-edge, edge]
    points = []
    for low, high, direction in pieces:
        if direction * _slope(low, T, h) < 0 < direction * _slope(high, T, h):
            points.append((_bisect(T, h, low, high, direction), direction > 0))
    points += [(edge, False) for edge in edges if _slope(edge, T, h) == 0.0]
    points.sort()
    m = np.array([point[0] for point in points])
    return StationaryPoints(m=m, free_energy=np.atleast_1d(curie_weiss_free_energy(m, T, h=h)),
                            is_minimum=np.array([point[1] for point in points]))


def curie_weiss_spinodal(T):
    """The field beyond which the Curie-Weiss model has a single minimum: the end of hysteresis.

    Below T = 1 and for |h| below h_s(T) = √(1 - T) - T artanh √(1 - T), f(m) has two minima, the
    one against the field metastable; at |h| = h_s it merges with the maximum (f' = f'' = 0 at
    m = ∓√(1 - T)) and the magnetisation must jump. h_s = 0 for T ≥ 1, (2/3)(1 - T)^{3/2} just
    below T = 1, and 1 at T → 0 (a spin against the field flips once h beats its coupling).
    """
    T = _temperatures(T)
    edge = np.sqrt(np.maximum(0.0, 1.0 - T))
    return scalar_or_array(np.where(T < 1.0, edge - T * np.arctanh(edge), 0.0))


def landau_coefficients(T):
    """The coefficients (a, b) of Landau's expansion f(m) - f(0) = a m² + b m⁴ + O(m⁶), h = 0.

    From s(m) = ln 2 - Σ_k m^{2k} / (2k(2k - 1)): a = (T - 1)/2 changes sign at T_c = 1 and
    b = T/12 stays positive, so below T_c the minima sit at m² = -a / (2b) = 3(1 - T)/T
    (Landau 1937). Returns two floats, or two arrays for an array of T.
    """
    T = _temperatures(T)
    return scalar_or_array(0.5 * (T - 1.0)), scalar_or_array(T / 12.0)


def mean_field_magnetization(T, *, h: float = 0.0):
    """The stable solution of the mean-field equation m = tanh((m + h) / T).

    Without a field it is 0 above T = 1 and, below, the positive of the three solutions,
    growing as √(3 (1 - T)) just under T = 1; with a field it has the field's sign (the global
    minimum of f(m)). Found by bisection on (0, 1], where m - tanh((m + |h|) / T) changes sign
    once. Vectorised over T.
    """
    T = _temperatures(T)
    h = check_real(h, "h")
    low, high = np.full_like(T, 1e-300), np.ones_like(T)
    for _ in range(64):  # each halving gains a bit: 64 exhaust a double
        middle = 0.5 * (low + high)
        below = middle < np.tanh((middle + abs(h)) / T)
        low, high = np.where(below, middle, low), np.where(below, high, middle)
    m = np.where((T < 1.0) | (h != 0), 0.5 * (low + high), 0.0)
    return scalar_or_array(np.copysign(m, h) if h < 0 else m)


def curie_weiss_susceptibility(T):
    """The susceptibility per spin χ = ∂m/∂h at h = 0 of the infinite Curie-Weiss model.

    Differentiating m = tanh((m + h)/T): χ = (1 - m²) / (T - (1 - m²)). It is 1/(T - 1) above
    T_c = 1 (the Curie-Weiss law) and 1/(2(1 - T)) just below: it diverges on both sides with
    exponent γ = 1. A finite system of N spins has var(m) = T χ / N.
    """
    T = _temperatures(T)
    m = np.asarray(mean_field_magnetization(T))
    with np.errstate(divide="ignore"):
        return scalar_or_array((1.0 - m**2) / (T - (1.0 - m**2)))


def curie_weiss_specific_heat(T):
    """The specific heat per spin c = du/dT of the infinite Curie-Weiss model, h = 0.

    u = -m²/2, so c = -m dm/dT = m² (1 - m²) / (T (T - (1 - m²))): zero above T_c = 1 and 3/2
    just below, a jump rather than a divergence (exponent α = 0).
    """
    T = _temperatures(T)
    m = np.asarray(mean_field_magnetization(T))
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(m > 0, m**2 * (1.0 - m**2) / (T * (T - (1.0 - m**2))), 0.0)
    return scalar_or_array(c)


def weiss_critical_temperature(z, *, J: float = 1.0):
    """Weiss's (1907) mean-field critical temperature of an Ising lattice: T_c = z J.

    Each spin feels its z neighbours' average magnetisation, m = tanh(z J m / T). For the square
    lattice (z = 4) that gives 4 against Onsager's exact 2.269; for the chain (z = 2) it gives 2
    where the truth is no transition at all. It becomes exact as z → ∞ (the complete graph, with
    J = 1/N so that z J = 1).
    """
    z = check_positive(z, "z", what=" (the number of neighbours of a site)")
    J = check_real(J, "J", minimum=0.0, exclusive_minimum=True)
    return scalar_or_array(z * J)


def weiss_magnetization(T, *, z: float, J: float = 1.0, h: float = 0.0):
    """Weiss's mean-field magnetisation of a lattice with z neighbours: m = tanh((z J m + h)/T).

    It is :func:`mean_field_magnetization` at the rescaled temperature T / (zJ) and field
    h / (zJ).
    """
    T = _temperatures(T)
    scale = float(weiss_critical_temperature(z, J=J))
    return mean_field_magnetization(T / scale, h=check_real(h, "h") / scale)


def bethe_critical_temperature(z, *, J: float = 1.0):
    """The Bethe-Peierls critical temperature, tanh(J / T_c) = 1/(z - 1): T_c = 2J / ln(z/(z - 2)).

    Bethe (1935) treats a spin and its z neighbours exactly and the rest as a mean field; the
    result is exact on a tree of coordination z. Square lattice: 2/ln 2 = 2.885, nearer
    Onsager's 2.269 than Weiss's 4; chain (z = 2): T_c = 0, right where Weiss is wrong.
    """
    z = check_array(z, "z", ndim=None)
    if np.any(z < 2):
        raise ValueError(f"z must be at least 2 (a lattice whose sites have z neighbours), got "
                         f"{z.min():g}")
    J = check_real(J, "J", minimum=0.0, exclusive_minimum=True)
    tree = np.where(z > 2, z, 3.0)  # z = 2, the chain, has T_c = 0: keep it out of the log
    return scalar_or_array(np.where(z > 2, 2.0 * J / np.log(tree / (tree - 2.0)), 0.0))


# --- the Sherrington-Kirkpatrick model ----------------------------------------------------------


def sk_annealed_free_energy(T):
    """The annealed free energy per spin of the SK model, -T ln 2 - 1/(4T).

    Averaging Z itself over the couplings, [Z] = 2^N exp((N - 1)/(4T²)), is easy; the physics
    needs the average of ln Z. The two agree above T = 1 (Aizenman, Lebowitz & Ruelle 1987),
    where the energy is -1/(2T). Below they part: the annealed entropy ln 2 - 1/(4T²) turns
    negative at T = 1/(2√ln 2) = 0.6005, impossible for Ising spins.
    """
    T = _temperatures(T)
    return scalar_or_array(-T * math.log(2.0) - 0.25 / T)


def sk_spin_glass_susceptibility(T):
    """The spin-glass susceptibility of the SK model above T = 1: χ_SG = 1 / (1 - 1/T²).

    χ_SG = (1/N) Σ_ij [⟨s_i s_j⟩²] = N [⟨q²⟩], q = s^a·s^b / N the overlap of two independent
    copies with the same couplings; it diverges at the spin-glass transition T = 1
    (Sherrington & Kirkpatrick 1975), where a finite system gives χ_SG ∝ N^{1/3}. Infinite at
    T ≤ 1.
    """
    T = _temperatures(T)
    with np.errstate(divide="ignore"):
        return scalar_or_array(np.where(T > 1.0, 1.0 / (1.0 - 1.0 / np.maximum(T, 1.0) ** 2),
                                        np.inf))


def _gaussian_average(function, a: float) -> float:
    """∫ Dz function(a z), Dz the standard Gaussian measure, on a grid that resolves both the
    Gaussian and features of function of width 1/a (trapezoid, exponentially accurate here)."""
    step = min(0.02, 0.05 / max(a, 1e-12))
    z = np.arange(-12.0, 12.0 + step / 2, step)
    weights = np.exp(-0.5 * z**2) * step / math.sqrt(2.0 * math.pi)
    return float(weights @ function(a * z))


def _sech2(x: np.ndarray) -> np.ndarray:
    return 1.0 / np.cosh(np.minimum(np.abs(x), 350.0)) ** 2  # cosh(350)² still fits a double


def _log_2cosh(x: np.ndarray) -> np.ndarray:
    ax = np.abs(x)
    return ax + np.log1p(np.exp(-2.0 * ax))


@dataclass(frozen=True)
class SKSolution:
    """The replica-symmetric solution of the SK model at one temperature or several.

    Attributes
    ----------
    T, q, energy, entropy, free_energy : float or numpy.ndarray
        The temperature, the Edwards-Anderson order parameter q = [⟨s_i⟩²], and the energy,
        entropy and free energy per spin.
    """

    T: float | np.ndarray
    q: float | np.ndarray
    energy: float | np.ndarray
    entropy: float | np.ndarray
    free_energy: float | np.ndarray


def sk_replica_symmetric(T) -> SKSolution:
    """The replica-symmetric solution of Sherrington & Kirkpatrick (1975), zero field.

    q = ∫ Dz tanh²(β √q z), β = 1/T: q = 0 above T = 1, and q > 0 below (found by bisection on
    1 - q = ∫ Dz sech²(β √q z)). Energy u = -(β/2)(1 - q²); free energy
    βf = -(β²/4)(1 - q)² - ∫ Dz ln 2cosh(β √q z); entropy s = β(u - f). Exact above T = 1. Below
    it is only an approximation, unstable (de Almeida & Thouless 1978): at T → 0 it gives
    u = -√(2/π) = -0.798 and s = -1/(2π) < 0, where the truth (Parisi 1980) is -0.7633.
    """
    temperatures = _temperatures(T)
    rows = []
    for t in temperatures.ravel():
        beta, q = 1.0 / t, 0.0
        if t < 1.0:
            low, high = 0.0, 1.0  # g(q) = 1 - q - ∫Dz sech² changes sign once on (0, 1)
            for _ in range(60):
                q = 0.5 * (low + high)
                sech2 = _gaussian_average(_sech2, beta * math.sqrt(q))
                low, high = (q, high) if 1.0 - q > sech2 else (low, q)
            q = 0.5 * (low + high)
        energy = -0.5 * beta * (1.0 - q * q)
        beta_f = -0.25 * beta**2 * (1.0 - q) ** 2 - _gaussian_average(_log_2cosh,
                                                                       beta * math.sqrt(q))
        rows.append((q, energy, beta * energy - beta_f, beta_f / beta))
    q, energy, entropy, free = (np.array(column).reshape(temperatures.shape)
                                for column in zip(*rows))
    return SKSolution(T=scalar_or_array(temperatures), q=scalar_or_array(q),
                      energy=scalar_or_array(energy), entropy=scalar_or_array(entropy),
                      free_energy=scalar_or_array(free))
