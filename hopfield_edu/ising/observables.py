"""What to measure on an Ising run: Binder's cumulant, the specific heat, the susceptibility, the
autocorrelation time, and scans over temperature."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validate import as_generator, check_array, check_int, check_real
from .multispin import IsingReplicas
from .simulation import IsingRun, simulate

__all__ = ["TemperatureScan", "autocorrelation_time", "binder_cumulant", "scan_replicas",
           "scan_temperatures", "specific_heat", "susceptibility"]


def _check_run(run) -> IsingRun:
    if not isinstance(run, IsingRun):
        raise TypeError(f"run must be an IsingRun from simulate(), got {type(run).__name__}")
    return run


def _binder(m: np.ndarray) -> float:
    m2 = np.mean(np.square(m))
    return float("nan") if m2 == 0 else float(1.0 - np.mean(m**4) / (3.0 * m2**2))


def _specific_heat(energy: np.ndarray, n_spins: int, T: float) -> float:
    return float(n_spins * np.var(energy) / T**2)


def _susceptibility(m: np.ndarray, n_spins: int, T: float) -> float:
    m = np.abs(m)
    return float(n_spins * (np.mean(m**2) - np.mean(m) ** 2) / T)


def binder_cumulant(run: IsingRun) -> float:
    """Binder's cumulant U₄ = 1 - ⟨m⁴⟩ / (3 ⟨m²⟩²) of a run's magnetisation.

    U₄ tends to 2/3 in the ordered phase and to 0 in the disordered one; curves for several
    lattice sizes cross near T_c (Binder 1981), at U* ≈ 0.611 for the square lattice.
    """
    u4 = _binder(_check_run(run).magnetization)
    if np.isnan(u4):
        raise ValueError("the run's magnetisation is zero at every sweep; U₄ is undefined")
    return u4


def specific_heat(run: IsingRun) -> float:
    """Specific heat per spin from energy fluctuations, c = N (⟨e²⟩ - ⟨e⟩²) / T²."""
    run = _check_run(run)
    return _specific_heat(run.energy, run.n_spins, run.T)


def susceptibility(run: IsingRun) -> float:
    """Magnetic susceptibility per spin, χ = N (⟨m²⟩ - ⟨|m|⟩²) / T.

    The absolute value makes a finite lattice, which flips between +m and -m, behave like the
    infinite one that stays in one of them.
    """
    run = _check_run(run)
    return _susceptibility(run.magnetization, run.n_spins, run.T)


def autocorrelation_time(series, *, window_factor: float = 6.0) -> float:
    """Integrated autocorrelation time τ of a series, in steps (sweeps for :func:`simulate`).

    τ = ½ + Σ_{t=1}^{W} ρ(t), with ρ the normalised autocorrelation function and the window W
    chosen self-consistently as the smallest W ≥ window_factor · τ(W) (Sokal 1997). The error
    of a mean of n correlated samples is that of n / (2τ) independent ones.
    """
    if isinstance(series, IsingRun):
        raise TypeError("series must be a sequence of numbers, got an IsingRun; pass one of its "
                        "series, such as run.magnetization or run.energy")
    values = check_array(series, "series", ndim=1, shape="(n_steps,)")
    if values.size < 4:
        raise ValueError(f"series must hold at least 4 values, got {values.size}")
    window_factor = check_real(window_factor, "window_factor", minimum=1.0)
    centred = values - values.mean()
    if not np.any(centred):
        raise ValueError("series is constant, so its autocorrelation time is undefined")
    n = values.size
    spectrum = np.fft.rfft(centred, 2 * n)  # zero-padded: no wrap-around
    acf = np.fft.irfft(spectrum * np.conj(spectrum))[:n]
    rho = acf / acf[0]
    tau = 0.5 + np.cumsum(rho[1:])
    windows = np.arange(1, n)
    good = windows >= window_factor * tau
    return float(tau[np.argmax(good)] if good.any() else tau[-1])


@dataclass(frozen=True)
class TemperatureScan:
    """Averages at each temperature, as returned by :func:`scan_temperatures` (one run per
    temperature) and :func:`scan_replicas` (many independent replicas per temperature).

    Attributes
    ----------
    T : numpy.ndarray
        The temperatures, in the order they were run.
    energy, abs_magnetization : numpy.ndarray
        Means per spin of e and |m| at each temperature.
    specific_heat, susceptibility, binder : numpy.ndarray
        :func:`specific_heat`, :func:`susceptibility` and :func:`binder_cumulant` of each run.
    L : int
    algorithm : str
    errors : dict of str to numpy.ndarray
        The standard error of each of the five measured quantities above, by name (such as
        ``errors["specific_heat"]``). From :func:`scan_temperatures`, the spread of the same
        quantity over ``blocks`` consecutive pieces of each run (batch means: right when a
        piece is much longer than the autocorrelation time); from :func:`scan_replicas`, the
        jackknife over the independent replicas.
    """

    T: np.ndarray
    energy: np.ndarray
    abs_magnetization: np.ndarray
    specific_heat: np.ndarray
    susceptibility: np.ndarray
    binder: np.ndarray
    L: int
    algorithm: str
    errors: dict


def _measure(energy: np.ndarray, m: np.ndarray, n_spins: int, T: float) -> tuple:
    return (energy.mean(), np.abs(m).mean(), _specific_heat(energy, n_spins, T),
            _susceptibility(m, n_spins, T), _binder(m))


def _standard_error(values: np.ndarray) -> float:
    """The standard error of the mean of independent values; NaN for fewer than two."""
    return float(np.std(values, ddof=1) / np.sqrt(values.size)) if values.size > 1 else math.nan


_MEASURED = ("energy", "abs_magnetization", "specific_heat", "susceptibility", "binder")


def scan_temperatures(L: int, temperatures, *, sweeps: int, burn_in: int = 0,
                      algorithm: str = "metropolis", blocks: int = 10,
                      rng=None) -> TemperatureScan:
    """Run the square lattice at each temperature in turn and average what was measured.

    Each run starts from the last lattice of the one before, so temperatures listed from hot
    to cold anneal the lattice and need little burn-in. Each run is also cut into ``blocks``
    pieces for the error bars (see :class:`TemperatureScan`).
    """
    temperatures = check_array(temperatures, "temperatures", ndim=1,
                               shape="(n_temperatures,), a non-empty 1-D sequence")
    if np.any(temperatures <= 0):
        raise ValueError(f"temperatures must be positive (in units of J/k_B), got "
                         f"{temperatures.min():g}")
    blocks = check_int(blocks, "blocks", minimum=2)
    if isinstance(sweeps, int) and not isinstance(sweeps, bool) and sweeps < blocks:
        raise ValueError(f"sweeps must be at least blocks = {blocks}, so that every block holds "
                         f"a sweep; got {sweeps}")
    generator = as_generator(rng)
    start = "hot"
    results, errors = [], []
    for T in temperatures:
        run = simulate(L, float(T), sweeps=sweeps, burn_in=burn_in, algorithm=algorithm,
                       start=start, rng=generator)
        start = run.spins
        results.append(_measure(run.energy, run.magnetization, run.n_spins, run.T))
        pieces = np.array([_measure(e, m, run.n_spins, run.T) for e, m in
                           zip(np.array_split(run.energy, blocks),
                               np.array_split(run.magnetization, blocks))])
        errors.append([_standard_error(column[~np.isnan(column)]) for column in pieces.T])
    columns = np.array(results).T
    error_columns = np.array(errors).T
    return TemperatureScan(temperatures, *columns, L=run.L, algorithm=algorithm,
                           errors=dict(zip(_MEASURED, error_columns)))


def _pooled(e: np.ndarray, m: np.ndarray, n_spins: int, T: float) -> np.ndarray:
    """The five quantities from sums over sweeps, e and m of shape (..., replicas, sweeps)
    (rows of a jackknife: replica sums left out one at a time), pooled over the replicas."""
    moments = [x.sum(axis=-1) for x in (e, e**2, np.abs(m), m**2, m**4)]
    count = e.shape[-1] * e.shape[-2]
    totals = [x.sum(axis=-1, keepdims=True) for x in moments]
    # column 0: every replica; column r + 1: all but replica r
    e1, e2, a1, m2, m4 = (np.concatenate([t, t - x], axis=-1)
                          / (count - np.r_[0, np.full(x.shape[-1], e.shape[-1])])
                          for t, x in zip(totals, moments))
    with np.errstate(divide="ignore", invalid="ignore"):
        binder = np.where(m2 > 0, 1.0 - m4 / (3.0 * m2**2), np.nan)
    return np.stack([e1, a1, n_spins * (e2 - e1**2) / T**2, n_spins * (m2 - a1**2) / T,
                     binder])


def scan_replicas(run: IsingReplicas) -> TemperatureScan:
    """The averages at each temperature of a :func:`simulate_many` run at several
    temperatures, with error bars from its independent replicas.

    Every quantity pools all replicas and sweeps (the specific heat, for instance, is N times
    the variance of e over all of them, divided by T²); its standard error is the jackknife
    over the replicas, which are independent chains: the quantity is recomputed with each
    replica left out in turn, and the error is √((R − 1)/R Σ_r (q_r − q̄)²) (Efron 1982). Each
    replica's own sweeps may be correlated; the error bars stay right as long as the burn-in
    brought every replica to equilibrium.
    """
    if not isinstance(run, IsingReplicas):
        raise TypeError(f"run must be an IsingReplicas from simulate_many(), got "
                        f"{type(run).__name__}")
    if np.ndim(run.T) == 0:
        raise ValueError("run must come from simulate_many with a sequence of temperatures "
                         "(its arrays have a leading temperature axis); got one temperature, "
                         f"T={run.T}")
    if run.replicas < 2:
        raise ValueError(f"scan_replicas needs at least 2 replicas for its error bars, got "
                         f"{run.replicas}")
    n_spins = run.L * run.L
    values, errors = [], []
    for t, T in enumerate(run.T):
        pooled = _pooled(run.energy[t], run.magnetization[t], n_spins, float(T))
        left_out = pooled[:, 1:]
        R = left_out.shape[1]
        values.append(pooled[:, 0])
        errors.append(np.sqrt((R - 1) / R * np.sum((left_out - left_out.mean(axis=1,
                                                                             keepdims=True))**2,
                                                    axis=1)))
    columns = np.array(values).T
    return TemperatureScan(np.array(run.T, dtype=float), *columns, L=run.L,
                           algorithm="metropolis",
                           errors=dict(zip(_MEASURED, np.array(errors).T)))
