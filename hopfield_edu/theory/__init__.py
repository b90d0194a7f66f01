"""Every closed-form result of the course, each with its source.

- :mod:`.ising`: Onsager's, Yang's and Kaufman's exact results, the chain;
- :mod:`.mean_field`: the Curie-Weiss free energy, its minima and Landau's expansion, Weiss's
  and Bethe's approximations, and the Sherrington-Kirkpatrick spin glass;
- :mod:`.capacity`: the classical network's one-step error, AGS's retrieval overlap and α_c at
  T = 0, McEliece's error-free limits, Storkey's capacity, sparse codes (exact fixed points at
  finite N, and Tsodyks and Feigelman's limit);
- :mod:`.phase_diagram`: AGS's replica-symmetric solution at load α and temperature T: the
  retrieval and spin-glass branches and the lines T_g, T_M and T_c;
- :mod:`.mixtures`: symmetric mixture states at temperature T, α → 0;
- :mod:`.dense`: Krotov and Hopfield's polynomial and Demircigil et al.'s exponential capacity;
- :mod:`.modern`: the one-step retrieval bound of the modern Hopfield network, and the
  separation of random patterns;
- :mod:`.attention`: the crosstalk error of in-context recall by linear attention, and the
  spread of a head with random scores;
- :mod:`.graded`: the gain below which Hopfield's graded network falls to zero, and the longest
  parallel step that keeps its energy falling;
- :mod:`.gardner`: the most any couplings store (Gardner's α_c(κ), Cover's count), in
  patterns and in bits per synapse.

The notebooks draw these beside what the library measures; the tests check both against the
numbers of the papers.
"""

from .attention import linear_recall_error, random_head_spread
from .capacity import (bit_error_probability, critical_load, mceliece_capacity, retrieval_overlap,
                       sparse_capacity, sparse_fixed_point_fraction, sparse_fixed_point_load,
                       storkey_capacity)
from .dense import dense_capacity, exponential_capacity
from .gardner import bits_per_synapse, cover_fraction, gardner_capacity, gardner_margin
from .graded import critical_gain, descent_step_limit
from .ising import (CRITICAL_TEMPERATURE, chain_correlation, chain_energy, exact_energy,
                    exact_magnetization, torus_energy, torus_specific_heat)
from .mean_field import (SK_GROUND_STATE_ENERGY, SK_REPLICA_SYMMETRIC_GROUND_STATE_ENERGY,
                         bethe_critical_temperature, curie_weiss_free_energy,
                         curie_weiss_specific_heat, curie_weiss_spinodal,
                         curie_weiss_stationary_points, curie_weiss_susceptibility,
                         entropy_per_spin, landau_coefficients, mean_field_magnetization,
                         sk_annealed_free_energy, sk_replica_symmetric,
                         sk_spin_glass_susceptibility, SKSolution, StationaryPoints,
                         weiss_critical_temperature, weiss_magnetization)
from .mixtures import mixture_overlap, mixture_stability_temperature
from .modern import random_separation_bound, retrieval_error_bound
from .phase_diagram import (BRANCHES, PHASES, ReplicaSymmetricState, coexistence_load,
                            coexistence_temperature, phase, replica_symmetric, retrieval_load,
                            retrieval_temperature, spin_glass_temperature)

__all__ = ["BRANCHES", "CRITICAL_TEMPERATURE", "PHASES", "ReplicaSymmetricState",
           "SK_GROUND_STATE_ENERGY", "SK_REPLICA_SYMMETRIC_GROUND_STATE_ENERGY", "SKSolution",
           "StationaryPoints", "bethe_critical_temperature", "bit_error_probability",
           "bits_per_synapse", "chain_correlation", "chain_energy", "coexistence_load",
           "coexistence_temperature", "cover_fraction", "critical_gain", "critical_load",
           "curie_weiss_free_energy", "curie_weiss_specific_heat", "curie_weiss_spinodal",
           "curie_weiss_stationary_points", "curie_weiss_susceptibility", "dense_capacity",
           "descent_step_limit", "entropy_per_spin", "exact_energy", "exact_magnetization",
           "exponential_capacity", "gardner_capacity", "gardner_margin", "landau_coefficients",
           "linear_recall_error", "mceliece_capacity", "mean_field_magnetization",
           "mixture_overlap", "mixture_stability_temperature", "phase", "random_head_spread", "random_separation_bound",
           "replica_symmetric", "retrieval_error_bound", "retrieval_load", "retrieval_overlap",
           "retrieval_temperature", "sk_annealed_free_energy", "sk_replica_symmetric",
           "sk_spin_glass_susceptibility", "sparse_capacity", "sparse_fixed_point_fraction",
           "sparse_fixed_point_load", "spin_glass_temperature",
           "storkey_capacity", "torus_energy", "torus_specific_heat", "weiss_critical_temperature",
           "weiss_magnetization"]
