"""The complete graph: the Curie-Weiss model, which is a Hopfield network storing one pattern.

Its mean-field theory (exact as N → ∞) is :mod:`hopfield_edu.theory.mean_field`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import _kernels
from .._validate import as_generator, check_choice, check_int, check_real, check_spins

__all__ = ["CurieWeissRun", "simulate_curie_weiss"]


@dataclass(frozen=True)
class CurieWeissRun:
    """What :func:`simulate_curie_weiss` measured.

    Attributes
    ----------
    magnetization : numpy.ndarray
        Σ s_i / N after each sweep of N attempts.
    spins : numpy.ndarray
        The final state, ``int8``, shape ``(N,)``.
    T, h : float
        The temperature and the field of the run.
    """

    magnetization: np.ndarray
    spins: np.ndarray
    T: float
    h: float = 0.0


def simulate_curie_weiss(N: int, T: float, *, sweeps: int, burn_in: int = 0, h: float = 0.0,
                         start="cold", rng=None) -> CurieWeissRun:
    """Glauber dynamics of the Curie-Weiss model: N spins, each coupled to all others by 1/N.

    Its energy is E = -(1/N) Σ_{i<j} s_i s_j - h Σ_i s_i. Without a field it is a Hopfield
    network storing one pattern ξ, seen through the gauge transform s_i → ξ_i s_i: the
    network's overlap with ξ is this model's magnetisation. Mean-field theory is exact here for
    large N: m settles in a minimum of the free energy f(m) = -m²/2 - h m - T s(m)
    (:func:`hopfield_edu.theory.curie_weiss_free_energy`), where m = tanh((m + h) / T).
    ``start`` is "cold" (all +1), "hot" (random) or an array of N spins.
    """
    N = check_int(N, "N", minimum=2)
    T = check_real(T, "T", minimum=0.0, exclusive_minimum=True)
    h = check_real(h, "h")
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
    _kernels.curie_weiss_sweeps(spins, 1.0 / T, h, burn_in + sweeps,
                                _kernels.seed_state(generator), int(spins.sum(dtype=np.int64)),
                                sums)
    magnetization = sums[burn_in:] / N
    magnetization.flags.writeable = False
    spins.flags.writeable = False
    return CurieWeissRun(magnetization=magnetization, spins=spins, T=T, h=h)
