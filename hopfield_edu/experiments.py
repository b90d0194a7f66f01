"""Measurements on Hopfield networks: errors, capacity, basins of attraction, spurious states.

Each experiment draws its own random patterns from ``rng`` and returns a small result with the
numbers a figure needs; the notebooks set these against the theory in :mod:`hopfield_edu.theory`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import (as_generator, check_array, check_bool, check_fraction, check_int,
                        check_options, check_positive_sequence, check_spins, check_square)
from .dense import DenseAssociativeMemory
from .hopfield import HopfieldNetwork
from .patterns import flip, random_patterns

__all__ = ["CapacityCurve", "RETRIEVED", "basin_curve", "capacity_curve", "dense_stable_fraction",
           "error_free_fraction", "mean_and_error", "mixture_state", "one_step_error",
           "one_update_correction", "stable_fraction"]

#: A recall counts as a retrieval when its final overlap with the target exceeds this. Below
#: α_c the retrieval state has m ≥ 0.967 (AGS); beyond it recall ends far lower.
RETRIEVED = 0.9


class _Progress:
    """A progress bar while an experiment runs in a Jupyter kernel; nothing anywhere else."""

    def __init__(self, total: int, description: str, show: bool):
        self.bar = None
        if show:
            try:
                from IPython import get_ipython
            except ImportError:  # pragma: no cover - IPython comes with ipywidgets
                return
            shell = get_ipython()
            if shell is not None and getattr(shell, "kernel", None) is not None:
                import ipywidgets
                from IPython.display import display

                self.bar = ipywidgets.IntProgress(value=0, max=total, description=description)
                display(self.bar)

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.value += 1


def _final_overlaps(states: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """The overlap of each final state (row) with its target, exact in integers."""
    return np.einsum("ij,ij->i", states, targets, dtype=np.int64) / states.shape[1]


def mean_and_error(values, *, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The mean of ``values`` along ``axis`` (one entry per network, seed or run) and its
    standard error, the sample standard deviation over √n: what an error bar on an averaged
    curve shows. Needs at least two entries along ``axis``."""
    array = check_array(values, "values", ndim=None)
    if array.ndim == 0:
        raise ValueError(f"values must be an array of measurements, got the single number "
                         f"{float(array):g}")
    axis = check_int(axis, "axis", minimum=-array.ndim, maximum=array.ndim - 1)
    count = array.shape[axis]
    if count < 2:
        raise ValueError(f"values must hold at least 2 entries along axis {axis} to have a "
                         f"standard error, got {count}")
    return array.mean(axis=axis), array.std(axis=axis, ddof=1) / np.sqrt(count)


def _loads(loads) -> np.ndarray:
    return check_positive_sequence(loads, "loads")


def one_step_error(n_neurons: int, n_patterns: int, *, trials: int = 10, rng=None) -> float:
    """The fraction of bits of stored patterns that one synchronous update flips.

    Stores ``n_patterns`` random patterns with Hebb's rule, updates every stored pattern once,
    and counts the units whose field disagrees with their bit, over ``trials`` networks. Theory:
    :func:`hopfield_edu.theory.bit_error_probability` of the load p/N.
    """
    n = check_int(n_neurons, "n_neurons", minimum=2)
    p = check_int(n_patterns, "n_patterns", minimum=1)
    trials = check_int(trials, "trials", minimum=1)
    generator = as_generator(rng)
    errors = 0
    for _ in range(trials):  # a zero field keeps the bit: not an error
        errors += int(np.sum(_pattern_stabilities(random_patterns(p, n, rng=generator)) < 0))
    return errors / (trials * p * n)


def _pattern_stabilities(xi: np.ndarray) -> np.ndarray:
    """ξ_i h_i times N for every unit of every stored pattern (Hebb, zero diagonal)."""
    x = xi.astype(np.float64)
    return ((x @ x.T) @ x - xi.shape[0] * x) * x


def stable_fraction(weights, patterns) -> float:
    """The fraction of ``patterns`` (rows of ±1) that are exact fixed points of ``weights``:
    every unit agrees with the sign of its field, or has a field of exactly zero.

    Row i of ``weights`` holds unit i's couplings, h_i = Σ_j W_ij s_j, so asymmetric couplings
    (perceptron learning, :mod:`hopfield_edu.perceptron`) are measured right too.
    """
    xi = check_spins(patterns, "patterns", ndim=2)
    w = check_square(weights, "weights", size=xi.shape[1])
    fields = xi @ (w if np.array_equal(w, w.T) else w.T)  # ξ W = (W ξ)ᵀ when W is symmetric
    return float(np.mean(np.all((fields * xi > 0) | (fields == 0), axis=1)))


