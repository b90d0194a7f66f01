"""Networks over couplings that need not be symmetric: the dynamics, without an energy.

Perceptron learning (:mod:`hopfield_edu.perceptron`) gives every unit its own couplings, so
J_ij ≠ J_ji. The update rule is the same as ever, s_i ← sgn(Σ_j J_ij s_j), keeping the state
on a zero field. What is lost is the energy: with symmetric couplings E = -½ sᵀJs falls at
every asynchronous flip, so the dynamics must end in a fixed point (Hopfield 1982), and
synchronous dynamics in a fixed point or a two-cycle (Goles-Chacc et al. 1985). With
asymmetric couplings no such function need exist: the stored patterns are still fixed points
if every unit keeps its bit, but a cue may wander or cycle for ever. :class:`AsymmetricNetwork`
runs the same recall loop as every binary memory and claims nothing more: it reports whether
a run settled and has no ``energy``.
"""

from __future__ import annotations

import numpy as np

from . import _kernels
from ._validate import check_square
from .memory import BinaryMemory

__all__ = ["AsymmetricNetwork"]


class AsymmetricNetwork(BinaryMemory):
    """±1 units over any couplings: h_i = Σ_j J_ij s_j, row i holding unit i's couplings.

    Parameters
    ----------
    couplings : array, shape ``(n, n)``
        Square and finite; symmetric or not. Perceptron-learned couplings have a zero
        diagonal.

    Attributes
    ----------
    couplings : numpy.ndarray
        The couplings, float64, read-only.
    n_neurons : int

    Notes
    -----
    :meth:`recall` and :meth:`dynamics` work as for every binary memory (asynchronous or
    synchronous, at temperature 0 or T > 0, with a reader's own rule), but an asynchronous run
    need not settle: it stops after ``max_steps`` with ``converged=False`` when it has not,
    and a synchronous run may end in a cycle longer than two, which is not detected.
    ``record=True`` keeps the states and no energies; :meth:`energy` raises ``TypeError``.
    """

    has_energy = False

    def __init__(self, couplings):
        j = check_square(couplings, "couplings")
        j.flags.writeable = False
        self.couplings = j
        # a unit that flips changes every field by its column: rows of the transpose
        self._columns = np.ascontiguousarray(j.T)
        self._model = _kernels.WeightsModel(self._columns, 1.0)

    @property
    def n_neurons(self) -> int:
        return self.couplings.shape[0]

    def __repr__(self) -> str:
        return f"AsymmetricNetwork({self.n_neurons} neurons)"

    def energy(self, state) -> float:
        """Not defined: asymmetric couplings have no energy that the dynamics lowers."""
        raise TypeError("an AsymmetricNetwork has no energy: with J_ij ≠ J_ji no function of "
                        "the state falls at every update, so nothing guarantees that recall "
                        "ends in a fixed point. Symmetric couplings have one: use "
                        "HopfieldNetwork(weights)")

    # --- the kernels ---------------------------------------------------------------------------

    def _prepare(self, state) -> np.ndarray:
        return self.couplings @ state

    def _energy_from(self, state, fields) -> float:
        return self.energy(state)

    def _sweep(self, state, fields, order, uniforms, glauber_beta, count, stream):
        return _kernels.async_sweeps(self._model, state, fields, order, uniforms, glauber_beta,
                                     count, stream)

    def _fields(self, state, fields) -> np.ndarray:
        return fields

    def _set_unit(self, i, new, state, fields) -> None:
        state[i] = new
        fields += 2.0 * new * self._columns[i]
