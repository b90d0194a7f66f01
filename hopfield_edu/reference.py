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

from ._validate import (as_generator, check_array, check_binary, check_bool, check_choice,
                        check_function, check_int, check_real, check_spins, check_square,
                        check_states)
from .memory import MODES, Recall

__all__ = ["checkerboard_metropolis", "energy_recall", "exponential_recall", "head_spread",
           "hopfield_recall", "ising_sweep", "modern_energy", "modern_update", "overlap",
           "replica_symmetric_iteration", "wolff_steps"]


# --- binary memories ----------------------------------------------------------------------------


def energy_recall(energy, cue, *, values=(-1, 1), mode: str = "async", max_steps: int = 100,
                  temperature: float = 0.0, rng=None) -> Recall:
    """Recall written straight from the energy, for any binary memory.

    Each unit, in a new random order each sweep (``mode="async"``) or all from the same old
    state (``"sync"``), takes whichever of its two ``values``, (-1, 1) or (0, 1), gives the
    lower ``energy(state)``, keeping its state on a tie; at ``temperature`` T > 0 it takes the
    upper value with probability 1 / (1 + exp(-ΔE / T)). Draws from ``rng`` as
    :meth:`hopfield_edu.memory.BinaryMemory.recall` does: per sweep a permutation and, at
    T > 0, one uniform number per unit. Two energy evaluations per unit: slow, and obviously
    right.
    """
    check_function(energy, "energy(state)")
    codings = {(-1, 1): check_spins, (0, 1): check_binary}  # the two codings of a unit
    if not isinstance(values, (tuple, list)) or tuple(values) not in codings:
        raise ValueError(f"values must be (-1, 1) or (0, 1), a unit's low and high state; got "
                         f"{values!r}")
    low, high = values
    state = codings[(low, high)](cue, "cue", ndim=1)
    check_choice(mode, "mode", MODES)
    max_steps = check_int(max_steps, "max_steps", minimum=1)
    temperature = check_real(temperature, "temperature", minimum=0.0)
    generator = as_generator(rng)
    previous, cycle_length, steps = None, 0, 0

    def decide(s, i, u):
        down, up = s.copy(), s.copy()
        down[i], up[i] = low, high
        gap = energy(down) - energy(up)
        if temperature > 0:  # P(high) = 1 / (1 + e^x), which is 0 to rounding once e^x overflows
            x = -gap / temperature
            return high if x < 709.0 and u < 1.0 / (1.0 + math.exp(x)) else low
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
                    temperature: float = 0.0, scale: float = 1.0, rng=None,
                    check: bool = True) -> Recall:
    """The classical network the plain NumPy way: each unit's field is ``scale * (W[i] @ s)``.

    Asynchronous: each sweep a random order, each unit its fresh field; synchronous: all fields
    from the same state, ``W @ s``. Draws from ``rng`` as :class:`HopfieldNetwork` does. Pass
    integer Hebbian counts N·W and ``scale=1/N``, and a field that should be zero is zero.
    ``check=False`` skips checking that ``weights`` is a finite square matrix (a copy and a pass
    over N² numbers, longer than a recall at N = 4096): the benchmarks time the algorithm alone.
    """
    check_choice(mode, "mode", MODES)
    w = check_square(weights, "weights") if check_bool(check, "check") else weights
    s = check_states(cue, "cue", w.shape[0])
    max_steps = check_int(max_steps, "max_steps", minimum=1)
    temperature = check_real(temperature, "temperature", minimum=0.0)
    scale = check_real(scale, "scale", minimum=0.0, exclusive_minimum=True)
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


def exponential_recall(patterns, cue, *, beta: float = 1.0, max_steps: int = 100,
                       rng=None) -> Recall:
    """Asynchronous recall of the exponential dense memory, F(x) = exp(β x), in plain NumPy.

    Keeps the overlaps ξ^μ·σ up to date, as the kernel does, and decides each unit with
    whole-array operations over the K patterns: it takes the sign of
    Σ_μ exp(β o_μ⁺) - exp(β o_μ⁻), its overlaps with the unit up and down, shifted by their
    largest value. Draws from ``rng`` as :class:`DenseAssociativeMemory` does.
    """
    xi = check_spins(patterns, "patterns", ndim=2).astype(np.int64)
    s = check_states(cue, "cue", xi.shape[1]).astype(np.int64)
    beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)
    max_steps = check_int(max_steps, "max_steps", minimum=1)
    generator = as_generator(rng)
    overlaps = xi @ s
    steps, changed = 0, True
    while steps < max_steps and changed:
        steps, changed = steps + 1, False
        for i in generator.permutation(s.size):
            rest = overlaps - xi[:, i] * s[i]
            plus, minus = beta * (rest + xi[:, i]), beta * (rest - xi[:, i])
            top = max(plus.max(), minus.max())
            gain = np.sum(np.exp(plus - top)) - np.sum(np.exp(minus - top))
            new = 1 if gain > 0 else (-1 if gain < 0 else s[i])
            if new != s[i]:
                overlaps += 2 * new * xi[:, i]
                s[i], changed = new, True
    return Recall(state=s.astype(np.int8), converged=not changed, steps=steps,
                  cycle_length=int(not changed))


