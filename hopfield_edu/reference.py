"""The slow, obvious versions: every algorithm of the course written plainly in NumPy.

Each function here does what a fast part of the library does, the way a textbook would write
it: a recall that asks the energy which state of a unit is lower, a Metropolis step that
computes the energy change of a flip, an update that builds the softmax from its definition.
They are for reading, and for checking: the tests hold every compiled kernel to them (drawing
the same random numbers, a kernel must give the same states), and the benchmarks measure the
library against them in the same run.
"""

from __future__ import annotations

import math

import numpy as np

from . import _kernels
from ._validate import (as_generator, check_array, check_binary, check_bool, check_choice,
                        check_int, check_real, check_spins)
from .memory import MODES, Recall

__all__ = ["cd_epoch", "checkerboard_metropolis", "energy_recall", "gibbs_sweeps",
           "hopfield_recall", "ising_sweep", "modern_energy", "modern_update", "overlap",
           "wolff_steps"]


# --- binary memories ----------------------------------------------------------------------------


def energy_recall(energy, cue, *, values=(-1, 1), mode: str = "async", max_steps: int = 100,
                  temperature: float = 0.0, rng=None) -> Recall:
    """Recall written straight from the energy, for any binary memory.

    Each unit, in a new random order each sweep (``mode="async"``) or all from the same old
    state (``"sync"``), takes whichever of its two ``values`` gives the lower ``energy(state)``,
    keeping its state on a tie; at ``temperature`` T > 0 it takes the upper value with
    probability 1 / (1 + exp(-ΔE / T)). Draws from ``rng`` as
    :meth:`hopfield_edu.memory.BinaryMemory.recall` does: per sweep a permutation and, at
    T > 0, one uniform number per unit. Two energy evaluations per unit: slow, and obviously
    right.
    """
    check_choice(mode, "mode", MODES)
    max_steps = check_int(max_steps, "max_steps", minimum=1)
    temperature = check_real(temperature, "temperature", minimum=0.0)
    generator = as_generator(rng)
    low, high = values
    state = np.array(cue, dtype=np.int8)
    previous, cycle_length, steps = None, 0, 0

    def decide(s, i, u):
        down, up = s.copy(), s.copy()
        down[i], up[i] = low, high
        gap = energy(down) - energy(up)
        if temperature > 0:
            return high if u < 1.0 / (1.0 + math.exp(-gap / temperature)) else low
        return high if gap > 0 else (low if gap < 0 else s[i])

    while steps < max_steps and not cycle_length:
        steps += 1
        if mode == "async":
            order = generator.permutation(state.size)
            uniforms = generator.random(state.size) if temperature > 0 else np.zeros(state.size)
            old = state.copy()
            for t, i in enumerate(order):
                state[i] = decide(state, i, uniforms[t])
            settled = np.array_equal(old, state)
            came_back = False
        else:
            uniforms = generator.random(state.size) if temperature > 0 else np.zeros(state.size)
            new = np.array([decide(state, i, uniforms[i]) for i in range(state.size)], np.int8)
            settled = np.array_equal(new, state)
            came_back = previous is not None and np.array_equal(new, previous)
            previous, state = state, new
        if temperature == 0:
            cycle_length = 1 if settled else (2 if came_back else 0)
    return Recall(state=state, converged=cycle_length > 0, steps=steps, cycle_length=cycle_length)


def hopfield_recall(weights, cue, *, mode: str = "async", max_steps: int = 100,
                    temperature: float = 0.0, scale: float = 1.0, rng=None) -> Recall:
    """The classical network the plain NumPy way: each unit's field is ``scale * (W[i] @ s)``.

    Asynchronous: each sweep a random order, each unit its fresh field; synchronous: all fields
    from the same state, ``W @ s``. Draws from ``rng`` as :class:`HopfieldNetwork` does. Pass
    integer Hebbian counts N·W and ``scale=1/N``, and a field that should be zero is zero.
    """
    check_choice(mode, "mode", MODES)
    w = check_array(weights, "weights", ndim=2, shape="(n, n)")
    s = check_spins(cue, "cue", ndim=1)
    max_steps = check_int(max_steps, "max_steps", minimum=1)
    temperature = check_real(temperature, "temperature", minimum=0.0)
    generator = as_generator(rng)
    previous, cycle_length, steps = None, 0, 0
    while steps < max_steps and not cycle_length:
        steps += 1
        old = s.copy()
        if mode == "async":
            order = generator.permutation(s.size)
            uniforms = generator.random(s.size) if temperature > 0 else None
            for t, i in enumerate(order):
                h = scale * (w[i] @ s)
                if temperature > 0:
                    s[i] = 1 if uniforms[t] < 1 / (1 + np.exp(-2 * h / temperature)) else -1
                elif h != 0:
                    s[i] = 1 if h > 0 else -1
        else:
            h = scale * (w @ s)
            if temperature > 0:
                s = np.where(generator.random(s.size) < 1 / (1 + np.exp(-2 * h / temperature)),
                             1, -1).astype(np.int8)
            else:
                s = np.where(h > 0, 1, np.where(h < 0, -1, s)).astype(np.int8)
        came_back = mode == "sync" and previous is not None and np.array_equal(s, previous)
        previous = old
        if temperature == 0:
            cycle_length = 1 if np.array_equal(s, old) else (2 if came_back else 0)
    return Recall(state=s, converged=cycle_length > 0, steps=steps, cycle_length=cycle_length)


def overlap(a, b) -> float:
    """The overlap a·b / n of two ±1 patterns, one unit at a time."""
    a, b = check_spins(a, "a", ndim=1), check_spins(b, "b", ndim=1)
    return sum(int(x) * int(y) for x, y in zip(a, b)) / len(a)


