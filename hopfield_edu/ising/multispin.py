"""Many independent Ising lattices at once, by multi-spin coding: replicas for error bars.

A site of 64 replicas is one 64-bit word, bit r the spin of replica r, and one sequence of
bitwise operations makes a Metropolis update of all 64 (Jacobs & Rebbi 1981; Bhanot, Duke &
Salvador 1986); each replica draws its own random numbers, so the replicas are independent
chains, and has its own acceptance thresholds, so one call runs a whole scan of temperatures.
The compiled sweep is :func:`hopfield_edu._kernels.multispin_metropolis_sweeps`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import _kernels
from .._validate import (as_generator, check_choice, check_int, check_positive_sequence,
                         check_real, check_spins)

__all__ = ["IsingReplicas", "simulate_many"]

#: Replicas per 64-bit word.
WORD = 64
#: The most lattices simulate_many runs in one call (temperatures × replicas).
MAX_LATTICES = 65536
#: The most spins, lattices × L², that simulate_many holds (its result's ``spins``, 1 byte each).
MAX_SPINS = 2**28


@dataclass(frozen=True)
class IsingReplicas:
    """What :func:`simulate_many` measured: one row per replica, one column per sweep after
    the burn-in; with several temperatures, a leading axis with one entry per temperature.

    Attributes
    ----------
    magnetization : numpy.ndarray
        The magnetisation per spin, signed, shape ``(replicas, sweeps)``, or
        ``(temperatures, replicas, sweeps)``.
    energy : numpy.ndarray
        The energy per spin, E / N, of the same shape.
    spins : numpy.ndarray
        The final configurations, ``int8``, shape ``(replicas, L, L)``, or
        ``(temperatures, replicas, L, L)``.
    T : float or numpy.ndarray
        The temperature, or the temperatures in the order given.
    L : int
    """

    magnetization: np.ndarray
    energy: np.ndarray
    spins: np.ndarray
    T: float | np.ndarray
    L: int

    @property
    def replicas(self) -> int:
        """The number of independent lattices at each temperature."""
        return self.spins.shape[-3]


def _thresholds(temperatures: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """The kernel's threshold digits for lattice 64 g + r at temperatures[64 g + r] (lattices
    past the end never flip a spin with fewer than two anti-aligned neighbours): digits[g, k]
    has bit r set where binary digit k of p = floor(exp(-4/T) 2**32) is 1, changes[g, k]
    where that digit of q = floor(exp(-8/T) 2**32) differs from p's."""
    p = np.zeros(groups * WORD, np.uint64)
    q = np.zeros(groups * WORD, np.uint64)
    p[:temperatures.size] = np.floor(np.exp(-4.0 / temperatures) * _kernels.SCALE)
    q[:temperatures.size] = np.floor(np.exp(-8.0 / temperatures) * _kernels.SCALE)
    shifts = np.arange(31, -1, -1, dtype=np.uint64)
    bits = np.arange(WORD, dtype=np.uint64)

    def pack(values):  # (groups * 64,) → (groups, 32): digit k of value 64 g + r in bit r
        digit = (values.reshape(groups, 1, WORD) >> shifts[None, :, None]) & np.uint64(1)
        return np.bitwise_or.reduce(digit << bits, axis=-1)

    digits_p = pack(p)
    return digits_p, digits_p ^ pack(q)


