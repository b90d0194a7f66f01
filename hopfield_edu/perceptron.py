"""Perceptron learning of the couplings: every unit learns to keep its own bit of every pattern.

Unit i of a network is a perceptron: from the other units' states in pattern ξ^μ it must
produce its own bit, sgn(Σ_{j≠i} J_ij ξ_j^μ) = ξ_i^μ. Every pattern is a fixed point exactly
when all N perceptrons are solved, and each unit's problem is separate from the others', so
the couplings J_ij and J_ji are learned independently: they are not symmetric. How well a
unit is solved is measured by the stabilities Δ_i^μ = ξ_i^μ Σ_j J_ij ξ_j^μ / |J_i| (Gardner
1988): every pattern is stable with margin κ when all Δ_i^μ > κ, and a larger margin leaves
room for noise in a cue.

Three rules, each a learning rule local to the unit:

- ``"perceptron"``: present the patterns in a random order each epoch and add ξ_i^μ ξ^μ / N to
  J_i whenever Δ_i^μ ≤ κ. Gardner (1988) proved that it stops whenever couplings with a margin
  above κ exist (Rosenblatt's perceptron convergence theorem for κ = 0);
- ``"minover"``: always add the least stable pattern (Krauth & Mézard 1987); as the number of
  updates grows it approaches the couplings of the largest margin;
- ``"diederich_opper"``: move J_i by (1 - ξ_i^μ h_i^μ) ξ_i^μ ξ^μ / N, so that every ξ_i^μ h_i^μ
  tends to 1 (Diederich & Opper 1987): the projection rule, reached by a local rule, unit by
  unit and with J_ii = 0 (not quite :func:`hopfield_edu.hopfield.pseudoinverse`, which projects
  and then deletes the diagonal). It needs linearly independent patterns (p < N).

For random unbiased patterns couplings with margin κ exist up to α = p/N = α_c(κ), 2 at κ = 0
(Gardner 1988; :func:`hopfield_edu.theory.gardner_capacity`); beyond it the perceptron never
stops, so every run has a cap on its epochs. Since the couplings are asymmetric, the network
they make is an :class:`hopfield_edu.asymmetric.AsymmetricNetwork`: dynamics without an energy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _kernels
from ._validate import (as_generator, check_choice, check_int, check_positive, check_real,
                        check_spins, check_square)
from .patterns import random_patterns

__all__ = ["RULES", "LearnedCouplings", "PerceptronScan", "learn_couplings", "perceptron_scan",
           "stabilities"]

#: The learning rules of :func:`learn_couplings`.
RULES = ("perceptron", "minover", "diederich_opper")

#: The most overlaps of patterns the learners keep (p × p of them, 4 bytes each: 1 GB).
_MAX_OVERLAPS = 2**28


@dataclass(frozen=True)
class LearnedCouplings:
    """The result of :func:`learn_couplings`.

    Attributes
    ----------
    couplings : numpy.ndarray
        ``(N, N)`` float64, read-only: row i holds unit i's couplings J_ij (its field is
        h_i = Σ_j J_ij s_j), zero on the diagonal; not symmetric.
    solved : numpy.ndarray
        ``(N,)`` bool: whether unit i reached its goal (every stability above κ; for the
        Diederich-Opper rule every ξ_i h_i within ``tolerance`` of 1) within the cap.
    epochs : numpy.ndarray
        ``(N,)`` int: the epochs in which unit i's couplings changed. A solved unit would be
        solved by any cap of at least this many epochs: the run does not depend on the cap.
    margins : numpy.ndarray
        ``(N,)`` float: each unit's smallest stability min_μ Δ_i^μ.
    """

    couplings: np.ndarray
    solved: np.ndarray
    epochs: np.ndarray
    margins: np.ndarray

    @property
    def all_solved(self) -> bool:
        """Whether every unit was solved: then every pattern is a fixed point."""
        return bool(self.solved.all())


def _patterns(patterns) -> np.ndarray:
    xi = check_spins(patterns, "patterns", ndim=(1, 2)).reshape(-1, np.shape(patterns)[-1])
    p, n = xi.shape
    if n < 2:
        raise ValueError(f"patterns must have at least 2 units, so that a unit has inputs; got "
                         f"{n}")
    if p * p > _MAX_OVERLAPS:
        raise ValueError(f"patterns: the learners keep the p × p overlaps of the patterns, "
                         f"which for p = {p} would take {4 * p * p / 1e9:.0f} GB; store at most "
                         f"{int(np.sqrt(_MAX_OVERLAPS))} patterns")
    return xi


def _overlaps(xi: np.ndarray) -> np.ndarray:
    """ξ^μ·ξ^ν for every pair, exact: integer partial sums below 2**24 in float32 BLAS."""
    x = xi.astype(np.float32)
    return (x @ x.T).astype(np.int32)


def _max_epochs(value) -> int:
    if value is None:
        raise TypeError("max_epochs must be a whole number, got None: when no couplings exist "
                        "(random patterns beyond α = 2) the learning never stops, so it needs a "
                        "cap")
    return check_int(value, "max_epochs", minimum=1)


def _learn(xi, units, rule, kappa, max_epochs, tolerance, generator):
    """Learn the couplings of ``units``: embedding strengths, aligned fields, norms, epochs."""
    p, n = xi.shape
    overlaps = _overlaps(xi)
    labels_t = np.ascontiguousarray(xi.T)
    exact = rule != "diederich_opper"
    embedding = np.zeros((n, p), dtype=np.int64 if exact else np.float64)
    aligned = np.zeros((n, p), dtype=np.int64 if exact else np.float64)
    norm2 = np.zeros(n)
    epochs = np.zeros(n, dtype=np.int64)
    active = np.asarray(units, dtype=np.int64)
    for _ in range(max_epochs):
        if active.size == 0:
            break
        updates = np.zeros(active.size, dtype=np.int64)
        order = generator.permutation(p) if rule != "minover" else np.arange(p)
        if rule == "diederich_opper":
            _kernels.local_projection_epoch(overlaps, labels_t, active, order, tolerance,
                                            embedding, aligned, norm2, updates)
        else:
            _kernels.perceptron_epoch(overlaps, labels_t, active, order, kappa,
                                      rule == "minover", embedding, aligned, norm2, updates)
        # minover stopped early when every stability was above κ; the others made no update
        done = updates < p if rule == "minover" else updates == 0
        epochs[active] += updates > 0
        active = active[~done]
    return embedding, aligned, norm2, epochs


def _goal_reached(rule, kappa, tolerance, aligned, norm2, n):
    if rule == "diederich_opper":
        return np.all(np.abs(1.0 - aligned / n) <= tolerance, axis=1)
    return np.all(aligned > kappa * np.sqrt(norm2)[:, None], axis=1)


def _margins(aligned, norm2):
    with np.errstate(invalid="ignore", divide="ignore"):
        return aligned.min(axis=1) / np.sqrt(norm2)


def learn_couplings(patterns, *, rule: str = "perceptron", kappa: float = 0.0,
                    max_epochs: int = 1000, tolerance: float = 1e-6,
                    rng=None) -> LearnedCouplings:
    """Learn couplings that make every pattern a fixed point, each unit a perceptron.

    Parameters
    ----------
    patterns : array of ±1, shape ``(n_patterns, n_neurons)``
    rule : {"perceptron", "minover", "diederich_opper"}, optional
        See the module's docstring.
    kappa : float, optional
        The margin κ ≥ 0 every stability must exceed ("perceptron", "minover"). For random
        patterns it is reachable while α < α_c(κ); minover with a κ out of reach runs all
        ``max_epochs`` and approaches the largest margin (read ``margins``).
    max_epochs : int
        The cap: at most this many epochs, each p pattern presentations (for minover, p
        updates). Required, since the learning never stops when no solution exists.
    tolerance : float, optional
        "diederich_opper" stops when every ξ_i h_i is within it of 1.
    rng : None, int or numpy.random.Generator, optional
        Draws the order of the patterns in each epoch (one order for all units); minover uses
        no randomness.

    Returns
    -------
    LearnedCouplings
        The couplings, and for each unit whether it was solved, after how many epochs, and
        its smallest stability.
    """
    xi = _patterns(patterns)
    check_choice(rule, "rule", RULES)
    kappa = check_real(kappa, "kappa", minimum=0.0)
    if rule == "diederich_opper" and kappa != 0.0:
        raise ValueError(f"kappa does not apply to the Diederich-Opper rule, which makes every "
                         f"ξ_i h_i equal to 1; got kappa = {kappa}")
    max_epochs = _max_epochs(max_epochs)
    tolerance = check_real(tolerance, "tolerance", minimum=0.0, exclusive_minimum=True)
    generator = as_generator(rng)
    p, n = xi.shape
    embedding, aligned, norm2, epochs = _learn(xi, np.arange(n), rule, kappa, max_epochs,
                                               tolerance, generator)
    # J_i = (1/N) Σ_μ x_μ ξ_i^μ ξ^μ, without the self-coupling
    couplings = ((embedding * xi.T).astype(np.float64) @ xi.astype(np.float64)) / n
    np.fill_diagonal(couplings, 0.0)
    results = [couplings, _goal_reached(rule, kappa, tolerance, aligned, norm2, n), epochs,
               _margins(aligned, norm2)]
    for array in results:
        array.flags.writeable = False
    return LearnedCouplings(*results)


def stabilities(couplings, patterns) -> np.ndarray:
    """Δ_i^μ = ξ_i^μ Σ_j J_ij ξ_j^μ / |J_i|: how firmly unit i keeps its bit of pattern μ.

    Parameters
    ----------
    couplings : array, shape ``(N, N)``
        Row i holds unit i's couplings; symmetric or not.
    patterns : array of ±1, shape ``(n_patterns, N)``

    Returns
    -------
    numpy.ndarray
        ``(n_patterns, N)``; a pattern is a fixed point when its row is positive. A unit
        without couplings (a zero row) has stability 0.
    """
    j = check_square(couplings, "couplings")
    xi = check_spins(patterns, "patterns", ndim=2)
    if xi.shape[1] != j.shape[0]:
        raise ValueError(f"patterns must have {j.shape[0]} units, one per row of couplings; got "
                         f"{xi.shape[1]}")
    norms = np.linalg.norm(j, axis=1)
    aligned = xi * (xi @ j.T)
    return np.divide(aligned, norms, out=np.zeros_like(aligned), where=norms > 0)


@dataclass(frozen=True)
class PerceptronScan:
    """The result of :func:`perceptron_scan`: how long each random problem took to learn.

    Attributes
    ----------
    n_neurons : int
    kappa : float
    loads : numpy.ndarray
        The loads α = p/N scanned.
    epochs : numpy.ndarray
        ``(n_loads, n_problems)`` int: the epochs each unit's couplings changed in, or -1 for
        a unit not solved within ``max_epochs``.
    max_epochs : int
    """

    n_neurons: int
    kappa: float
    loads: np.ndarray
    epochs: np.ndarray
    max_epochs: int

    def _cap(self, max_epochs) -> int:
        if max_epochs is None:
            return self.max_epochs
        return check_int(max_epochs, "max_epochs", minimum=1, maximum=self.max_epochs)

    def solved_fraction(self, max_epochs: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The fraction of problems solved at each load, and its standard error.

        ``max_epochs`` (at most the scan's own) gives the result a perceptron capped there
        would have found: the run does not depend on the cap, so a problem is solved within
        c epochs exactly when it was solved and its couplings changed in at most c epochs.
        """
        cap = self._cap(max_epochs)
        solved = (self.epochs >= 0) & (self.epochs <= cap)
        fraction = solved.mean(axis=1)
        return fraction, np.sqrt(fraction * (1.0 - fraction) / solved.shape[1])

    def crossing(self, max_epochs: int | None = None) -> float:
        """The load where the solved fraction first falls through ½, interpolated linearly;
        NaN when it does not fall through ½ within the loads scanned."""
        fraction, _ = self.solved_fraction(max_epochs)
        for k in range(1, fraction.size):
            if fraction[k - 1] >= 0.5 > fraction[k]:
                step = (fraction[k - 1] - 0.5) / (fraction[k - 1] - fraction[k])
                return float(self.loads[k - 1] + step * (self.loads[k] - self.loads[k - 1]))
        return float("nan")