def error_free_fraction(n_neurons: int, n_patterns: int, *, trials: int = 10,
                        rng=None) -> tuple[float, float]:
    """How often stored patterns are exact fixed points: of the patterns, and of the networks.

    Returns the fraction of stored patterns with every unit stable, and the fraction of
    networks in which all patterns are. McEliece et al. (1987): most patterns are exact while
    p ≲ N / (2 ln N), all of them while p ≲ N / (4 ln N).
    """
    n = check_int(n_neurons, "n_neurons", minimum=2)
    p = check_int(n_patterns, "n_patterns", minimum=1)
    trials = check_int(trials, "trials", minimum=1)
    generator = as_generator(rng)
    exact_patterns, exact_networks = 0, 0
    for _ in range(trials):
        stable = np.all(_pattern_stabilities(random_patterns(p, n, rng=generator)) >= 0, axis=1)
        exact_patterns += int(stable.sum())
        exact_networks += bool(stable.all())
    return exact_patterns / (trials * p), exact_networks / trials


@dataclass(frozen=True)
class CapacityCurve:
    """What :func:`capacity_curve` measured, one row per network size, one column per load.

    Attributes
    ----------
    sizes : numpy.ndarray
    loads : numpy.ndarray
        α = p / N.
    overlap : numpy.ndarray
        Mean final overlap with the target pattern, shape ``(len(sizes), len(loads))``.
    retrieval_rate : numpy.ndarray
        Fraction of recalls that ended with overlap above :data:`RETRIEVED`.
    overlap_error, retrieval_rate_error : numpy.ndarray
        Their standard errors over the networks (the spread of the per-network means over
        √trials; NaN with a single network).
    """

    sizes: np.ndarray
    loads: np.ndarray
    overlap: np.ndarray
    retrieval_rate: np.ndarray
    overlap_error: np.ndarray
    retrieval_rate_error: np.ndarray


def capacity_curve(sizes, loads, *, trials: int = 10, recalls: int | None = 20,
                   cue_noise: float = 0.0, rng=None, progress: bool = True) -> CapacityCurve:
    """Recall stored patterns at each load α = p/N and measure how well they survive.

    For every size N and load α: ``trials`` networks, each storing round(α N) random patterns
    with Hebb's rule; from ``recalls`` of its stored patterns (all of them when None), each with
    a fraction ``cue_noise`` of its bits flipped, asynchronous recall runs to a fixed point.
    In Jupyter a progress bar counts the networks (``progress=False`` hides it).

    Returns
    -------
    CapacityCurve
    """
    sizes = np.atleast_1d(sizes)
    if sizes.ndim != 1 or sizes.size == 0:
        raise ValueError(f"sizes must be a non-empty 1-D sequence of network sizes, got shape "
                         f"{sizes.shape}")
    sizes = np.array([check_int(n, "sizes", minimum=2) for n in sizes])
    loads = _loads(loads)
    trials = check_int(trials, "trials", minimum=1)
    if recalls is not None:
        recalls = check_int(recalls, "recalls", minimum=1)
    cue_noise = check_fraction(cue_noise, "cue_noise")
    generator = as_generator(rng)
    bar = _Progress(sizes.size * loads.size * trials, "networks",
                    check_bool(progress, "progress"))
    shape = (sizes.size, loads.size)
    mean_overlap, rate = np.zeros(shape), np.zeros(shape)
    overlap_error, rate_error = np.full(shape, np.nan), np.full(shape, np.nan)
    for a, n in enumerate(sizes):
        for b, alpha in enumerate(loads):
            p = max(1, int(round(alpha * n)))
            finals = []  # one row of final overlaps per network
            for _ in range(trials):
                finals.append(_recalled_overlaps(n, p, recalls, cue_noise, generator))
                bar.advance()
            finals = np.array(finals)
            mean_overlap[a, b] = finals.mean()
            rate[a, b] = np.mean(finals > RETRIEVED)
            if trials > 1:  # the spread of the networks' own means
                overlap_error[a, b] = finals.mean(axis=1).std(ddof=1) / np.sqrt(trials)
                rate_error[a, b] = (finals > RETRIEVED).mean(axis=1).std(ddof=1) / np.sqrt(trials)
    return CapacityCurve(sizes=sizes, loads=loads, overlap=mean_overlap, retrieval_rate=rate,
                         overlap_error=overlap_error, retrieval_rate_error=rate_error)


def _recalled_overlaps(n: int, p: int, recalls: int | None, cue_noise: float,
                       generator: np.random.Generator) -> np.ndarray:
    """One network of :func:`capacity_curve`: the final overlaps of its recalls. (A function
    of its own, so that the network and its counts, 128 MB at N = 8192, are freed before the
    next network's patterns are drawn.)"""
    xi = random_patterns(p, n, rng=generator)
    network = HopfieldNetwork.from_patterns(xi)
    chosen = (np.arange(p) if recalls is None
              else generator.choice(p, min(p, recalls), replace=False))
    targets = xi[chosen]
    cues = flip(targets, cue_noise, rng=generator) if cue_noise else targets
    return _final_overlaps(network.recall(cues, rng=generator).state, targets)