def simulate_many(L: int, T: float | Sequence[float], *, replicas: int = 64, sweeps: int,
                  burn_in: int = 0, start="cold", rng=None) -> IsingReplicas:
    """Run ``replicas`` independent Metropolis chains of the square-lattice ferromagnet at once,
    at one temperature or at each of several.

    Each replica is an L × L periodic lattice with J = 1, h = 0, updated by Metropolis sweeps
    in checkerboard order, as :func:`simulate` with ``algorithm="metropolis"``,
    ``order="checkerboard"`` does for one lattice; 64 lattices share each 64-bit word
    (multi-spin coding), which makes a sweep of 64 lattices several times faster than 64
    sweeps of one (``benchmarks/bench_multilattice.py``). Every replica draws its own random
    numbers, so the replicas are independent: their spread gives error bars, and their
    moments Binder's cumulant, without autocorrelation between them. Each lattice has its own
    acceptance thresholds, so lattices at different temperatures share words too, and a
    whole temperature scan costs one call. A spin flips with probability exp(-ΔE/T) rounded
    down to a multiple of 2**-32.

    Parameters
    ----------
    L : int
        Side of each lattice, even (the checkerboard needs two colours), 2 ≤ L ≤ 4096, and
        (number of lattices) × L² at most 2**28.
    T : float or sequence of float
        The temperature, > 0, in units of J / k_B, or a 1-D sequence of temperatures (for a
        scan), each run by ``replicas`` lattices of its own.
    replicas : int, optional
        How many independent lattices at each temperature, at least 1; temperatures ×
        replicas at most 65 536 (a multiple of 64 wastes no work).
    sweeps : int
        How many sweeps to record, after the burn-in.
    burn_in : int, optional
        Sweeps to run first and discard.
    start : "cold", "hot" or array, optional
        Every spin +1, independent random spins, or given lattices of ±1 of the shape of the
        result's ``spins``, ``(replicas, L, L)`` or ``(temperatures, replicas, L, L)`` (to
        continue a run: its ``spins``).
    rng : None, int or numpy.random.Generator, optional

    Returns
    -------
    IsingReplicas
        With a sequence of temperatures, every array has a leading axis, one entry per
        temperature in the order given.

    Examples
    --------
    >>> run = simulate_many(16, 3.0, replicas=64, sweeps=200, burn_in=100, rng=0)
    >>> run.energy.shape
    (64, 200)
    >>> scan = simulate_many(16, [2.0, 2.5, 3.0], replicas=32, sweeps=200, rng=0)
    >>> scan.energy.shape
    (3, 32, 200)
    """
    L = check_int(L, "L", minimum=2, maximum=4096)
    if L % 2:
        raise ValueError(f"simulate_many updates the checkerboard, which needs an even L (a "
                         f"periodic lattice of odd side has no two-colouring); got L={L}")
    scan = not isinstance(T, (int, float, np.integer, np.floating)) or isinstance(T, bool)
    if scan:
        if isinstance(T, (str, bytes)) or isinstance(T, bool):
            raise TypeError(f"T must be a temperature or a 1-D sequence of temperatures, got "
                            f"{T!r}")
        temperatures = check_positive_sequence(T, "T")
    else:
        temperatures = np.array([check_real(T, "T", minimum=0.0, exclusive_minimum=True)])
    replicas = check_int(replicas, "replicas", minimum=1, maximum=MAX_LATTICES)
    lattices = temperatures.size * replicas
    if lattices > MAX_LATTICES:
        raise ValueError(f"simulate_many runs at most {MAX_LATTICES} lattices at once, "
                         f"temperatures × replicas; got {temperatures.size} temperatures × "
                         f"replicas={replicas}")
    if lattices * L * L > MAX_SPINS:
        raise ValueError(f"simulate_many returns every lattice, temperatures × replicas × L² "
                         f"bytes; keep that at most {MAX_SPINS} (256 MiB); got "
                         f"{temperatures.size} × replicas={replicas} × L²={L * L}")
    sweeps = check_int(sweeps, "sweeps", minimum=1)
    burn_in = check_int(burn_in, "burn_in", minimum=0)
    shape = ((temperatures.size,) if scan else ()) + (replicas, L, L)
    if isinstance(start, str):
        check_choice(start, "start", ("cold", "hot"))
    else:
        given = check_spins(start, "start", ndim=len(shape), shape=str(shape))
        if given.shape != shape:
            raise ValueError(f"start must be 'cold', 'hot' or lattices of shape {shape}, "
                             f"got an array of shape {given.shape}")
        given = given.reshape(lattices, L, L)
    generator = as_generator(rng)
    lanes = _kernels.seed_lanes(_kernels.seed_state(generator))
    total = burn_in + sweeps
    groups = -(-lattices // WORD)
    digits, changes = _thresholds(np.repeat(temperatures, replicas), groups)
    ups = np.empty((groups, total, WORD), np.int64)
    bad = np.empty((groups, total, WORD), np.int64)
    bits = np.empty((groups, L, L, WORD), np.uint8)
    rows = np.arange(L)[:, None]
    columns = 2 * np.arange(L // 2)[None, :] + (rows & 1)  # sublattice a; b at columns ^ 1
    for g in range(groups):
        if isinstance(start, str) and start == "cold":
            words = np.zeros((L, L), np.uint64)
        elif isinstance(start, str):
            words = generator.integers(0, 2**64, size=(L, L), dtype=np.uint64, endpoint=False)
        else:  # bit r of a word is 1 where lattice 64 g + r has spin -1
            down = np.zeros((L, L, WORD), np.uint8)
            part = given[g * WORD:(g + 1) * WORD]
            down[:, :, :part.shape[0]] = (part < 0).transpose(1, 2, 0)
            words = np.packbits(down, axis=-1, bitorder="little").view("<u8")[:, :, 0]
            words = words.astype(np.uint64)
        a = np.ascontiguousarray(words[rows, columns])
        b = np.ascontiguousarray(words[rows, columns ^ 1])
        _kernels.multispin_metropolis_sweeps(a, b, digits[g], changes[g], total, lanes, ups[g],
                                             bad[g])
        words[rows, columns], words[rows, columns ^ 1] = a, b
        bytes_ = words.astype("<u8").view(np.uint8).reshape(L, L, WORD // 8)
        bits[g] = np.unpackbits(bytes_, axis=-1, bitorder="little")
    n = L * L
    ups = ups[:, burn_in:].transpose(0, 2, 1).reshape(groups * WORD, sweeps)[:lattices]
    bad = bad[:, burn_in:].transpose(0, 2, 1).reshape(groups * WORD, sweeps)[:lattices]
    magnetization = ((2 * ups - n) / n).reshape(shape[:-2] + (sweeps,))
    energy = (-(2 * n - 2 * bad) / n).reshape(shape[:-2] + (sweeps,))
    spins = (1 - 2 * bits.astype(np.int8)).transpose(0, 3, 1, 2)
    spins = np.ascontiguousarray(spins.reshape(groups * WORD, L, L)[:lattices].reshape(shape))
    for array in (magnetization, energy, spins):
        array.flags.writeable = False
    return IsingReplicas(magnetization=magnetization, energy=energy, spins=spins,
                         T=temperatures if scan else float(temperatures[0]), L=L)
