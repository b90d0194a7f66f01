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
from .learning_rules import check_bam_recall, check_pseudoinverse, check_storkey_update
from .boltzmann import (check_boltzmann_gradient, check_cd1_update, check_gaussian_couplings,
                        check_rbm_free_energy)
from .dense import check_dense_capacity_point, check_dense_energy, check_dense_update
from .modern import check_modern_energy, check_modern_update, check_softmax_lse
from .attention import (check_attended_patterns, check_attention_from_update,
                        check_retrieval_classifier)

__all__ = ["CheckFailed", "check_async_update", "check_attended_patterns",
           "check_attention_from_update", "check_bam_recall", "check_binder_crossing",
           "check_boltzmann_gradient", "check_cd1_update", "check_correlation",
           "check_dense_capacity_point", "check_dense_energy", "check_dense_update",
           "check_fixed_point", "check_flip", "check_gaussian_couplings", "check_hebbian",
           "check_lattice_energy", "check_metropolis_sweep", "check_mixture",
           "check_modern_energy", "check_modern_update", "check_overlap", "check_pseudoinverse",
           "check_rbm_free_energy", "check_retrieval_classifier", "check_retrieval_rate",
           "check_softmax_lse", "check_storkey_update", "check_sync_cycle", "check_to_spins"]