def perceptron_scan(n_neurons: int, loads, *, kappa: float = 0.0, max_epochs: int = 1000,
                    units: int = 20, trials: int = 2, rng=None) -> PerceptronScan:
    """The perceptron on random problems at several loads: which are solved, and how fast.

    At each load α, ``trials`` sets of p = round(α N) random patterns are drawn and ``units``
    of their units learn with margin κ (each unit a separate problem: the same inputs, its
    own labels), for at most ``max_epochs`` epochs. Cover (1965) counted the problems that
    have a solution (:func:`hopfield_edu.theory.cover_fraction`); a capped perceptron finds
    fewer, since near α_c the epochs it needs grow without bound.
    """
    n = check_int(n_neurons, "n_neurons", minimum=2)
    values = check_positive(loads, "loads").reshape(-1)
    kappa = check_real(kappa, "kappa", minimum=0.0)
    max_epochs = _max_epochs(max_epochs)
    units = check_int(units, "units", minimum=1, maximum=n)
    trials = check_int(trials, "trials", minimum=1)
    generator = as_generator(rng)
    epochs = np.empty((values.size, trials * units), dtype=np.int64)
    for a, alpha in enumerate(values):
        p = max(1, round(alpha * n))
        for t in range(trials):
            xi = _patterns(random_patterns(p, n, rng=generator))
            chosen = np.arange(units)  # the units are exchangeable: learn the first ones
            _, aligned, norm2, used = _learn(xi, chosen, "perceptron", kappa, max_epochs, 1.0,
                                             generator)
            solved = _goal_reached("perceptron", kappa, 1.0, aligned[chosen], norm2[chosen], n)
            epochs[a, t * units:(t + 1) * units] = np.where(solved, used[chosen], -1)
    epochs.flags.writeable = False
    return PerceptronScan(n_neurons=n, kappa=kappa, loads=values, epochs=epochs,
                          max_epochs=max_epochs)
