"""Boltzmann machines: Hopfield's energy read as a probability, and learned from data.

A Boltzmann machine (Ackley, Hinton & Sejnowski 1985) is a Hopfield network at temperature T:
its states are sampled from P(s) ∝ exp(-E(s)/T), and learning shapes that distribution to the
data. The gradient of the log-likelihood is Hebb's rule on the data minus Hebb's rule on the
network's own samples, its "dreams".

- :mod:`.machine`: :class:`BoltzmannMachine`, fully visible ±1 units; learning by persistent
  Gibbs chains (compiled: :mod:`hopfield_edu._kernels.boltzmann`) or, for small n, exactly;
- :mod:`.rbm`: :class:`RBM`, 0/1 visible and hidden units in two layers; contrastive divergence,
  persistent CD, exact likelihood for small models;
- :mod:`.hopfield_rbm`: :func:`hopfield_as_rbm`, the Hopfield network as the marginal of an RBM
  with Gaussian hidden units (Barra et al. 2012), and the exponential dense memory as that of
  one softmax hidden unit.

Every sum over all states (partition functions, exact likelihoods and gradients) enumerates at
most 20 units (2**20 states), and refuses larger models with a ValueError that says so.
"""

from .hopfield_rbm import HIDDEN_UNITS, HopfieldRBM, hopfield_as_rbm
from .machine import FIT_METHODS, BoltzmannMachine
from .rbm import GRADIENT_METHODS, RBM, Gradient

__all__ = ["FIT_METHODS", "GRADIENT_METHODS", "HIDDEN_UNITS", "RBM", "BoltzmannMachine", "Gradient",
           "HopfieldRBM", "hopfield_as_rbm"]
