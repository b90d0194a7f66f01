"""Hetero-association: memories that map one pattern to another.

A bidirectional associative memory (Kosko 1988) stores pairs (x, y) in W = Σ_μ y^μ x^μᵀ and
recalls either half from the other, bouncing between the two layers until both settle. A
sequence memory stores transitions instead, W = (1/N) Σ_μ ξ^(μ+1) ξ^μᵀ: asymmetric weights,
with which a synchronous update steps from one pattern to the next.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import check_bool, check_choice, check_int, check_spins, check_states

__all__ = ["BAMRecall", "BidirectionalMemory", "SequenceMemory", "SequenceRecall"]


def _sign_keeping_ties(fields: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """The sign of each field as ±1 ``int8``; a unit whose field is exactly 0 keeps its state."""
    return np.where(fields > 0, 1, np.where(fields < 0, -1, previous)).astype(np.int8)


@dataclass(frozen=True)
class BAMRecall:
    """The result of :meth:`BidirectionalMemory.recall`.

    Attributes
    ----------
    x, y : numpy.ndarray
        The two layers at the end (``state`` is the pair).
    converged : bool
        Whether both layers settled within ``max_steps``.
    steps : int
        Steps run; a step updates y from x, then x from y.
    energy : float
        E = -yᵀ W x at the end.
    """

    x: np.ndarray
    y: np.ndarray
    converged: bool
    steps: int
    energy: float

    @property
    def state(self) -> tuple[np.ndarray, np.ndarray]:
        """The final pair (x, y)."""
        return self.x, self.y


@dataclass(frozen=True)
class SequenceRecall:
    """The result of :meth:`SequenceMemory.recall`.

    Attributes
    ----------
    state : numpy.ndarray
        The last state.
    states : numpy.ndarray
        The cue and the state after each step, one row each.
    steps : int
    """

    state: np.ndarray
    states: np.ndarray
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
        return check_states(state, name, self.weights.shape[axis])

    def recall(self, cue, *, side: str = "x", max_steps: int = 100) -> BAMRecall:
        """Recall a pair from one half: ``cue`` is the x layer (``side="x"``, forward) or the y
        layer (``side="y"``, backward).

        The layers update in turn, y ← sgn(W x), then x ← sgn(Wᵀ y), until neither changes.
        """
        check_choice(side, "side", ("x", "y"))
        max_steps = check_int(max_steps, "max_steps", minimum=1)
        if side == "x":
            x = self._layer(cue, "cue", 1)
            y = _sign_keeping_ties(self.weights @ x, np.ones(self.weights.shape[0], np.int8))
        else:
            y = self._layer(cue, "cue", 0)
            x = _sign_keeping_ties(self.weights.T @ y, np.ones(self.weights.shape[1], np.int8))
        converged, step = False, 0
        while step < max_steps and not converged:
            step += 1
            new_y = _sign_keeping_ties(self.weights @ x, y)
            new_x = _sign_keeping_ties(self.weights.T @ new_y, x)
            converged = np.array_equal(new_x, x) and np.array_equal(new_y, y)
            x, y = new_x, new_y
        return BAMRecall(x=x, y=y, converged=converged, steps=step,
                         energy=float(-(y @ self.weights @ x)))


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
        cyclic = check_bool(cyclic, "cyclic")
        if self.patterns.shape[0] < 2:
            raise ValueError(f"patterns must hold a sequence of at least 2 patterns (rows), got "
                             f"{self.patterns.shape[0]}")
        following = np.roll(self.patterns, -1, axis=0).astype(np.float64)
        current = self.patterns.astype(np.float64)
        if not cyclic:
            following, current = following[:-1], current[:-1]
        # W = (1/N) Σ_μ ξ^(μ+1) ξ^μᵀ: asymmetric, so there is no energy to descend
        self.weights = following.T @ current / self.patterns.shape[1]
        self.cyclic = cyclic

    def recall(self, cue, *, steps: int) -> SequenceRecall:
        """``steps`` synchronous updates from ``cue``: the sequence replayed from there.

        There is no energy and nothing to converge to: the asymmetric weights carry the state
        along the sequence (Amari 1972), so the result keeps every state on the way.
        """
        state = check_states(cue, "cue", self.weights.shape[0])
        steps = check_int(steps, "steps", minimum=1)
        states = [state]
        for _ in range(steps):
            states.append(_sign_keeping_ties(self.weights @ states[-1], states[-1]))
        return SequenceRecall(state=states[-1], states=np.array(states), steps=steps)
