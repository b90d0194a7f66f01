"""Pattern separation and completion: what the dentate gyrus and CA3 are thought to do.

Correlated patterns crowd an auto-associator: their crosstalk adds up instead of cancelling.
Marr (1971) proposed, and McNaughton & Morris (1987) and Treves & Rolls (1992) developed, that
the hippocampus first recodes its input: the dentate gyrus, many more granule cells than
input fibres and very few of them active, turns similar inputs into nearly orthogonal sparse
codes (pattern separation), which the recurrent network of CA3 stores and completes from
partial cues (pattern completion). Here:

- :class:`DentateGyrus`: a random expansion followed by k-winners-take-all, the k cells with
  the largest input firing (a stand-in for the granule cells' strong feedback inhibition);
- :class:`HippocampalMemory`: inputs recoded by the dentate gyrus, their codes stored in a
  sparse auto-associator (:class:`hopfield_edu.sparse.SparseNetwork`, the CA3 network), a
  Hebbian association from the input straight to CA3 (the perforant path) to cue recall, and a
  Hebbian read-out from CA3 codes back to the input's units.

Treves & Rolls (1992) argued that a cue must reach CA3 by the perforant path and not through
the dentate gyrus: the dentate gyrus separates a partial cue from the very pattern it came
from. ``HippocampalMemory.recall`` takes either ``path`` so that this can be measured.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_generator, check_choice, check_int, check_real, check_spins, check_states
from .sparse import SparseNetwork

__all__ = ["PATHS", "DentateGyrus", "HippocampalMemory", "HippocampalRecall", "k_winners"]

#: How a cue reaches CA3 in :meth:`HippocampalMemory.recall`.
PATHS = ("perforant", "dentate")


def k_winners(fields, k: int) -> np.ndarray:
    """0/1 codes with the ``k`` largest entries of each row on (``int8``); on a tie the unit of
    lower index wins, so the result is always exactly k active units per row."""
    h = np.asarray(fields, dtype=np.float64)
    if h.ndim not in (1, 2) or h.size == 0 or not np.all(np.isfinite(h)):
        raise ValueError(f"fields must be a finite, non-empty 1-D or 2-D array, got shape "
                         f"{h.shape}")
    k = check_int(k, "k", minimum=1, maximum=h.shape[-1])
    winners = np.argsort(-h, axis=-1, kind="stable")[..., :k]
    codes = np.zeros(h.shape, dtype=np.int8)
    np.put_along_axis(codes, winners, 1, axis=-1)
    return codes


def _activity(value) -> float:
    a = check_real(value, "activity")
    if not 0.0 < a < 1.0:
        raise ValueError(f"activity must lie strictly between 0 and 1 (the fraction of active "
                         f"cells), got {a}")
    return a


class DentateGyrus:
    """A random expansion with k-winners-take-all: sparse codes that separate similar inputs.

    Cell c receives the input through random Gaussian weights and fires when its input is
    among the k = round(activity · n_cells) largest. Two inputs that share most of their units
    drive their cells' inputs to a correlation near their own, but only the extreme tail of
    each passes the competition, where the two tails rarely coincide: codes far less alike
    than the inputs.

    Parameters
    ----------
    n_inputs, n_cells : int
    activity : float
        The fraction of cells active in every code, in (0, 1).
    rng : None, int or numpy.random.Generator
        Draws the weights.
    """

    def __init__(self, n_inputs: int, n_cells: int = 2000, activity: float = 0.01, *, rng=None):
        n_inputs = check_int(n_inputs, "n_inputs", minimum=1)
        n_cells = check_int(n_cells, "n_cells", minimum=2)
        self.activity = _activity(activity)
        self.k = max(1, int(round(self.activity * n_cells)))
        self.weights = as_generator(rng).standard_normal((n_cells, n_inputs)) / np.sqrt(n_inputs)
        self.weights.flags.writeable = False

    @property
    def n_cells(self) -> int:
        return self.weights.shape[0]

    def encode(self, inputs, *, baseline=None) -> np.ndarray:
        """The 0/1 codes (``int8``, rows) of ±1 ``inputs`` (rows), seen relative to ``baseline``.

        ``baseline`` (the average input, by default none) is subtracted first, as adaptation
        would: without it the features all inputs share drive the same cells in every code.
        """
        x = check_spins(inputs, "inputs").astype(np.float64)
        if x.shape[-1] != self.weights.shape[1]:
            raise ValueError(f"inputs must have {self.weights.shape[1]} units, got "
                             f"{x.shape[-1]}")
        if baseline is not None:
            base = np.asarray(baseline, dtype=np.float64)
            if base.shape != (x.shape[-1],) or not np.all(np.isfinite(base)):
                raise ValueError(f"baseline must be a finite array of shape ({x.shape[-1]},), "
                                 f"got shape {base.shape}")
            x = x - base
        return k_winners(x @ self.weights.T, self.k)


@dataclass(frozen=True)
class HippocampalRecall:
    """The result of :meth:`HippocampalMemory.recall` for one cue.

    Attributes
    ----------
    pattern : numpy.ndarray
        The read-out, ±1 ``int8`` over the input's units.
    code : numpy.ndarray
        The CA3 state where recall ended, 0/1.
    cue_code : numpy.ndarray
        The CA3 state the cue set up, 0/1.
    converged : bool
        Whether CA3 reached a fixed point.
    """

    pattern: np.ndarray
    code: np.ndarray
    cue_code: np.ndarray
    converged: bool


class HippocampalMemory:
    """Store ±1 patterns through the dentate gyrus in a sparse CA3 network; recall from cues.

    Storage: each pattern ξ^μ is recoded by a :class:`DentateGyrus` (relative to the average
    stored pattern ξ̄) into a sparse code c^μ, and the codes are stored in a
    :class:`hopfield_edu.sparse.SparseNetwork` by the covariance rule. Two Hebbian
    associations are learned with them: the perforant path P = Σ_μ (c^μ - a)(ξ^μ - ξ̄)ᵀ from
    input to CA3, and the read-out R = Σ_μ ξ^μ (c^μ - a)ᵀ from CA3 back to the input's units.

    Parameters
    ----------
    patterns : array of ±1, shape ``(n_patterns, n_neurons)``
    n_cells : int, optional
        Dentate and CA3 cells (one each per code unit).
    activity : float, optional
        The fraction of cells active in a code.
    rng : None, int or numpy.random.Generator
        Draws the dentate gyrus's weights.

    Attributes
    ----------
    patterns, codes : numpy.ndarray
        The stored patterns and their codes (rows), read-only.
    dentate : DentateGyrus
    ca3 : SparseNetwork
    """

    def __init__(self, patterns, *, n_cells: int = 2000, activity: float = 0.01, rng=None):
        xi = check_spins(patterns, "patterns", ndim=2)
        self.patterns = xi
        self.dentate = DentateGyrus(xi.shape[1], n_cells, activity, rng=rng)
        self._baseline = xi.mean(axis=0)
        self.codes = self.dentate.encode(xi, baseline=self._baseline)
        a = self.dentate.k / self.dentate.n_cells
        self.ca3 = SparseNetwork(self.codes, activity=a)
        centred = self.codes - a
        self._perforant = centred.T @ (xi - self._baseline)
        self._readout = xi.T.astype(np.float64) @ centred
        for array in (self.patterns, self.codes):
            array.flags.writeable = False

    def __repr__(self) -> str:
        return (f"HippocampalMemory({len(self.patterns)} patterns of {self.patterns.shape[1]} "
                f"units, {self.dentate.n_cells} cells)")

    def cue_code(self, cue, *, path: str = "perforant") -> np.ndarray:
        """The CA3 state a ±1 cue sets up: the k cells most driven by the perforant path, or
        the dentate gyrus's code of the cue (``path="dentate"``)."""
        check_choice(path, "path", PATHS)
        x = check_states(cue, "cue", self.patterns.shape[1], ndim=(1, 2))
        if path == "dentate":
            return self.dentate.encode(x, baseline=self._baseline)
        return k_winners((x - self._baseline) @ self._perforant.T, self.dentate.k)

    def read_out(self, code) -> np.ndarray:
        """The ±1 pattern a CA3 state (0/1) reads out: sgn(R c), -1 on a zero field."""
        c = check_states(code, "code", self.dentate.n_cells, ndim=(1, 2), binary=True)
        return np.where(c @ self._readout.T > 0, 1, -1).astype(np.int8)

    def recall(self, cue, *, path: str = "perforant", max_steps: int = 100,
               rng=None) -> HippocampalRecall:
        """Complete a ±1 cue: set up its CA3 state, let CA3 settle, read the pattern out."""
        start = self.cue_code(check_states(cue, "cue", self.patterns.shape[1]), path=path)
        run = self.ca3.recall(start, max_steps=max_steps, rng=rng)
        return HippocampalRecall(pattern=self.read_out(run.state), code=run.state,
                                 cue_code=start, converged=bool(run.converged))
