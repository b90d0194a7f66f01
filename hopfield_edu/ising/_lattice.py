"""What the Ising modules share about a periodic lattice."""

from __future__ import annotations

import numpy as np


def sum_of_bonds(lattices: np.ndarray, dim: int):
    """Σ over the bonds of s_i s_j, each once, of the periodic lattice(s) in the last ``dim`` axes."""
    spins = lattices.astype(np.int64)
    axes = tuple(range(spins.ndim - dim, spins.ndim))
    return sum(np.sum(spins * np.roll(spins, -1, axis=axis), axis=axes) for axis in axes)