# --- the Ising model ----------------------------------------------------------------------------

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
    lattice = check_spins(spins, "spins", ndim=(1, 2)).copy()
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
    lattice = check_spins(spins, "spins", ndim=2).copy()
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
    lattice = check_spins(spins, "spins", ndim=2).copy()
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


# --- the modern Hopfield network ----------------------------------------------------------------


def modern_update(patterns, queries, beta: float) -> np.ndarray:
    """ξ_new = Xᵀ softmax(β X ξ) for every query (rows), scores and all, in one go."""
    X = check_array(patterns, "patterns", ndim=2, shape="(n_patterns, dim)")
    Q = check_array(queries, "queries", ndim=2, shape="(n_queries, dim)")
    beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)
    scores = beta * (Q @ X.T)
    scores -= scores.max(axis=1, keepdims=True)
    weights = np.exp(scores)
    return (weights / weights.sum(axis=1, keepdims=True)) @ X


def modern_energy(patterns, query, beta: float) -> float:
    """Ramsauer et al. (2020), Eq. 2, written out: -lse(β, Xξ) + ½ξᵀξ + β⁻¹ ln N + ½M².

    Without the shift by the largest score, so it overflows once β x·ξ passes about 700.
    """
    X = check_array(patterns, "patterns", ndim=2, shape="(n_patterns, dim)")
    xi = check_array(query, "query", ndim=1, shape="(dim,)")
    beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)
    lse = np.log(np.sum(np.exp(beta * X @ xi))) / beta
    return float(-lse + 0.5 * xi @ xi + np.log(len(X)) / beta
                 + 0.5 * np.max(np.sum(X**2, axis=1)))


# --- Boltzmann machines -------------------------------------------------------------------------


def gibbs_sweeps(couplings, biases, states, sweeps: int, *, temperature: float = 1.0,
                 rng=None) -> np.ndarray:
    """Sequential Gibbs sweeps of a fully visible Boltzmann machine, one unit at a time.

    Each sweep, each chain (a row of ``states``, ±1) in turn, each unit i in order: its field is
    h_i = b_i + Σ_j J_ij s_j, kept up to date as units flip, and it becomes +1 when a uniform
    32-bit integer u is below 2**32 / (1 + exp(-2 h_i / T)). The chains go in blocks of
    ``CHAIN_BLOCK``, each block for all the sweeps; the numbers come from the kernel's generator
    seeded from ``rng``, one buffer per block and sweep of which unit i of the block's chain c
    takes number i·m + c (m chains in the block), as
    :meth:`hopfield_edu.boltzmann.BoltzmannMachine.sample` draws them, so the two give the same
    states. Returns the new states; ``states`` is left unchanged.
    """
    J = check_array(couplings, "couplings", ndim=2, shape="(n, n)")
    b = check_array(biases, "biases", ndim=1, shape="(n,)")
    chains = check_spins(states, "states", ndim=2).copy()
    sweeps = check_int(sweeps, "sweeps", minimum=0)
    two_beta = 2.0 / check_real(temperature, "temperature", minimum=0.0, exclusive_minimum=True)
    rng_state = _kernels.seed_state(as_generator(rng))
    n = chains.shape[1]
    for first in range(0, len(chains), _kernels.CHAIN_BLOCK):
        block = chains[first:first + _kernels.CHAIN_BLOCK]
        fields = []
        for s in block:
            h = b.copy()
            for i in range(n):
                h += s[i] * J[i]
            fields.append(h)
        m = len(block)
        u = np.empty((m * n + 3) // 4 * 4, np.uint32)
        for _ in range(sweeps):
            _kernels.uniform32(rng_state, u)
            for c, (s, h) in enumerate(zip(block, fields)):
                for i in range(n):
                    up = u[i * m + c] < _kernels.SCALE / (1.0 + math.exp(-two_beta * h[i]))
                    new = 1 if up else -1
                    if new != s[i]:
                        s[i] = new
                        h += (2.0 * new) * J[i]
    return chains


def cd_epoch(weights, visible_bias, hidden_bias, data, *, learning_rate: float,
             batch_size: int, rng=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One epoch of CD-1 training of an RBM of 0/1 units, the way NumPy is usually written.

    In a random order, a mini-batch at a time: hidden probabilities and a sample from the data,
    a sampled reconstruction of the visible units, its hidden probabilities, and a step of
    ``learning_rate`` along (v0ᵀ p(h|v0) - v1ᵀ p(h|v1)) / batch for the weights and the mean
    differences for the biases. No momentum, no weight decay. Returns new parameters.
    """
    W = check_array(weights, "weights", ndim=2, shape="(n_visible, n_hidden)").copy()
    a = check_array(visible_bias, "visible_bias", ndim=1, shape="(n_visible,)").copy()
    b = check_array(hidden_bias, "hidden_bias", ndim=1, shape="(n_hidden,)").copy()
    v = check_binary(data, "data", ndim=2).astype(np.float64)
    generator = as_generator(rng)
    order = generator.permutation(len(v))
    for start in range(0, len(v), batch_size):
        v0 = v[order[start:start + batch_size]]
        p0 = 1.0 / (1.0 + np.exp(-(v0 @ W + b)))
        h0 = (generator.random(p0.shape) < p0).astype(np.float64)
        pv = 1.0 / (1.0 + np.exp(-(h0 @ W.T + a)))
        v1 = (generator.random(pv.shape) < pv).astype(np.float64)
        p1 = 1.0 / (1.0 + np.exp(-(v1 @ W + b)))
        W += learning_rate * (v0.T @ p0 - v1.T @ p1) / len(v0)
        a += learning_rate * (v0 - v1).mean(axis=0)
        b += learning_rate * (p0 - p1).mean(axis=0)
    return W, a, b
