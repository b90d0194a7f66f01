"""Monte Carlo simulation of the Ising model on a periodic chain or square lattice.

Metropolis, Glauber and heat-bath single-spin dynamics (on the checkerboard or at random
sites) and Wolff's cluster algorithm, all compiled (:mod:`hopfield_edu._kernels.ising`); the
slow, obvious version is :func:`hopfield_edu.reference.ising_sweep`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import _kernels
from .._validate import (as_generator, check_choice, check_int, check_options, check_real,
                         check_spins)
from ._lattice import sum_of_bonds

__all__ = ["ALGORITHMS", "ORDERS", "IsingRun", "lattice_energy", "sample_configurations",
           "simulate"]

#: The Monte Carlo algorithms of :func:`simulate`.
ALGORITHMS = ("metropolis", "glauber", "heatbath", "wolff")
#: The orders in which the single-spin algorithms visit the sites.
ORDERS = ("auto", "checkerboard", "random")

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
    expected = (L,) * dim
    spins = check_spins(start, "start", ndim=dim, shape=str(expected))
    if spins.shape != expected:
        raise ValueError(f"start must be 'cold', 'hot' or a lattice of shape {expected}, got "
                         f"an array of shape {spins.shape}")
    return spins.reshape(shape).copy()


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
    state = _kernels.seed_state(generator)
    vertical = int(dim == 2)
    total = burn_in + sweeps
    spin_sums = np.empty(total, dtype=np.int64)
    bond_sums = np.empty(total, dtype=np.int64)
    total_m = int(lattice.sum(dtype=np.int64))
    total_bonds = int(sum_of_bonds(lattice.reshape((L,) * dim), dim))
    cluster_size = None

    if algorithm == "wolff":
        add = np.uint64(round(-math.expm1(-2.0 * J / T) * _kernels.SCALE))
        sizes = np.empty(total, dtype=np.int64)
        _kernels.wolff_steps(lattice, vertical, add, total, state, total_m, total_bonds,
                             spin_sums, bond_sums, sizes)
        cluster_size = sizes[burn_in:]
    else:
        table = _kernels.flip_table(algorithm, 1.0 / T, J, h, 2 + 2 * vertical)
        heat_bath = algorithm == "heatbath"
        if order == "auto":
            order = "checkerboard" if dim == 2 and L % 2 == 0 else "random"
        if order == "checkerboard":  # update the two sublattices of the checkerboard in turn
            rows = np.arange(lattice.shape[0])[:, None]
            columns = 2 * np.arange(L // 2)[None, :] + (rows & 1)
            a = np.ascontiguousarray(lattice[rows, columns])
            b = np.ascontiguousarray(lattice[rows, columns ^ 1])
            _kernels.checkerboard_sweeps(a, b, vertical, table, heat_bath, total,
                                         _kernels.seed_lanes(state), total_m, total_bonds,
                                         spin_sums, bond_sums)
            lattice[rows, columns] = a
            lattice[rows, columns ^ 1] = b
        else:
            _kernels.random_site_sweeps(lattice, vertical, table, heat_bath, total,
                                        state, total_m, total_bonds, spin_sums, bond_sums)

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
    check_options(options, simulate, taken=("L", "T", "sweeps", "burn_in"))
    options["rng"] = as_generator(options.get("rng"))
    run = simulate(L, T, sweeps=1, burn_in=burn_in, **options)
    configurations = [run.spins]
    options.pop("start", None)
    for _ in range(samples - 1):
        run = simulate(L, T, sweeps=sweeps_between, start=run.spins, **options)
        configurations.append(run.spins)
    return np.stack(configurations)


def lattice_energy(spins, *, J: float = 1.0, h: float = 0.0) -> float:
    """The total energy E = -J Σ_<ij> s_i s_j - h Σ_i s_i of a periodic chain or square lattice.

    Each nearest-neighbour bond is counted once; the lattice wraps around at its edges. Note
    that :class:`IsingRun` reports the energy *per spin*, E / N.
    """
    lattice = check_spins(spins, "spins", shape="(L,) or (L, L)").astype(np.int64)
    J, h = check_real(J, "J"), check_real(h, "h")
    return float(-J * sum_of_bonds(lattice, lattice.ndim) - h * int(lattice.sum()))