def overlap(a, b) -> float:
    """The overlap a·b / n of two ±1 patterns, one unit at a time."""
    a = check_spins(a, "a", ndim=1)
    b = check_states(b, "b", a.size)
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


# --- the phase diagram ---------------------------------------------------------------------------


def replica_symmetric_iteration(load: float, temperature: float, *, overlap: float = 1.0,
                                edwards_anderson: float = 1.0, iterations: int = 2000,
                                points: int = 200_001):
    """The replica-symmetric equations of AGS (1987) solved the textbook way: iterate

        m ← ⟨tanh β(m + √(αr) z)⟩,  q ← ⟨tanh² β(m + √(αr) z)⟩,  r = q / (1 - β(1 - q))²

    from m = ``overlap`` and q = ``edwards_anderson``, each Gaussian average a plain sum over
    ``points`` equally spaced z in [-10, 10], until nothing changes; then the free energy from
    its formula.
    Returns (m, q, r, f). The iteration converges only where the state attracts it: the
    retrieval state away from T_M, the spin glass above T = 1 (below, it circles); elsewhere it
    raises RuntimeError.
    """
    alpha = check_real(load, "load", minimum=0.0)
    beta = 1.0 / check_real(temperature, "temperature", minimum=0.0, exclusive_minimum=True)
    z = np.linspace(-10.0, 10.0, points)
    weight = np.exp(-0.5 * z * z)
    weight /= weight.sum()
    m = check_real(overlap, "overlap", minimum=0.0, maximum=1.0)
    q = check_real(edwards_anderson, "edwards_anderson", minimum=0.0, maximum=1.0)
    for _ in range(check_int(iterations, "iterations", minimum=1)):
        r = q / (1.0 - beta * (1.0 - q)) ** 2
        t = np.tanh(beta * (m + np.sqrt(alpha * r) * z))
        m_new, q_new = weight @ t, weight @ (t * t)
        if abs(m_new - m) < 1e-15 and abs(q_new - q) < 1e-15:
            break
        m, q = m_new, q_new
    else:
        raise RuntimeError(f"the iteration did not settle in {iterations} rounds at load "
                           f"{alpha:g}, temperature {1 / beta:g}")
    r = q / (1.0 - beta * (1.0 - q)) ** 2
    u = beta * (m + np.sqrt(alpha * r) * z)
    log_cosh = weight @ (np.abs(u) + np.log1p(np.exp(-2.0 * np.abs(u))))
    d = 1.0 - beta * (1.0 - q)
    f = (alpha / 2 + m * m / 2 + alpha / (2 * beta) * (np.log(d) - beta * q / d)
         + alpha * beta * r * (1.0 - q) / 2 - log_cosh / beta)
    return float(m), float(q), float(r), float(f)


# --- the modern Hopfield network ----------------------------------------------------------------


def modern_update(patterns, queries, beta: float) -> np.ndarray:
    """ξ_new = Xᵀ softmax(β X ξ) for every query (rows), scores and all, in one go."""
    X = check_array(patterns, "patterns", ndim=2, shape="(n_patterns, dim)")
    Q = check_array(queries, "queries", ndim=2, shape=f"(n_queries, {X.shape[1]})",
                    width=X.shape[1])
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
    xi = check_array(query, "query", ndim=1, shape=f"({X.shape[1]},)", width=X.shape[1])
    beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)
    lse = np.log(np.sum(np.exp(beta * X @ xi))) / beta
    return float(-lse + 0.5 * xi @ xi + np.log(len(X)) / beta
                 + 0.5 * np.max(np.sum(X**2, axis=1)))


def head_spread(Q, K, scale: float, mass: float = 0.9) -> np.ndarray:
    """For each query, add its softmax weights from the largest down until they reach ``mass``,
    and count them: one query at a time, weights from their definition."""
    Q = check_array(Q, "Q", ndim=2, shape="(n_queries, d_k)")
    K = check_array(K, "K", ndim=2, shape="(n_keys, d_k)")
    counts = []
    for q in Q:
        weights = [math.exp(scale * float(q @ k)) for k in K]
        total, held, count = sum(weights), 0.0, 0
        for w in sorted(weights, reverse=True):
            held += w
            count += 1
            if held >= mass * total * (1 - 1e-12):
                break
        counts.append(count)
    return np.array(counts)
