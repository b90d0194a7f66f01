"""The Ising model: Monte Carlo simulation, exact results, and what to measure.

Spins s_i = ±1 sit on a periodic chain (``dim=1``) or square lattice (``dim=2``) with energy

    E = -J Σ_<ij> s_i s_j - h Σ_i s_i,

the first sum running over nearest-neighbour bonds, and are sampled from the Boltzmann
distribution P(s) ∝ exp(-E(s) / T) (k_B = 1). The course starts here because a Hopfield network
that stores one pattern is this model in disguise.

- :mod:`.simulation`: :func:`simulate` (Metropolis, Glauber, heat bath, Wolff) and friends;
- :mod:`.multispin`: :func:`simulate_many`, 64 independent lattices per machine word;
- :mod:`.observables`: Binder's cumulant, specific heat, susceptibility, autocorrelation time,
  and temperature scans (one lattice after another, or many replicas at once);
- :mod:`.curie_weiss`: the complete graph, one stored pattern;
- :mod:`.enumeration`: every state of a tiny lattice, exactly weighted;
- the exact results (Onsager, Yang, Kaufman, the chain) live in
  :mod:`hopfield_edu.theory.ising`, the mean-field magnetisation in
  :mod:`hopfield_edu.theory.mean_field`; both are re-exported here.
"""

from ..theory.ising import (CRITICAL_TEMPERATURE, chain_correlation, chain_energy, exact_energy,
                            exact_magnetization, torus_energy, torus_specific_heat)
from ..theory.mean_field import mean_field_magnetization
from .curie_weiss import CurieWeissRun, simulate_curie_weiss
from .enumeration import IsingEnumeration, enumerate_states
from .multispin import IsingReplicas, simulate_many
from .observables import (TemperatureScan, autocorrelation_time, binder_cumulant,
                          scan_replicas, scan_temperatures, specific_heat, susceptibility)
from .simulation import (ALGORITHMS, ORDERS, IsingRun, lattice_energy, sample_configurations,
                         simulate)

__all__ = ["ALGORITHMS", "CRITICAL_TEMPERATURE", "CurieWeissRun", "IsingEnumeration",
           "IsingReplicas", "IsingRun", "ORDERS", "TemperatureScan", "autocorrelation_time",
           "binder_cumulant", "chain_correlation", "chain_energy", "enumerate_states",
           "exact_energy", "exact_magnetization", "lattice_energy", "mean_field_magnetization",
           "sample_configurations", "scan_replicas", "scan_temperatures", "simulate",
           "simulate_curie_weiss", "simulate_many", "specific_heat", "susceptibility",
           "torus_energy", "torus_specific_heat"]
