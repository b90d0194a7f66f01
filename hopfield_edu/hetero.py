"""Hetero-association: memories that map one pattern to another.

A bidirectional associative memory (Kosko 1988) stores pairs (x, y) in W = Σ_μ y^μ x^μᵀ and
recalls either half from the other, bouncing between the two layers until both settle. A
sequence memory stores transitions instead, W = (1/N) Σ_μ ξ^(μ+1) ξ^μᵀ: asymmetric weights,
with which a synchronous update steps from one pattern to the next.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import check_int, check_spins, check_state, sign_keeping_ties

__all__ = ["BAMRecall", "BidirectionalMemory", "SequenceMemory"]


@dataclass(frozen=True)
class BAMRecall:
    """The result of a BAM recall: both layers, and whether they settled."""

    x: np.ndarray
    y: np.ndarray
    converged: bool
    steps: int


class BidirectionalMemory:
    """Kosko's (1988) bidirectional associative memory for pairs of ±1 patterns.

    Parameters
    ----------
    inputs : array of ±1, shape ``(n_pairs, n)``
    outputs : array of ±1, shape ``(n_pairs, m)``
        Row μ of ``outputs`` is associated with row μ of ``inputs``.
    """

    def __init__(self, inputs, outputs):
        self.inputs = check_spins(inputs, "inputs", ndim=2)
        self.outputs = check_spins(outputs, "outputs", ndim=2)
        if self.inputs.shape[0] != self.outputs.shape[0]:
            raise ValueError(f"inputs and outputs must have one row per pair; got "
                             f"{self.inputs.shape[0]} inputs and {self.outputs.shape[0]} outputs")
        # W = Σ_μ y^μ x^μᵀ, as exact integers in float64
        self.weights = self.outputs.T.astype(np.float64) @ self.inputs.astype(np.float64)

    def energy(self, x, y) -> float:
        """E = -yᵀ W x, which no half-step of recall increases."""
        return float(-(self._layer(y, "y", 0) @ self.weights @ self._layer(x, "x", 1)))

    def _layer(self, state, name: str, axis: int) -> np.ndarray:
        return check_state(state, name, self.weights.shape[axis])

    def recall(self, *, x=None, y=None, max_steps: int = 100) -> BAMRecall:
        """Recall a pair from one half: give ``x`` (forward) or ``y`` (backward), not both.

        The layers update in turn, y ← sgn(W x), then x ← sgn(Wᵀ y), until neither changes.
        """
        if (x is None) == (y is None):
            raise ValueError("give exactly one cue: recall(x=...) or recall(y=...)")
        max_steps = check_int(max_steps, "max_steps", minimum=1)
        if x is not None:
            x = self._layer(x, "x", 1)
            y = sign_keeping_ties(self.weights @ x, np.ones(self.weights.shape[0], np.int8))
        else:
            y = self._layer(y, "y", 0)
            x = sign_keeping_ties(self.weights.T @ y, np.ones(self.weights.shape[1], np.int8))
        for step in range(1, max_steps + 1):
            new_y = sign_keeping_ties(self.weights @ x, y)
            new_x = sign_keeping_ties(self.weights.T @ new_y, x)
            settled = np.array_equal(new_x, x) and np.array_equal(new_y, y)
            x, y = new_x, new_y
            if settled:
                return BAMRecall(x=x, y=y, converged=True, steps=step)
        return BAMRecall(x=x, y=y, converged=False, steps=max_steps)


class SequenceMemory:
    """A memory of a sequence: from each pattern, a synchronous update steps to the next.

    Parameters
    ----------
    patterns : array of ±1, shape ``(length, n)``
        The sequence, in order.
    cyclic : bool, optional
        Whether the last pattern leads back to the first.
    """

    def __init__(self, patterns, *, cyclic: bool = True):
        self.patterns = check_spins(patterns, "patterns", ndim=2)
        if self.patterns.shape[0] < 2:
            raise ValueError("a sequence needs at least 2 patterns")
        following = np.roll(self.patterns, -1, axis=0).astype(np.float64)
        current = self.patterns.astype(np.float64)
        if not cyclic:
            following, current = following[:-1], current[:-1]
        # W = (1/N) Σ_μ ξ^(μ+1) ξ^μᵀ: asymmetric, so there is no energy to descend
        self.weights = following.T @ current / self.patterns.shape[1]
        self.cyclic = cyclic

    def replay(self, cue, steps: int) -> np.ndarray:
        """Synchronous updates from ``cue``: returns the cue and the ``steps`` states after it."""
        state = check_state(cue, "cue", self.weights.shape[0])
        steps = check_int(steps, "steps", minimum=1)
        states = [state]
        for _ in range(steps):
            states.append(sign_keeping_ties(self.weights @ states[-1], states[-1]))
        return np.array(states)
