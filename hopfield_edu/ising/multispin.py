"""Many independent Ising lattices at once, by multi-spin coding: replicas for error bars.

A site of 64 replicas is one 64-bit word, bit r the spin of replica r, and one sequence of
bitwise operations makes a Metropolis update of all 64 (Jacobs & Rebbi 1981; Bhanot, Duke &
Salvador 1986); each replica draws its own random numbers, so the replicas are independent
chains. The compiled sweep is :func:`hopfield_edu._kernels.multispin_metropolis_sweeps`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import _kernels
from .._validate import as_generator, check_choice, check_int, check_real, check_spins

__all__ = ["IsingReplicas", "simulate_many"]

#: Replicas per 64-bit word.
WORD = 64
#: The most spins, replicas × L², that simulate_many holds (its result's ``spins``, 1 byte each).
MAX_SPINS = 2**28


@dataclass(frozen=True)
class IsingReplicas:
    """What :func:`simulate_many` measured: one row per replica, one column per sweep after
    the burn-in.

    Attributes
    ----------
    magnetization : numpy.ndarray
        The magnetisation per spin, signed, shape ``(replicas, sweeps)``.
    energy : numpy.ndarray
        The energy per spin, E / N, shape ``(replicas, sweeps)``.
    spins : numpy.ndarray
        The final configurations, ``int8``, shape ``(replicas, L, L)``.
    T, L
        The parameters of the run.
    """

    magnetization: np.ndarray
    energy: np.ndarray
    spins: np.ndarray
    T: float
    L: int

    @property
    def replicas(self) -> int:
        """The number of independent lattices."""
        return self.spins.shape[0]


def simulate_many(L: int, T: float, *, replicas: int = 64, sweeps: int, burn_in: int = 0,
                  start="cold", rng=None) -> IsingReplicas:
    """Run ``replicas`` independent Metropolis chains of the square-lattice ferromagnet at once.

    Each replica is an L × L periodic lattice with J = 1, h = 0, updated by Metropolis sweeps
    in checkerboard order, as :func:`simulate` with ``algorithm="metropolis"``,
    ``order="checkerboard"`` does for one lattice; 64 replicas share each 64-bit word
    (multi-spin coding), which makes a sweep of 64 lattices several times faster than 64
    sweeps of one (``benchmarks/bench_multilattice.py``). Every replica draws its own random
    numbers, so the replicas are independent: their spread gives error bars, and their
    moments Binder's cumulant, without autocorrelation between them. A spin flips with
    probability exp(-ΔE/T) rounded down to a multiple of 2**-32.

    Parameters
    ----------
    L : int
        Side of each lattice, even (the checkerboard needs two colours), 2 ≤ L ≤ 4096, and
        replicas × L² at most 2**28.
    T : float
        Temperature, > 0, in units of J / k_B; the same for every replica.
    replicas : int, optional
        How many independent lattices, 1 to 65 536; a multiple of 64 wastes no work.
    sweeps : int
        How many sweeps to record, after the burn-in.
    burn_in : int, optional
        Sweeps to run first and discard.
    start : "cold", "hot" or array, optional
        Every spin +1, independent random spins, or given lattices of ±1, shape
        ``(replicas, L, L)`` (to continue a run: its ``spins``).
    rng : None, int or numpy.random.Generator, optional

    Returns
    -------
    IsingReplicas

    Examples
    --------
    >>> run = simulate_many(16, 3.0, replicas=64, sweeps=200, burn_in=100, rng=0)
    >>> run.energy.shape
    (64, 200)
    """
    L = check_int(L, "L", minimum=2, maximum=4096)
    if L % 2:
        raise ValueError(f"simulate_many updates the checkerboard, which needs an even L (a "
                         f"periodic lattice of odd side has no two-colouring); got L={L}")
    T = check_real(T, "T", minimum=0.0, exclusive_minimum=True)
    replicas = check_int(replicas, "replicas", minimum=1, maximum=65536)
    if replicas * L * L > MAX_SPINS:
        raise ValueError(f"simulate_many returns every replica's lattice, replicas × L² bytes; "
                         f"keep replicas × L² at most {MAX_SPINS} (256 MiB); got replicas="
                         f"{replicas}, L={L}")
    sweeps = check_int(sweeps, "sweeps", minimum=1)
    burn_in = check_int(burn_in, "burn_in", minimum=0)
    if isinstance(start, str):
        check_choice(start, "start", ("cold", "hot"))
    else:
        expected = (replicas, L, L)
        given = check_spins(start, "start", ndim=3, shape=str(expected))
        if given.shape != expected:
            raise ValueError(f"start must be 'cold', 'hot' or lattices of shape {expected}, "
                             f"got an array of shape {given.shape}")
    generator = as_generator(rng)
    lanes = _kernels.seed_lanes(_kernels.seed_state(generator))
    p = math.floor(math.exp(-4.0 / T) * _kernels.SCALE)  # k = 1 anti-aligned neighbour
    q = math.floor(math.exp(-8.0 / T) * _kernels.SCALE)  # k = 0
    total = burn_in + sweeps
    groups = -(-replicas // WORD)
    ups = np.empty((groups, total, WORD), np.int64)
    bad = np.empty((groups, total, WORD), np.int64)
    bits = np.empty((groups, L, L, WORD), np.uint8)
    for g in range(groups):
        if isinstance(start, str) and start == "cold":
            words = np.zeros((L, L), np.uint64)
        elif isinstance(start, str):
            words = generator.integers(0, 2**64, size=(L, L), dtype=np.uint64, endpoint=False)
        else:  # bit r of a word is 1 where replica 64 g + r has spin -1
            down = np.zeros((L, L, WORD), np.uint8)
            part = given[g * WORD:(g + 1) * WORD]
            down[:, :, :part.shape[0]] = (part < 0).transpose(1, 2, 0)
            words = np.packbits(down, axis=-1, bitorder="little").view("<u8")[:, :, 0]
            words = np.ascontiguousarray(words, dtype=np.uint64)
        _kernels.multispin_metropolis_sweeps(words, p, q, total, lanes, ups[g], bad[g])
        bytes_ = words.astype("<u8").view(np.uint8).reshape(L, L, WORD // 8)
        bits[g] = np.unpackbits(bytes_, axis=-1, bitorder="little")
    n = L * L
    ups = ups[:, burn_in:].transpose(0, 2, 1).reshape(groups * WORD, sweeps)[:replicas]
    bad = bad[:, burn_in:].transpose(0, 2, 1).reshape(groups * WORD, sweeps)[:replicas]
    magnetization = (2 * ups - n) / n
    energy = -(2 * n - 2 * bad) / n
    spins = (1 - 2 * bits.astype(np.int8)).transpose(0, 3, 1, 2)
    spins = np.ascontiguousarray(spins.reshape(groups * WORD, L, L)[:replicas])
    for array in (magnetization, energy, spins):
        array.flags.writeable = False
    return IsingReplicas(magnetization=magnetization, energy=energy, spins=spins, T=T, L=L)
