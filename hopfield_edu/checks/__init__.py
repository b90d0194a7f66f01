"""Self-checks for the exercises, one module per chapter.

A check runs the learner's function on several inputs, compares it with the library's own
answer, and either prints one line saying it passed or raises :class:`CheckFailed` with a short,
specific hint at the mistake. In Jupyter a failed check shows only the hint, not a traceback.

Every check is tested against plausible wrong implementations and several different correct
ones (``tests/test_checks.py`` runs its own cases and each chapter file's ``CHECK_CASES``), so
none can pass vacuously. ``from hopfield_edu import checks`` gives every check of the course.
"""

from ._core import CheckFailed
from .attention import (check_attention_from_update, check_capacity_prediction,
                        check_crosstalk_error, check_crosstalk_experiment, check_fast_weights,
                        check_pooling_gradient, check_random_head_spread,
                        check_retrieval_classifier, check_score_scale)
from .boltzmann import (check_boltzmann_gradient, check_cd1_update, check_cd_prediction,
                        check_gaussian_couplings, check_gibbs_sampler,
                        check_hidden_variance_experiment, check_rbm_free_energy)
from .capacity import (check_fixed_point, check_mixture, check_mixture_energy,
                       check_one_step_experiment, check_overload_prediction, check_retrieval_rate)
from .capstone import check_capstone_conclusions, check_memory_table
from .dense import (check_dense_capacity_experiment, check_dense_capacity_point, check_dense_energy,
                    check_dense_prediction, check_dense_snr, check_dense_update)
from .hopfield import (check_async_update, check_cue_experiment, check_energy_descent,
                       check_hebb_energy_drop, check_hebbian, check_letters_prediction,
                       check_sync_cycle)
from .ising import (check_acceptance_probability, check_binder_crossing,
                    check_correlation_length_experiment, check_detailed_balance,
                    check_hot_lattice_prediction, check_lattice_energy, check_metropolis_sweep)
from .learning_rules import (check_bam_recall, check_projector_stability, check_pseudoinverse,
                             check_rule_stabilities, check_rules_prediction, check_storkey_update)
from .mean_field import (check_annealed_entropy_zero, check_landau, check_metastable_prediction,
                         check_susceptibility_below_tc, check_tc_experiment)
from .modern import (check_letter_split_prediction, check_modern_descent, check_modern_energy,
                     check_modern_update, check_softmax_lse, check_split_beta,
                     check_split_experiment)
from .one_energy import (check_adiabatic_energy, check_gap_prediction, check_lagrangian,
                         check_log_cosh_activation, check_log_sum_exp_activation,
                         check_rectified_activation, check_restoration_experiment,
                         check_restored_fraction, check_two_layer_energy)
from .optimal_storage import (check_bits_per_synapse, check_capacity_scan, check_cover_count,
                              check_gardner_capacity, check_perceptron_prediction,
                              check_perceptron_update)
from .patterns import (check_chance_overlap, check_flip, check_letter_overlap_prediction,
                       check_overlap, check_overlap_experiment, check_to_spins)
from .phase_diagram import (check_glass_temperature, check_ground_state_load,
                            check_near_tc_prediction, check_one_pattern_overlap,
                            check_retrieval_measurement, check_spin_glass_energy)

__all__ = ["CheckFailed", "check_acceptance_probability", "check_adiabatic_energy",
           "check_annealed_entropy_zero", "check_async_update", "check_attention_from_update",
           "check_bam_recall", "check_binder_crossing", "check_bits_per_synapse",
           "check_boltzmann_gradient", "check_capacity_prediction", "check_capacity_scan",
           "check_capstone_conclusions",
           "check_cd1_update", "check_cd_prediction", "check_chance_overlap",
           "check_correlation_length_experiment",
           "check_cover_count", "check_crosstalk_error", "check_crosstalk_experiment",
           "check_cue_experiment",
           "check_dense_capacity_experiment", "check_dense_capacity_point", "check_dense_energy",
           "check_dense_prediction", "check_dense_snr", "check_dense_update",
           "check_detailed_balance", "check_energy_descent", "check_fast_weights",
           "check_fixed_point", "check_flip", "check_gap_prediction", "check_gardner_capacity",
           "check_gaussian_couplings", "check_gibbs_sampler", "check_glass_temperature",
           "check_ground_state_load", "check_hebb_energy_drop", "check_hebbian",
           "check_hidden_variance_experiment", "check_hot_lattice_prediction", "check_lagrangian",
           "check_landau", "check_lattice_energy", "check_letter_overlap_prediction",
           "check_letter_split_prediction", "check_letters_prediction",
           "check_log_cosh_activation", "check_log_sum_exp_activation", "check_memory_table",
           "check_metastable_prediction", "check_metropolis_sweep", "check_mixture",
           "check_mixture_energy", "check_modern_descent", "check_modern_energy",
           "check_modern_update", "check_near_tc_prediction", "check_one_pattern_overlap",
           "check_one_step_experiment", "check_overlap", "check_overlap_experiment",
           "check_overload_prediction", "check_perceptron_prediction", "check_perceptron_update",
           "check_pooling_gradient", "check_projector_stability", "check_pseudoinverse",
           "check_random_head_spread", "check_rbm_free_energy", "check_rectified_activation",
           "check_restoration_experiment", "check_restored_fraction", "check_retrieval_classifier",
           "check_retrieval_measurement", "check_retrieval_rate", "check_rule_stabilities",
           "check_rules_prediction", "check_score_scale", "check_softmax_lse",
           "check_spin_glass_energy", "check_split_beta", "check_split_experiment",
           "check_storkey_update", "check_susceptibility_below_tc", "check_sync_cycle",
           "check_tc_experiment", "check_to_spins", "check_two_layer_energy"]
