"""Self-checks for the exercises, one module per chapter.

A check runs the learner's function on several inputs, compares it with the library's own
answer, and either prints one line saying it passed or raises :class:`CheckFailed` with a short,
specific hint at the mistake. In Jupyter a failed check shows only the hint, not a traceback.

Every check is tested against plausible wrong implementations (``tests/test_checks.py``), so
none can pass vacuously. ``from hopfield_edu import checks`` gives every check of the course.
"""

from ._core import CheckFailed
from .patterns import check_flip, check_overlap, check_to_spins
from .ising import (check_binder_crossing, check_correlation, check_lattice_energy,
                    check_metropolis_sweep)
from .hopfield import check_async_update, check_hebbian, check_sync_cycle
from .capacity import check_fixed_point, check_mixture, check_retrieval_rate
from .phase_diagram import (check_glass_temperature, check_ground_state_load,
                            check_retrieval_measurement, check_spin_glass_energy)
from .learning_rules import check_bam_recall, check_pseudoinverse, check_storkey_update
from .dense import check_dense_capacity_point, check_dense_energy, check_dense_update
from .modern import check_modern_energy, check_modern_update, check_softmax_lse
from .attention import (check_attention_from_update, check_capacity_prediction,
                        check_crosstalk_error, check_fast_weights, check_pooling_gradient,
                        check_random_head_spread, check_retrieval_classifier)

__all__ = ["CheckFailed", "check_async_update", "check_attention_from_update",
           "check_bam_recall", "check_binder_crossing", "check_capacity_prediction",
           "check_correlation", "check_crosstalk_error", "check_dense_capacity_point",
           "check_dense_energy", "check_dense_update", "check_fast_weights", "check_fixed_point",
           "check_flip", "check_glass_temperature", "check_ground_state_load", "check_hebbian",
           "check_lattice_energy", "check_metropolis_sweep",
           "check_mixture", "check_modern_energy", "check_modern_update", "check_overlap",
           "check_pooling_gradient", "check_pseudoinverse", "check_random_head_spread",
           "check_retrieval_classifier", "check_retrieval_measurement", "check_retrieval_rate",
           "check_softmax_lse", "check_spin_glass_energy", "check_storkey_update", "check_sync_cycle", "check_to_spins"]