def basin_curve(n_neurons: int, n_patterns: int, noise_levels, *, trials: int = 10,
                recalls: int = 10, rule: str = "hebbian", rng=None,
                progress: bool = True) -> np.ndarray:
    """Retrieval rate against the fraction of flipped bits in the cue: the basin of attraction.

    For each noise level, ``trials`` networks storing ``n_patterns`` random patterns with
    ``rule`` ("hebbian", "storkey" or "pseudoinverse") recall
    ``recalls`` of them from cues with that fraction of bits flipped. Returns one rate per level.
    In Jupyter a progress bar counts the networks (``progress=False`` hides it).
    """
    n = check_int(n_neurons, "n_neurons", minimum=2)
    p = check_int(n_patterns, "n_patterns", minimum=1)
    levels = [check_fraction(level, "noise_levels") for level in np.atleast_1d(check_array(
        noise_levels, "noise_levels", ndim=(0, 1), shape="(n_levels,), a fraction per level"))]
    trials = check_int(trials, "trials", minimum=1)
    recalls = check_int(recalls, "recalls", minimum=1)
    generator = as_generator(rng)
    bar = _Progress(trials, "networks", check_bool(progress, "progress"))
    rates = np.zeros(len(levels))
    for _ in range(trials):
        xi = random_patterns(p, n, rng=generator)
        network = HopfieldNetwork.from_patterns(xi, rule=rule)
        for b, level in enumerate(levels):
            targets = xi[generator.choice(p, min(p, recalls), replace=False)]
            states = network.recall(flip(targets, level, rng=generator), rng=generator).state
            rates[b] += np.sum(_final_overlaps(states, targets) > RETRIEVED)
        bar.advance()
    return rates / (trials * min(p, recalls))


def mixture_state(patterns) -> np.ndarray:
    """The symmetric mixture sgn(ξ¹ + ξ² + ξ³) of an odd number of patterns (rows).

    For three random patterns it has overlap ½ with each and energy -3N/8 in a Hebbian network
    of just those three, against -N/2 for a stored pattern: a spurious attractor (Amit,
    Gutfreund & Sompolinsky 1985).
    """
    xi = check_spins(patterns, "patterns", ndim=2)
    if xi.shape[0] % 2 == 0:
        raise ValueError(f"patterns must be an odd number of rows, so that their sum is never "
                         f"zero; got {xi.shape[0]}")
    return np.sign(xi.sum(axis=0, dtype=np.int64)).astype(np.int8)


def dense_stable_fraction(n_neurons: int, n_patterns: int, *, trials: int = 5, rng=None,
                          **memory) -> float:
    """The fraction of stored random patterns that are exact fixed points of a dense memory.

    ``memory`` takes the keyword arguments of :class:`hopfield_edu.dense.DenseAssociativeMemory`
    (``degree``, ``interaction``, ``rectified``, ``beta``). A pattern is a fixed point when a
    sweep from it changes nothing.
    """
    n = check_int(n_neurons, "n_neurons", minimum=2)
    p = check_int(n_patterns, "n_patterns", minimum=1)
    trials = check_int(trials, "trials", minimum=1)
    check_options(memory, DenseAssociativeMemory, taken=("patterns",))
    generator = as_generator(rng)
    stable = 0
    for _ in range(trials):
        xi = random_patterns(p, n, rng=generator)
        network = DenseAssociativeMemory(xi, **memory)
        stable += sum(network.recall(x, max_steps=1, rng=generator).cycle_length == 1
                      for x in xi)
    return stable / (trials * p)


def one_update_correction(n_neurons: int, n_patterns: int, flipped: float, *, recalls: int = 20,
                          rng=None, **memory) -> float:
    """The fraction of cues, stored patterns with a fraction ``flipped`` of their bits flipped,
    that one asynchronous sweep of a dense memory restores exactly.

    Demircigil et al. (2017): with F(x) = exp(x), as N → ∞, this succeeds for every stored
    pattern with a probability tending to 1 while p < exp(α N) with
    α < I(1 - 2ρ) / 2, I(x) = ½[(1 + x) ln(1 + x) + (1 - x) ln(1 - x)], ρ the flipped fraction.
    """
    n = check_int(n_neurons, "n_neurons", minimum=2)
    p = check_int(n_patterns, "n_patterns", minimum=1)
    flipped = check_fraction(flipped, "flipped")
    recalls = check_int(recalls, "recalls", minimum=1)
    check_options(memory, DenseAssociativeMemory, taken=("patterns",))
    generator = as_generator(rng)
    xi = random_patterns(p, n, rng=generator)
    network = DenseAssociativeMemory(xi, **memory)
    chosen = generator.choice(p, min(p, recalls), replace=False)
    restored = 0
    for k in chosen:
        state = network.recall(flip(xi[k], flipped, rng=generator), max_steps=1,
                               rng=generator).state
        restored += np.array_equal(state, xi[k])
    return restored / len(chosen)
