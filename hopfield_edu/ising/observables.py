"""What to measure on an Ising run: Binder's cumulant, the specific heat, the susceptibility, the
autocorrelation time, and scans over temperature."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import as_generator, check_array, check_real
from .simulation import IsingRun, simulate

__all__ = ["TemperatureScan", "autocorrelation_time", "binder_cumulant", "scan_temperatures",
           "specific_heat", "susceptibility"]


def _check_run(run) -> IsingRun:
    if not isinstance(run, IsingRun):
        raise TypeError(f"run must be an IsingRun from simulate(), got {type(run).__name__}")
    return run


def binder_cumulant(run: IsingRun) -> float:
    """Binder's cumulant U₄ = 1 - ⟨m⁴⟩ / (3 ⟨m²⟩²) of a run's magnetisation.

    U₄ tends to 2/3 in the ordered phase and to 0 in the disordered one; curves for several
    lattice sizes cross near T_c (Binder 1981), at U* ≈ 0.611 for the square lattice.
    """
    m2 = np.mean(np.square(_check_run(run).magnetization))
    if m2 == 0:
        raise ValueError("the run's magnetisation is zero at every sweep; U₄ is undefined")
    return float(1.0 - np.mean(run.magnetization**4) / (3.0 * m2**2))


def specific_heat(run: IsingRun) -> float:
    """Specific heat per spin from energy fluctuations, c = N (⟨e²⟩ - ⟨e⟩²) / T²."""
    run = _check_run(run)
    return float(run.n_spins * np.var(run.energy) / run.T**2)


def susceptibility(run: IsingRun) -> float:
    """Magnetic susceptibility per spin, χ = N (⟨m²⟩ - ⟨|m|⟩²) / T.

    The absolute value makes a finite lattice, which flips between +m and -m, behave like the
    infinite one that stays in one of them.
    """
    run = _check_run(run)
    m = np.abs(run.magnetization)
    return float(run.n_spins * (np.mean(m**2) - np.mean(m) ** 2) / run.T)


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
    """Averages of one run per temperature, as returned by :func:`scan_temperatures`.

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
    """

    T: np.ndarray
    energy: np.ndarray
    abs_magnetization: np.ndarray
    specific_heat: np.ndarray
    susceptibility: np.ndarray
    binder: np.ndarray
    L: int
    algorithm: str


def scan_temperatures(L: int, temperatures, *, sweeps: int, burn_in: int = 0,
                      algorithm: str = "metropolis", rng=None) -> TemperatureScan:
    """Run the square lattice at each temperature in turn and average what was measured.

    Each run starts from the last lattice of the one before, so temperatures listed from hot
    to cold anneal the lattice and need little burn-in.
    """
    temperatures = check_array(temperatures, "temperatures", ndim=1,
                               shape="(n_temperatures,), a non-empty 1-D sequence")
    if np.any(temperatures <= 0):
        raise ValueError(f"temperatures must be positive (in units of J/k_B), got "
                         f"{temperatures.min():g}")
    generator = as_generator(rng)
    start = "hot"
    results = []
    for T in temperatures:
        run = simulate(L, float(T), sweeps=sweeps, burn_in=burn_in, algorithm=algorithm,
                       start=start, rng=generator)
        start = run.spins
        results.append((run.energy.mean(), np.abs(run.magnetization).mean(),
                        specific_heat(run), susceptibility(run), binder_cumulant(run)))
    columns = np.array(results).T
    return TemperatureScan(temperatures, *columns, L=run.L, algorithm=algorithm)
