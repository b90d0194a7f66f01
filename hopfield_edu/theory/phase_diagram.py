"""The phase diagram of the Hebbian network at load α = p/N and temperature T, replica symmetric.

Amit, Gutfreund & Sompolinsky (1985, *Phys. Rev. Lett.* 55, 1530; 1987, *Ann. Phys.* 173, 30)
solved the network W = (1/N) Σ_μ ξ^μ ξ^μᵀ (zero diagonal) storing p = αN random patterns, under
Glauber dynamics at temperature T, by the replica method, **assuming replica symmetry**. A state
condensed on one pattern has its overlap m with that pattern, the Edwards-Anderson parameter
q = (1/N) Σ_i ⟨s_i⟩² and the crosstalk noise r = (1/α) Σ_{μ>1} N ⟨m_μ⟩², fixed by

    m = ⟨tanh β(m + √(αr) z)⟩,   q = ⟨tanh² β(m + √(αr) z)⟩,   r = q / (1 - β(1 - q))²,

z a standard Gaussian, β = 1/T the inverse temperature, with the free energy per neuron

    f = α/2 + m²/2 + (α/2β)[ln(1 - β(1-q)) - βq / (1 - β(1-q))] + (αβr/2)(1 - q)
        - T ⟨ln 2 cosh β(m + √(αr) z)⟩

(the same equations in Hertz, Krogh & Palmer 1991, §2.5 and §10.1). The **retrieval** branch has
m > 0; the **spin-glass** branch has m = 0, q > 0, and becomes the paramagnet q = 0 above
T_g = 1 + √α. Retrieval states exist below T_M(α) and are the global minima of f below T_c(α).

Replica symmetry is an assumption, and at low temperature it is not exact: breaking it (one
step, Crisanti, Amit & Gutfreund 1986) moves α_c from 0.138 to about 0.144, and in replica
symmetry both T_M and T_c bend slightly past their T = 0 loads before falling to T = 0.

How it is solved. Each branch is traced by its noise σ = √(αr): for given σ and T, m is the
one positive root of m = ⟨tanh β(m + σz)⟩ (zero on the spin-glass branch), q follows, and the
load is explicit, α = σ² (1 - β(1 - q))² / q. So α(σ) rises from 0 to its largest value α_M(T)
and falls, on the retrieval branch; a load is a root in σ, and the line T_M is that maximum.

Gaussian averages (:mod:`hopfield_edu._kernels.replica`) are taken by Gauss-Legendre panels,
with the unit around the step of tanh β(m + σz) at z = -m/σ mapped by z = -m/σ + (T/σ) sinh t
when the step is sharp: Gauss-Hermite nodes, fixed in z, cannot resolve it as T → 0.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .. import _kernels
from .._validate import check_choice, check_non_negative, check_positive, scalar_or_array

__all__ = ["BRANCHES", "PHASES", "ReplicaSymmetricState", "coexistence_load",
           "coexistence_temperature", "phase", "replica_symmetric", "retrieval_load",
           "retrieval_temperature", "spin_glass_temperature"]

#: The two solutions of the saddle-point equations: condensed on a pattern, or on none.
BRANCHES = ("retrieval", "spin_glass")

#: The regions of the diagram, from cold and lightly loaded to hot.
PHASES = ("retrieval", "metastable retrieval", "spin glass", "paramagnet")

# one Gauss-Legendre panel; the averages agree with a 4-million-point sum to 2e-11
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(8)


def _root(fun, a, b, *parameters, tolerance: float = 1e-13):
    """Where fun(x, *parameters) changes sign between a and b, elementwise, by the Illinois
    false position; each element stops once its bracket has closed."""
    arrays = np.broadcast_arrays(*(np.asarray(v, float) for v in (a, b, *parameters)))
    shape = arrays[0].shape
    a, b, *parameters = (np.array(v).ravel() for v in arrays)
    fa, fb = fun(a, *parameters), fun(b, *parameters)
    active = np.arange(a.size)
    for _ in range(200):
        if active.size == 0:
            break
        low, high, f_low, f_high = a[active], b[active], fa[active], fb[active]
        with np.errstate(divide="ignore", invalid="ignore"):
            new = high - f_high * (high - low) / (f_high - f_low)
        new = np.where(np.isfinite(new), new, 0.5 * (low + high))
        f_new = fun(new, *(v[active] for v in parameters))
        crossed = np.sign(f_new) != np.sign(f_high)
        low, f_low = np.where(crossed, high, low), np.where(crossed, f_high, 0.5 * f_low)
        low = np.where(f_new == 0, new, low)
        a[active], fa[active], b[active], fb[active] = low, f_low, new, f_new
        active = active[np.abs(new - low) > tolerance * (1.0 + np.abs(new))]
    return b.reshape(shape)


def _maximum(fun, a, b, rounds: int = 28):
    """Where the unimodal ``fun`` is largest on [a, b], elementwise (golden-section search)."""
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = np.array(a, float), np.array(b, float)
    x1, x2 = b - ratio * (b - a), a + ratio * (b - a)
    f1, f2 = fun(x1), fun(x2)
    for _ in range(rounds):
        left = f1 > f2
        a, b = np.where(left, a, x1), np.where(left, x2, b)
        new = np.where(left, b - ratio * (b - a), a + ratio * (b - a))
        f_new = fun(new)
        x1, x2, f1, f2 = (np.where(left, new, x2), np.where(left, x1, new),
                          np.where(left, f_new, f2), np.where(left, f1, f_new))
    return 0.5 * (a + b)


def _branch(beta, sigma, retrieval: bool):
    """A branch at noise σ = √(αr): m, q, 1 - β(1 - q), the load α, and ⟨ln 2cosh⟩."""
    beta, sigma = np.broadcast_arrays(np.asarray(beta, float), np.asarray(sigma, float))
    out = np.empty((beta.size, 5))
    _kernels.replica_branch(beta.flatten(), sigma.flatten(), retrieval, _NODES, _WEIGHTS, out)
    return tuple(column.reshape(beta.shape) for column in out.T)


def _free_energy(beta, alpha, sigma, m, q, reaction, log_cosh):
    """f per neuron; αβr(1 - q)/2 is written σ²β(1 - q)/2, finite where r diverges."""
    with np.errstate(divide="ignore", invalid="ignore"):
        crosstalk = np.where(alpha > 0, 0.5 * alpha * (np.log(reaction) / beta - q / reaction),
                             0.0)
    return (0.5 * alpha + 0.5 * m * m + crosstalk + 0.5 * sigma**2 * beta * (1.0 - q)
            - log_cosh / beta)


def _state(beta, sigma, retrieval):
    """m, q, 1 - β(1 - q) and ⟨ln 2cosh⟩ at σ: the arguments of :func:`_free_energy`."""
    m, q, reaction, _, log_cosh = _branch(beta, sigma, retrieval)
    return m, q, np.maximum(reaction, 0.0), log_cosh


def _glass_onset(beta):
    """Below T = 1: the σ where 1 - β(1 - q) = 0 at m = 0, so β⟨sech² βσz⟩ = 1: the end of the
    retrieval branch and the start of the spin-glass branch. 0 at T ≥ 1."""
    beta = np.asarray(beta, float)
    cold = np.where(beta > 1, beta, 2.0)
    # β⟨sech²(βσz)⟩ ≤ √(2/π)/σ, so the root lies below σ = 1
    onset = _root(lambda s, b: _branch(b, s, False)[2], 0.0, 1.0, cold)
    return np.where(beta > 1, onset, 0.0)


def _fold(beta, onset=None):
    """α_M(T), the largest load with a retrieval state, and the σ where it is reached."""
    beta = np.asarray(beta, float)
    onset = _glass_onset(beta) if onset is None else onset
    peak = _maximum(lambda s: _branch(beta, s, True)[3], np.zeros_like(onset), onset)
    return np.where(beta > 1, _branch(beta, peak, True)[3], 0.0), peak


def _retrieval(beta, alpha):
    """The retrieval state at (α, 1/β): σ, and whether it exists."""
    temperatures, where = np.unique(beta, return_inverse=True)  # the fold depends on T only
    largest, peak = (v[where].reshape(beta.shape) for v in _fold(temperatures))
    exists = (beta > 1) & (alpha <= largest)
    target = np.where(exists, alpha, 0.5 * largest)
    sigma = _root(lambda s, b, a: _branch(b, s, True)[3] - a, 0.0, peak, beta, target)
    return sigma, exists


def _spin_glass(beta, alpha, onset=None):
    """σ of the spin-glass state at (α, 1/β); 0 for the paramagnet, α ≤ (T - 1)² at T ≥ 1.
    ``onset``: :func:`_glass_onset` of β, when it is known."""
    onset = _glass_onset(beta) if onset is None else onset
    low = np.maximum(onset, 1e-9)
    paramagnet = (beta <= 1) & (alpha <= (1.0 / beta - 1.0) ** 2)
    target = np.where(paramagnet, 2.0, alpha)
    sigma = _root(lambda s, b, a: _branch(b, s, False)[3] - a, low,
                  low + np.sqrt(target) + 1.0, beta, target)  # α(σ) ≥ (σ - 0.8)² past it
    return np.where(paramagnet, 0.0, np.where(alpha == 0, onset, sigma))


@dataclass(frozen=True)
class ReplicaSymmetricState:
    """A solution of the replica-symmetric equations, made by :func:`replica_symmetric`.

    Each field is a float, or an array of the shape the load and temperature broadcast to.

    Attributes
    ----------
    load, temperature : the α and T asked for
    branch : "retrieval" or "spin_glass"
    exists : bool
        False where the branch has no solution (retrieval above T_M); the numbers are NaN there.
    overlap : m, the overlap with the condensed pattern (0 on the spin-glass branch)
    edwards_anderson : q
    noise : r = q / (1 - β(1 - q))²; infinite on the spin-glass branch at α = 0, T < 1, where
        √(αr) stays finite
    free_energy : f, per neuron
    """

    load: float
    temperature: float
    branch: str
    exists: bool
    overlap: float
    edwards_anderson: float
    noise: float
    free_energy: float


def replica_symmetric(load, temperature, *, branch: str = "retrieval") -> ReplicaSymmetricState:
    """Solve the replica-symmetric equations of AGS (1987) at load α and temperature T.

    Parameters
    ----------
    load : float or array, α = p/N ≥ 0
    temperature : float or array, T > 0 (Glauber noise; β = 1/T is the inverse temperature)
    branch : {"retrieval", "spin_glass"}
        "retrieval": the state condensed on one pattern, the stable one (larger m) of the two
        solutions that exist below T_M. "spin_glass": m = 0, the paramagnet above T_g.

    Returns
    -------
    ReplicaSymmetricState
    """
    alpha = check_non_negative(load, "load")
    T = check_positive(temperature, "temperature")
    check_choice(branch, "branch", BRANCHES)
    alpha, T = np.broadcast_arrays(alpha, T)
    beta = 1.0 / T
    if branch == "retrieval":
        sigma, exists = _retrieval(beta, alpha)
    else:
        sigma, exists = _spin_glass(beta, alpha), np.ones(alpha.shape, bool)
    m, q, reaction, log_cosh = _state(beta, sigma, branch == "retrieval")
    f = _free_energy(beta, alpha, sigma, m, q, reaction, log_cosh)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(reaction > 0, q / reaction**2, np.inf)  # m = 0, α = 0, T < 1: r diverges
    values = [scalar_or_array(np.where(exists, v, np.nan)) for v in (m, q, r, f)]
    return ReplicaSymmetricState(scalar_or_array(alpha), scalar_or_array(T), branch,
                                 bool(exists) if exists.ndim == 0 else exists, *values)


def spin_glass_temperature(load):
    """T_g(α) = 1 + √α: below it the spin-glass solution q > 0 appears (AGS 1987).

    Linearise the q equation at m = 0: q ≈ β²αr = β²αq / (1 - β)², nonzero first where
    (1 - β)² = αβ², on the root with 1 - β > 0.
    """
    return scalar_or_array(1.0 + np.sqrt(check_non_negative(load, "load")))


def retrieval_load(temperature):
    """α_M(T): the largest load at which retrieval states exist at temperature T; 0 at T ≥ 1.

    α_M → α_c ≈ 0.1379 as T → 0 (:func:`hopfield_edu.theory.critical_load`); in replica
    symmetry it first rises a little, to 0.1382 near T = 0.02, then falls to 0 at T = 1.
    """
    T = check_positive(temperature, "temperature")
    return scalar_or_array(_fold(1.0 / T)[0])


def _coexistence(beta):
    """The load at which the retrieval state and the spin glass have the same free energy."""
    beta = np.asarray(beta, float)
    cold = np.where(beta > 1, beta, 2.0)
    onset = _glass_onset(cold)
    _, peak = _fold(cold, onset)

    def gap(sigma, beta, onset):
        retrieval = _branch(beta, sigma, True)
        alpha = retrieval[3]
        glass = _spin_glass(beta, alpha, onset)
        return (_free_energy(beta, alpha, sigma, *retrieval[:3], retrieval[4])
                - _free_energy(beta, alpha, glass, *_state(beta, glass, False)))

    # retrieval is the lower at α → 0 (Curie-Weiss) and the higher at its fold
    sigma = _root(gap, 0.0, peak, cold, onset)
    return np.where(beta > 1, _branch(cold, sigma, True)[3], 0.0)


def coexistence_load(temperature):
    """The load below which retrieval states are the global minima of f at temperature T.

    At T → 0 it tends to α ≈ 0.0519, where the retrieval energy -½ meets the spin-glass energy
    -1/π - √(2α/π); 0 at T ≥ 1.
    """
    T = check_positive(temperature, "temperature")
    return scalar_or_array(_coexistence(1.0 / T))


# Temperatures at which a line α(T) is tabulated before a load's temperature is refined
_GRID = np.concatenate([np.linspace(0.005, 0.9, 36), 1.0 - np.geomspace(0.09, 1e-4, 12)])
_LINES = {"retrieval": lambda beta: _fold(beta)[0], "coexistence": _coexistence}


@functools.lru_cache(maxsize=None)
def _tabulated(line: str) -> np.ndarray:
    """The loads of ``line`` at the temperatures of :data:`_GRID`."""
    return _LINES[line](1.0 / _GRID)


@functools.lru_cache(maxsize=None)
def _peak(line: str) -> tuple[float, float]:
    """Where ``line`` reaches its largest load, between the grid points around the largest: T, α."""
    curve, grid = _LINES[line], np.append(_GRID, 1.0)
    k = int(np.argmax(_tabulated(line)))
    top = float(_maximum(lambda t: curve(1.0 / t), grid[max(k - 1, 0)], grid[k + 1]))
    return top, float(curve(1.0 / np.array([top]))[0])


def _upper_crossing(line: str, alpha: np.ndarray) -> np.ndarray:
    """The largest T with α(T) ≥ α on ``line``, a curve that rises, then falls to 0 at T = 1."""
    curve, values = _LINES[line], _tabulated(line)
    grid = np.append(_GRID, 1.0)  # every line is at α = 0 at T = 1
    above = values[None, :] >= alpha[:, None]
    found = above.any(axis=1)
    last = _GRID.size - 1 - np.argmax(above[:, ::-1], axis=1)
    low, high = grid[last], grid[last + 1]
    if not found.all() and alpha.max() <= values.max() + 1e-3:  # perhaps between grid points
        top, peak = _peak(line)
        rescued = ~found & (alpha <= peak)
        low = np.where(rescued, top, low)
        high = np.where(rescued, grid[np.searchsorted(grid, top)], high)
        found |= rescued
    solve = found & (alpha > 0)
    T = np.where(alpha == 0, 1.0, 0.0)
    if solve.any():
        T[solve] = _root(lambda t, a: curve(1.0 / t) - a, low[solve], high[solve], alpha[solve],
                         tolerance=1e-11)
    return T


def retrieval_temperature(load):
    """T_M(α): retrieval states exist below it (AGS 1987); 1 at α = 0, 0 beyond α_c.

    T_M ≈ 1 - 1.95√α at small α. In replica symmetry retrieval states survive slightly past
    α_c = 0.1379 at low temperature, up to α = 0.1382 (see :func:`retrieval_load`), so T_M
    reaches 0 there.
    """
    alpha = check_non_negative(load, "load")
    return scalar_or_array(_upper_crossing("retrieval", alpha.ravel()).reshape(alpha.shape))


def coexistence_temperature(load):
    """T_c(α): below it retrieval states are the global minima of f (AGS 1987); above it, up to
    T_M, they are metastable beside the lower spin-glass states. 1 at α = 0; T_c reaches 0
    at α ≈ 0.052 (after bending slightly past it, to 0.053 near T = 0.1)."""
    alpha = check_non_negative(load, "load")
    return scalar_or_array(_upper_crossing("coexistence", alpha.ravel()).reshape(alpha.shape))


def phase(load, temperature):
    """The region of the diagram that holds (α, T), one of :data:`PHASES`.

    "retrieval" below T_c (memories are the global minima), "metastable retrieval" between T_c
    and T_M, "spin glass" between T_M and T_g, "paramagnet" above T_g. A str for one point, an
    array of str for arrays of loads and temperatures.
    """
    alpha = check_non_negative(load, "load")
    T = check_positive(temperature, "temperature")
    alpha, T = np.broadcast_arrays(alpha, T)
    beta = 1.0 / T
    names = np.select([T >= 1.0 + np.sqrt(alpha), alpha > _fold(beta)[0],
                       alpha > _coexistence(beta)], list(PHASES[:0:-1]), PHASES[0])
    return str(names) if names.ndim == 0 else names
