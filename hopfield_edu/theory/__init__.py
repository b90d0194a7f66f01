"""Every closed-form result of the course, each with its source.

- :mod:`.ising`: Onsager's, Yang's and Kaufman's exact results, the chain, mean field;
- :mod:`.capacity`: the classical network's one-step error, AGS's retrieval overlap and α_c at
  T = 0, McEliece's error-free limits, Storkey's capacity, sparse codes;
- :mod:`.phase_diagram`: AGS's replica-symmetric solution at load α and temperature T: the
  retrieval and spin-glass branches and the lines T_g, T_M and T_c;
- :mod:`.mixtures`: symmetric mixture states at temperature T, α → 0;
- :mod:`.dense`: Krotov and Hopfield's polynomial and Demircigil et al.'s exponential capacity;
- :mod:`.modern`: the one-step retrieval bound of the modern Hopfield network;
- :mod:`.attention`: the crosstalk error of in-context recall by linear attention, and the
  spread of a head with random scores.

The notebooks draw these beside what the library measures; the tests check both against the
numbers of the papers.
"""

from .attention import linear_recall_error, random_head_spread
from .capacity import (bit_error_probability, critical_load, mceliece_capacity,
                       retrieval_overlap, sparse_capacity, storkey_capacity)
from .dense import dense_capacity, exponential_capacity
from .ising import (CRITICAL_TEMPERATURE, chain_correlation, chain_energy, exact_energy,
                    exact_magnetization, mean_field_magnetization, torus_energy,
                    torus_specific_heat)
from .mixtures import mixture_overlap, mixture_stability_temperature
from .modern import retrieval_error_bound
from .phase_diagram import (BRANCHES, PHASES, ReplicaSymmetricState, coexistence_load,
                            coexistence_temperature, phase, replica_symmetric, retrieval_load,
                            retrieval_temperature, spin_glass_temperature)

__all__ = ["BRANCHES", "CRITICAL_TEMPERATURE", "PHASES", "ReplicaSymmetricState",
           "bit_error_probability", "chain_correlation", "chain_energy", "coexistence_load",
           "coexistence_temperature", "critical_load", "dense_capacity", "exact_energy",
           "exact_magnetization", "exponential_capacity", "linear_recall_error",
           "mceliece_capacity", "mean_field_magnetization", "mixture_overlap",
           "mixture_stability_temperature", "phase", "random_head_spread", "replica_symmetric",
           "retrieval_error_bound", "retrieval_load", "retrieval_overlap",
           "retrieval_temperature", "sparse_capacity", "spin_glass_temperature",
           "storkey_capacity", "torus_energy", "torus_specific_heat"]
