"""The Ising model: single-spin updates at random sites, a vectorised checkerboard, and Wolff
clusters."""

from __future__ import annotations

import math

import numpy as np

from .._validate import as_generator, check_bool, check_choice, check_int, check_real, check_spins

__all__ = ["checkerboard_metropolis", "ising_sweep", "wolff_steps"]

_SINGLE_SPIN = ("metropolis", "glauber", "heatbath")


def ising_sweep(spins, T: float, *, algorithm: str = "metropolis", J: float = 1.0,
                h: float = 0.0, attempts: int | None = None, record: bool = False,
                rng=None) -> np.ndarray:
    """Single-spin updates at random sites, one attempt at a time.

    The slow, obvious version of what :func:`hopfield_edu.ising.simulate` does fast: pick a
    site, compute the energy change of flipping it, accept by the rule of ``algorithm``
    ("metropolis", "glauber" or "heatbath"). ``attempts`` defaults to one sweep, N attempts.
    Returns the new lattice; with ``record=True``, the lattice before the first attempt and
    after each one, stacked: the chain step by step, shape ``(attempts + 1, *spins.shape)``.
    ``spins`` is left unchanged.
    """
    lattice = check_spins(spins, "spins", shape="(L,) or (L, L)")
    T = check_real(T, "T", minimum=0.0, exclusive_minimum=True)
    check_choice(algorithm, "algorithm", _SINGLE_SPIN)
    J, h = check_real(J, "J"), check_real(h, "h")
    attempts = lattice.size if attempts is None else check_int(attempts, "attempts", minimum=0)
    record = check_bool(record, "record")
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


def checkerboard_metropolis(spins, T: float, sweeps: int, *, rng=None) -> np.ndarray:
    """Metropolis sweeps of the square lattice (J = 1, h = 0), all sites of one colour at once.

    Vectorised NumPy, the way one would write it without a compiler; returns the new lattice.
    """
    lattice = check_spins(spins, "spins", ndim=2, shape="(L, L)")
    if lattice.shape[0] % 2 or lattice.shape[1] % 2:  # else a colour meets itself at the edge
        raise ValueError(f"spins must have even sides for a periodic checkerboard, got shape "
                         f"{lattice.shape}")
    T = check_real(T, "T", minimum=0.0, exclusive_minimum=True)
    sweeps = check_int(sweeps, "sweeps", minimum=0)
    generator = as_generator(rng)
    rows, columns = np.indices(lattice.shape)
    colours = [(rows + columns) % 2 == c for c in (0, 1)]
    # flip probability min(1, exp(-ΔE/T)) for ΔE = 2 s Σ neighbours, looked up by s Σ + 4
    p_flip = np.minimum(1.0, np.exp(-2.0 * np.arange(-4, 5) / T))
    for _ in range(sweeps):
        for colour in colours:
            neighbours = (np.roll(lattice, 1, 0) + np.roll(lattice, -1, 0)
                          + np.roll(lattice, 1, 1) + np.roll(lattice, -1, 1))
            flip = colour & (generator.random(lattice.shape) < p_flip[lattice * neighbours + 4])
            lattice[flip] *= -1
    return lattice


def wolff_steps(spins, T: float, steps: int, *, rng=None) -> tuple[np.ndarray, int]:
    """Wolff steps (J = 1, h = 0) on a periodic square lattice in plain NumPy.

    The cluster grows breadth first, a shell at a time: every bond from the newest shell to an
    aligned site outside the cluster is tried once, with probability 1 - exp(-2/T). Returns the
    new lattice and the number of spins flipped.
    """
    lattice = check_spins(spins, "spins", ndim=2, shape="(L, L)")
    T = check_real(T, "T", minimum=0.0, exclusive_minimum=True)
    steps = check_int(steps, "steps", minimum=0)
    generator = as_generator(rng)
    rows, length = lattice.shape
    flat = lattice.reshape(-1)
    i, j = np.divmod(np.arange(flat.size), length)
    neighbours = np.stack([i * length + (j + 1) % length, i * length + (j - 1) % length,
                           (i + 1) % rows * length + j, (i - 1) % rows * length + j], axis=1)
    p_add = -math.expm1(-2.0 / T)
    flipped = 0
    for _ in range(steps):
        seed = generator.integers(flat.size)
        spin = flat[seed]
        in_cluster = np.zeros(flat.size, dtype=bool)
        in_cluster[seed] = True
        shell = np.array([seed])
        while shell.size:
            tried = neighbours[shell].reshape(-1)
            tried = tried[(flat[tried] == spin) & ~in_cluster[tried]]
            shell = np.unique(tried[generator.random(tried.size) < p_add])
            in_cluster[shell] = True
        flat[in_cluster] = -spin
        flipped += int(in_cluster.sum())
    return lattice, flipped
