"""Every state of a tiny lattice, exactly weighted: the Boltzmann distribution by enumeration."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import check_int, check_real
from ._lattice import sum_of_bonds

__all__ = ["IsingEnumeration", "enumerate_states"]


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
    bonds = sum_of_bonds(states, dim)
    total_m = states.reshape(2**n, n).sum(axis=1, dtype=np.int64)
    energy = -J * bonds - h * total_m
    weights = np.exp(-(energy - energy.min()) / T)
    return IsingEnumeration(states=states, energy=energy / n, magnetization=total_m / n,
                            probability=weights / weights.sum())
