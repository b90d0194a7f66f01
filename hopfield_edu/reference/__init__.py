"""The slow, obvious versions: every algorithm of the course written plainly in NumPy.

Each function here does what a fast part of the library does, the way a textbook would write
it: a recall that asks the energy which state of a unit is lower, a Metropolis step that
computes the energy change of a flip, an update that builds the softmax from its definition.
They are for reading, and for checking: the tests hold every compiled kernel to them (drawing
the same random numbers, a kernel must give the same states), and the benchmarks measure the
library against them in the same run. One module per part of the course: :mod:`.memory`,
:mod:`.ising`, :mod:`.phase_diagram`, :mod:`.modern`, :mod:`.perceptron`,
:mod:`.boltzmann`.
"""

from .boltzmann import cd_epoch, gibbs_sweeps
from .ising import checkerboard_metropolis, ising_sweep, wolff_steps
from .memory import (energy_recall, exponential_recall, hebbian_counts, hopfield_recall,
                     overlap)
from .modern import head_spread, modern_energy, modern_update
from .phase_diagram import replica_symmetric_iteration
from .perceptron import diederich_opper_couplings, minover_couplings, perceptron_couplings

__all__ = ["cd_epoch", "checkerboard_metropolis", "diederich_opper_couplings", "energy_recall",
           "exponential_recall", "gibbs_sweeps", "head_spread", "hebbian_counts",
           "hopfield_recall", "ising_sweep", "minover_couplings", "modern_energy",
           "modern_update", "overlap", "perceptron_couplings", "replica_symmetric_iteration",
           "wolff_steps"]
