"""Every closed-form result of the course, each with its source.

- :mod:`.ising`: Onsager's, Yang's and Kaufman's exact results, the chain, mean field;
- :mod:`.capacity`: the classical network's one-step error, AGS's retrieval overlap and α_c at
  T = 0, McEliece's error-free limits, Storkey's capacity, sparse codes;
- :mod:`.dense`: Krotov and Hopfield's polynomial and Demircigil et al.'s exponential capacity;
- :mod:`.modern`: the one-step retrieval bound of the modern Hopfield network;
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
                       sparse_capacity, storkey_capacity)
from .dense import dense_capacity, exponential_capacity
from .gardner import bits_per_synapse, cover_fraction, gardner_capacity, gardner_margin
from .graded import critical_gain, descent_step_limit
from .ising import (CRITICAL_TEMPERATURE, chain_correlation, chain_energy, exact_energy,
                    exact_magnetization, mean_field_magnetization, torus_energy,
                    torus_specific_heat)
from .modern import retrieval_error_bound

__all__ = ["CRITICAL_TEMPERATURE", "bit_error_probability", "bits_per_synapse",
           "chain_correlation", "chain_energy", "cover_fraction", "critical_gain", "critical_load",
           "dense_capacity", "descent_step_limit", "exact_energy", "exact_magnetization",
           "exponential_capacity", "gardner_capacity", "gardner_margin", "linear_recall_error",
           "mceliece_capacity", "mean_field_magnetization", "random_head_spread",
           "retrieval_error_bound", "retrieval_overlap", "sparse_capacity", "storkey_capacity",
           "torus_energy", "torus_specific_heat"]
