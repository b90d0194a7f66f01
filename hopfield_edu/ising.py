"""The Ising model: Monte Carlo simulation, exact results, and what to measure.

Spins s_i = ±1 sit on a periodic chain (``dim=1``) or square lattice (``dim=2``) with energy

    E = -J Σ_<ij> s_i s_j - h Σ_i s_i,

the first sum running over nearest-neighbour bonds, and are sampled from the Boltzmann
distribution P(s) ∝ exp(-E(s) / T) (k_B = 1). The course starts here because a Hopfield network
that stores one pattern is this model in disguise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import _kernels
from ._validate import (as_generator, check_array, check_choice, check_int, check_real,
                        check_spins)

__all__ = [
    "ALGORITHMS",
    "CRITICAL_TEMPERATURE",
    "CurieWeissRun",
    "IsingEnumeration",
    "IsingRun",
    "TemperatureScan",
    "autocorrelation_time",
    "binder_cumulant",
    "chain_correlation",
    "chain_energy",
    "enumerate_states",
    "exact_energy",
    "exact_magnetization",
    "lattice_energy",
    "mean_field_magnetization",
    "reference_sweep",
    "sample_configurations",
    "scan_temperatures",
    "simulate",
    "simulate_curie_weiss",
    "specific_heat",
    "susceptibility",
    "torus_energy",
    "torus_specific_heat",
]

ALGORITHMS = ("metropolis", "glauber", "heatbath", "wolff")
ORDERS = ("auto", "checkerboard", "random")

#: Onsager's critical temperature of the square lattice, 2 / ln(1 + √2) = 2.269185... (J = 1).
CRITICAL_TEMPERATURE = 2.0 / math.log1p(math.sqrt(2.0))

_SCALE = 2.0**32  # random numbers are uniform integers below 2**32; probabilities scale to it


# --- simulation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IsingRun:
    """What :func:`simulate` measured: one value per sweep after the burn-in.

    Attributes
    ----------
    magnetization : numpy.ndarray
        The magnetisation per spin, Σ s_i / N, signed, after each sweep.
    energy : numpy.ndarray
        The energy per spin, E / N, after each sweep.
    spins : numpy.ndarray
        The final configuration, ``int8``, shape ``(L,)`` or ``(L, L)``.
    T, L, dim, algorithm, J, h
        The parameters of the run.
    cluster_size : numpy.ndarray or None
        For Wolff, the number of spins flipped at each step; None otherwise.
    """

    magnetization: np.ndarray
    energy: np.ndarray
    spins: np.ndarray
    T: float
    L: int
    dim: int
    algorithm: str
    J: float = 1.0
    h: float = 0.0
    cluster_size: np.ndarray | None = None

    @property
    def n_spins(self) -> int:
        """The number of spins, L**dim."""
        return self.L**self.dim


def _initial_lattice(start, L: int, dim: int, generator: np.random.Generator) -> np.ndarray:
    shape = (1, L) if dim == 1 else (L, L)
    if isinstance(start, str):
        check_choice(start, "start", ("cold", "hot"))
        if start == "cold":
            return np.ones(shape, dtype=np.int8)
        return np.where(generator.random(shape) < 0.5, 1, -1).astype(np.int8)
    spins = check_spins(start, "start", ndim=dim)
    expected = (L,) * dim
    if spins.shape != expected:
        raise ValueError(f"start must be 'cold', 'hot' or a lattice of shape {expected}, got "
                         f"an array of shape {spins.shape}")
    return spins.reshape(shape).copy()


def _flip_thresholds(algorithm: str, beta: float, J: float, h: float, z: int):
    """Thresholds for the single-spin kernels, one per neighbour sum, ordered by rank.

    Rank k stands for the neighbour sum nb = direction * (2k - z), so that the local field
    J * nb + h grows with k. See ``_kernels.flip_counts`` for how they are used.
    """
    direction = 1 if J >= 0 else -1
    nb = direction * (2 * np.arange(z + 1) - z)
    field = J * nb + h
    if algorithm == "metropolis":  # accept with min(1, exp(-ΔE / T)), ΔE = 2 s field
        plus = np.exp(np.minimum(0.0, -2.0 * beta * field))
        minus = np.exp(np.minimum(0.0, 2.0 * beta * field))
    elif algorithm == "glauber":  # accept with 1 / (1 + exp(ΔE / T))
        plus = 0.5 * (1.0 - np.tanh(beta * field))
        minus = 0.5 * (1.0 + np.tanh(beta * field))
    else:  # heat bath: the new spin is +1 with probability 1 / (1 + exp(-2 field / T))
        plus = minus = 0.5 * (1.0 + np.tanh(beta * field))
    as_integers = lambda p: np.round(p * _SCALE).astype(np.uint64)  # noqa: E731
    return direction, as_integers(plus), as_integers(minus)


def _kernel_state(generator: np.random.Generator) -> np.ndarray:
    state = generator.integers(0, 2**64, size=8, dtype=np.uint64, endpoint=False)
    for words in (state[:4], state[4:]):  # each generator's forbidden all-zero state,
        if not words.any():               # drawn with probability 2**-256
            words[0] = 1
    return state


def simulate(L: int, T: float, *, sweeps: int, burn_in: int = 0, algorithm: str = "metropolis",
             dim: int = 2, J: float = 1.0, h: float = 0.0, start="cold", order: str = "auto",
             rng=None) -> IsingRun:
    """Sample the Ising model on a periodic chain or square lattice by Monte Carlo.

    Parameters
    ----------
    L : int
        Side of the lattice: ``L`` spins in a ring (``dim=1``) or ``L × L`` on a torus.
    T : float
        Temperature, > 0, in units of J / k_B.
    sweeps : int
        How many sweeps to record, after the burn-in.
    burn_in : int, optional
        Sweeps to run first and discard, while the lattice forgets its start.
    algorithm : {"metropolis", "glauber", "heatbath", "wolff"}, optional
        The single-spin algorithms make N = L**dim attempts per sweep. Metropolis flips a spin
        with probability min(1, exp(-ΔE/T)), Glauber with 1 / (1 + exp(ΔE/T)); the heat bath
        draws the new spin from its conditional distribution, which for two-state spins gives
        Glauber's flip probabilities. ``"wolff"`` flips one cluster per sweep (Wolff 1989);
        it needs J > 0 and h = 0.
    dim : {1, 2}, optional
    J : float, optional
        Coupling: J > 0 aligns neighbours (a ferromagnet), J < 0 anti-aligns them.
    h : float, optional
        External field.
    start : "cold", "hot" or array, optional
        All spins +1, independent random spins, or a given lattice of ±1 (to continue a run).
    order : {"auto", "checkerboard", "random"}, optional
        Which sites the single-spin algorithms visit. ``"random"``: each attempt picks a site
        at random, the textbook scheme, ergodic on every lattice. ``"checkerboard"`` (L even):
        all sites of one colour of the checkerboard, then all of the other; it is much faster
        and samples the square lattice correctly, but Metropolis with it is *not* ergodic on
        a chain, where a spin between opposite neighbours (ΔE = 0) always flips, so domain
        walls march in lockstep. ``"auto"`` takes the checkerboard for square lattices of even
        L and random sites otherwise.
    rng : None, int or numpy.random.Generator, optional

    Returns
    -------
    IsingRun

    Examples
    --------
    >>> run = simulate(32, 2.0, sweeps=500, burn_in=200, rng=0)
    >>> abs(run.magnetization.mean() - exact_magnetization(2.0)) < 0.02
    True
    """
    L = check_int(L, "L", minimum=2, maximum=4096)
    T = check_real(T, "T", minimum=0.0, exclusive_minimum=True)
    sweeps = check_int(sweeps, "sweeps", minimum=1)
    burn_in = check_int(burn_in, "burn_in", minimum=0)
    algorithm = check_choice(algorithm, "algorithm", ALGORITHMS)
    dim = check_int(dim, "dim", minimum=1, maximum=2)
    J = check_real(J, "J")
    h = check_real(h, "h")
    order = check_choice(order, "order", ORDERS)
    if order == "checkerboard" and L % 2:
        raise ValueError(f"order='checkerboard' needs an even L (a periodic lattice of odd "
                         f"side has no two-colouring); got L={L}. Use order='random'.")
    if algorithm == "wolff" and order != "auto":
        raise ValueError(f"order={order!r} applies to the single-spin algorithms; Wolff picks "
                         f"a random seed for each cluster")
    if algorithm == "wolff" and (J <= 0 or h != 0):
        raise ValueError(f"algorithm='wolff' needs J > 0 and h = 0 (its clusters are built "
                         f"from aligned neighbours of a ferromagnet without a field); got J={J}, "
                         f"h={h}. Use 'metropolis' instead.")
    generator = as_generator(rng)
    lattice = _initial_lattice(start, L, dim, generator)
    state = _kernel_state(generator)
    vertical = int(dim == 2)
    total = burn_in + sweeps
    spin_sums = np.empty(total, dtype=np.int64)
    bond_sums = np.empty(total, dtype=np.int64)
    total_m = int(lattice.sum(dtype=np.int64))
    total_bonds = int(_bond_sums(lattice.reshape((L,) * dim), dim))
    cluster_size = None

    if algorithm == "wolff":
        add = np.uint64(round(-math.expm1(-2.0 * J / T) * _SCALE))
        sizes = np.empty(total, dtype=np.int64)
        _kernels.wolff_steps(lattice, vertical, add, total, state, total_m, total_bonds,
                             spin_sums, bond_sums, sizes)
        cluster_size = sizes[burn_in:]
    else:
        direction, plus, minus = _flip_thresholds(algorithm, 1.0 / T, J, h, 2 + 2 * vertical)
        heat_bath = algorithm == "heatbath"
        if order == "auto":
            order = "checkerboard" if dim == 2 and L % 2 == 0 else "random"
        if order == "checkerboard":  # update the two sublattices of the checkerboard in turn
            rows = np.arange(lattice.shape[0])[:, None]
            columns = 2 * np.arange(L // 2)[None, :] + (rows & 1)
            a = np.ascontiguousarray(lattice[rows, columns])
            b = np.ascontiguousarray(lattice[rows, columns ^ 1])
            _kernels.checkerboard_sweeps(a, b, vertical, direction, plus, minus, heat_bath,
                                         total, state, total_m, total_bonds, spin_sums,
                                         bond_sums)
            lattice[rows, columns] = a
            lattice[rows, columns ^ 1] = b
        else:
            _kernels.random_site_sweeps(lattice, vertical, direction, plus, minus, heat_bath,
                                        total, state, total_m, total_bonds, spin_sums,
                                        bond_sums)

    n = lattice.size
    magnetization = spin_sums[burn_in:] / n
    energy = (-J * bond_sums[burn_in:] - h * spin_sums[burn_in:]) / n
    spins = lattice.reshape((L,) * dim)
    for array in (magnetization, energy, spins, cluster_size):
        if array is not None:
            array.flags.writeable = False
    return IsingRun(magnetization=magnetization, energy=energy, spins=spins, T=T, L=L, dim=dim,
                    algorithm=algorithm, J=J, h=h, cluster_size=cluster_size)


def sample_configurations(L: int, T: float, *, samples: int, sweeps_between: int = 1,
                          burn_in: int = 0, **options) -> np.ndarray:
    """Configurations of a run, one every ``sweeps_between`` sweeps after ``burn_in``.

    Takes the keyword arguments of :func:`simulate` (``algorithm``, ``dim``, ``J``, ``h``,
    ``start``, ``order``, ``rng``). Returns an ``int8`` array of shape ``(samples, L)`` or
    ``(samples, L, L)``: what correlation functions are measured on.
    """
    samples = check_int(samples, "samples", minimum=1)
    sweeps_between = check_int(sweeps_between, "sweeps_between", minimum=1)
    options["rng"] = as_generator(options.get("rng"))
    run = simulate(L, T, sweeps=1, burn_in=burn_in, **options)
    configurations = [run.spins]
    options.pop("start", None)
    for _ in range(samples - 1):
        run = simulate(L, T, sweeps=sweeps_between, start=run.spins, **options)
        configurations.append(run.spins)
    return np.stack(configurations)


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
    temperatures = np.asarray(temperatures, dtype=np.float64)
    if temperatures.ndim != 1 or temperatures.size == 0:
        raise ValueError(f"temperatures must be a non-empty 1-D sequence, got shape "
                         f"{temperatures.shape}")
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


def reference_sweep(spins, T: float, *, algorithm: str = "metropolis", J: float = 1.0,
                    h: float = 0.0, attempts: int | None = None, record: bool = False,
                    rng=None) -> np.ndarray:
    """Single-spin updates at random sites, written plainly in NumPy, one attempt at a time.

    The slow, obvious version of what :func:`simulate` does fast, for reading and for
    checking: pick a site, compute the energy change of flipping it, accept by the rule of
    ``algorithm`` ("metropolis", "glauber" or "heatbath"). ``attempts`` defaults to one
    sweep, N attempts. Returns the new lattice; with ``record=True``, the lattice before the
    first attempt and after each one, stacked: the chain step by step, shape
    ``(attempts + 1, *spins.shape)``. ``spins`` is left unchanged.
    """
    lattice = check_spins(spins, "spins", ndim=(1, 2)).copy()
    T = check_real(T, "T", minimum=0.0, exclusive_minimum=True)
    check_choice(algorithm, "algorithm", ALGORITHMS[:3])
    J, h = check_real(J, "J"), check_real(h, "h")
    attempts = lattice.size if attempts is None else check_int(attempts, "attempts", minimum=0)
    generator = as_generator(rng)
    chain = [lattice.copy()] if record else None
    for _ in range(attempts):
        site = tuple(generator.integers(0, n) for n in lattice.shape)
        neighbours = 0
        for axis, n in enumerate(lattice.shape):
            for step in (-1, 1):
                other = list(site)
                other[axis] = (other[axis] + step) % n
                neighbours += lattice[tuple(other)]
        field = J * neighbours + h
        s = lattice[site]
        delta_e = 2.0 * s * field  # the energy change if s flips
        u = generator.random()
        if algorithm == "metropolis":
            flip = u < math.exp(min(0.0, -delta_e / T))
        elif algorithm == "glauber":
            flip = u < 1.0 / (1.0 + math.exp(delta_e / T))
        else:  # heat bath: the new spin is +1 with probability 1 / (1 + exp(-2 field / T))
            flip = (u < 1.0 / (1.0 + math.exp(-2.0 * field / T))) != (s > 0)
        if flip:
            lattice[site] = -s
        if record:
            chain.append(lattice.copy())
    return np.stack(chain) if record else lattice


def _bond_sums(lattices: np.ndarray, dim: int):
    """Σ over the bonds of s_i s_j, each once, of the periodic lattice(s) in the last ``dim`` axes."""
    spins = lattices.astype(np.int64)
    axes = tuple(range(spins.ndim - dim, spins.ndim))
    return sum(np.sum(spins * np.roll(spins, -1, axis=axis), axis=axes) for axis in axes)


def lattice_energy(spins, *, J: float = 1.0, h: float = 0.0) -> float:
    """The total energy E = -J Σ_<ij> s_i s_j - h Σ_i s_i of a periodic chain or square lattice.

    Each nearest-neighbour bond is counted once; the lattice wraps around at its edges. Note
    that :class:`IsingRun` reports the energy *per spin*, E / N.
    """
    lattice = check_spins(spins, "spins", ndim=(1, 2)).astype(np.int64)
    J, h = check_real(J, "J"), check_real(h, "h")
    return float(-J * _bond_sums(lattice, lattice.ndim) - h * int(lattice.sum()))


# --- measurements -------------------------------------------------------------------------------


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
    values = np.asarray(series, dtype=np.float64)
    if values.ndim != 1 or values.size < 4:
        raise ValueError(f"series must be 1-D with at least 4 values, got shape {values.shape}")
    if not np.all(np.isfinite(values)):
        raise ValueError("series must hold finite numbers, but it contains NaN or infinity")
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


# --- the complete graph: one stored pattern ---------------------------------------------------


@dataclass(frozen=True)
class CurieWeissRun:
    """What :func:`simulate_curie_weiss` measured.

    Attributes
    ----------
    magnetization : numpy.ndarray
        Σ s_i / N after each sweep of N attempts.
    spins : numpy.ndarray
        The final state, ``int8``, shape ``(N,)``.
    T : float
    """

    magnetization: np.ndarray
    spins: np.ndarray
    T: float


def simulate_curie_weiss(N: int, T: float, *, sweeps: int, burn_in: int = 0, start="cold",
                         rng=None) -> CurieWeissRun:
    """Glauber dynamics of the Curie-Weiss model: N spins, each coupled to all others by 1/N.

    Its energy is E = -(1/N) Σ_{i<j} s_i s_j. It is a Hopfield network storing one pattern ξ,
    seen through the gauge transform s_i → ξ_i s_i: the network's overlap with ξ is this
    model's magnetisation. Mean-field theory is exact here for large N: m = tanh(m / T).
    """
    N = check_int(N, "N", minimum=2)
    T = check_real(T, "T", minimum=0.0, exclusive_minimum=True)
    sweeps = check_int(sweeps, "sweeps", minimum=1)
    burn_in = check_int(burn_in, "burn_in", minimum=0)
    generator = as_generator(rng)
    if isinstance(start, str):
        check_choice(start, "start", ("cold", "hot"))
        spins = (np.ones(N, np.int8) if start == "cold"
                 else np.where(generator.random(N) < 0.5, 1, -1).astype(np.int8))
    else:
        spins = check_spins(start, "start", ndim=1)
        if spins.size != N:
            raise ValueError(f"start must hold N = {N} spins, got {spins.size}")
    sums = np.empty(burn_in + sweeps, np.int64)
    _kernels.curie_weiss_sweeps(spins, 1.0 / T, burn_in + sweeps, _kernel_state(generator),
                                int(spins.sum(dtype=np.int64)), sums)
    magnetization = sums[burn_in:] / N
    magnetization.flags.writeable = False
    spins.flags.writeable = False
    return CurieWeissRun(magnetization=magnetization, spins=spins, T=T)


def mean_field_magnetization(T, *, h: float = 0.0):
    """The stable solution of the mean-field equation m = tanh((m + h) / T).

    Without a field it is 0 above T = 1 and, below, the positive of the three solutions,
    growing as √(3 (1 - T)) just under T = 1; with a field it has the field's sign. Found by
    bisection on (0, 1], where m - tanh((m + |h|) / T) changes sign once.
    """
    T = _temperatures(T)
    h = check_real(h, "h")
    low, high = np.full_like(T, 1e-300), np.ones_like(T)
    for _ in range(64):  # each halving gains a bit: 64 exhaust a double
        middle = 0.5 * (low + high)
        below = middle < np.tanh((middle + abs(h)) / T)
        low, high = np.where(below, middle, low), np.where(below, high, middle)
    m = np.where((T < 1.0) | (h != 0), 0.5 * (low + high), 0.0)
    return _scalar_or_array(np.copysign(m, h) if h < 0 else m)


# --- exact results ------------------------------------------------------------------------------


def _temperatures(T) -> np.ndarray:
    values = check_array(T, "T", ndim=None)
    if np.any(values <= 0):
        raise ValueError(f"T must be positive (a temperature in units of J/k_B), got "
                         f"{values.min():g}")
    return values


def _scalar_or_array(values: np.ndarray):
    return float(values) if values.ndim == 0 else values


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
    return _scalar_or_array(np.where(T < CRITICAL_TEMPERATURE, np.abs(inner) ** 0.125, 0.0))


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
    return _scalar_or_array(-(1.0 / np.tanh(2 * K)) * (1.0 + (2.0 / np.pi) * term))


def chain_energy(T, *, J: float = 1.0, L: int | None = None):
    """Exact energy per spin of the periodic chain in zero field.

    u = -J tanh(J/T) for the infinite chain; -J (t + t^(L-1)) / (1 + t^L), t = tanh(J/T), for a
    ring of L spins. It is smooth at every T > 0: the chain has no phase transition.
    """
    T = _temperatures(T)
    J = check_real(J, "J")
    t = np.tanh(J / T)
    if L is None:
        return _scalar_or_array(-J * t)
    L = check_int(L, "L", minimum=2)
    return _scalar_or_array(-J * (t + t ** (L - 1)) / (1.0 + t**L))


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
        return _scalar_or_array(t**r)
    L = check_int(L, "L", minimum=2)
    if np.any(r > L):
        raise ValueError(f"r must be at most L = {L}, got {r.max()}")
    return _scalar_or_array((t**r + t ** (L - r)) / (1.0 + t**L))


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
    return _scalar_or_array((-d_log_z / L**2).reshape(shape))


def torus_specific_heat(L: int, T):
    """Exact specific heat per spin of the finite L × L periodic lattice (Kaufman 1949).

    Its peak, finite for every L, grows like (2/π) ln²(1 + √2) ln L and moves towards T_c from
    above (Ferdinand & Fisher 1969).
    """
    L = check_int(L, "L", minimum=2, maximum=4096)
    shape = np.shape(T)
    _, _, d2_log_z = _kaufman(L, T)
    K = 1.0 / _temperatures(T)
    return _scalar_or_array((K**2 * d2_log_z.reshape(shape)) / L**2)


@dataclass(frozen=True)
class IsingEnumeration:
    """Every state of a tiny lattice with its Boltzmann probability.

    Attributes
    ----------
    states : numpy.ndarray
        ``int8``, shape ``(2**N, L)`` or ``(2**N, L, L)``.
    energy, magnetization : numpy.ndarray
        Per spin, one value per state.
    probability : numpy.ndarray
        exp(-E/T) / Z for each state.
    """

    states: np.ndarray
    energy: np.ndarray
    magnetization: np.ndarray
    probability: np.ndarray


def enumerate_states(L: int, T: float, *, dim: int = 2, J: float = 1.0,
                     h: float = 0.0) -> IsingEnumeration:
    """List all 2**N states of a periodic lattice of N = L**dim ≤ 20 spins, exactly weighted."""
    L = check_int(L, "L", minimum=2)
    dim = check_int(dim, "dim", minimum=1, maximum=2)
    T = check_real(T, "T", minimum=0.0, exclusive_minimum=True)
    J, h = check_real(J, "J"), check_real(h, "h")
    n = L**dim
    if n > 20:
        raise ValueError(f"enumerate_states lists 2**N states, so N = L**dim must be at most "
                         f"20; got N = {n}")
    codes = np.arange(2**n)[:, None] >> np.arange(n)[None, :]
    states = np.where(codes & 1, 1, -1).astype(np.int8).reshape((2**n,) + (L,) * dim)
    bonds = _bond_sums(states, dim)
    total_m = states.reshape(2**n, n).sum(axis=1, dtype=np.int64)
    energy = -J * bonds - h * total_m
    weights = np.exp(-(energy - energy.min()) / T)
    return IsingEnumeration(states=states, energy=energy / n, magnetization=total_m / n,
                            probability=weights / weights.sum())
