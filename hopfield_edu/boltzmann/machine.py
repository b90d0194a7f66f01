"""The fully visible Boltzmann machine: a Hopfield network at temperature T, learning from data.

Ackley, Hinton and Sejnowski (1985) took Hopfield's energy E(s) = -½ sᵀJs - b·s over ±1 units
and read it as a probability, P(s) = exp(-E(s)/T) / Z. Learning then means choosing J and b so
that P matches the data, and the gradient of the mean log-likelihood is a difference of two
correlations,

    ∂L/∂J_ij = ⟨s_i s_j⟩_data - ⟨s_i s_j⟩_model,    ∂L/∂b_i = ⟨s_i⟩_data - ⟨s_i⟩_model,

Hebb's rule on the data minus the same rule on the network's own samples. Here T = 1 for
learning and likelihood (J and b absorb it); :meth:`BoltzmannMachine.sample` takes any T.
"""

from __future__ import annotations

import numpy as np

from .. import _kernels
from .._validate import (as_generator, check_array, check_choice, check_int, check_real,
                         check_states)
from ._enumeration import (all_states, check_enumerable, log_sum_exp, state_blocks,
                           weighted_sums)

__all__ = ["FIT_METHODS", "BoltzmannMachine"]

#: How :meth:`BoltzmannMachine.fit` estimates the model's correlations.
FIT_METHODS = ("pcd", "exact")


def _square_symmetric(value, name: str, n: int) -> np.ndarray:
    """A float64 copy of a symmetric (n, n) matrix with a zero diagonal, or a clear error."""
    matrix = check_array(value, name, ndim=2, shape=f"({n}, {n})")
    if matrix.shape != (n, n):
        raise ValueError(f"{name} must have shape ({n}, {n}), got {matrix.shape}")
    if not np.allclose(matrix, matrix.T, rtol=0.0, atol=1e-12 * max(1.0, np.abs(matrix).max())):
        raise ValueError(f"{name} must be symmetric (J = Jᵀ): the energy counts each pair once")
    if np.any(np.diag(matrix) != 0):
        raise ValueError(f"{name} must have a zero diagonal: a ±1 unit's s_i² = 1 adds only a "
                         f"constant to the energy")
    return (matrix + matrix.T) / 2


class BoltzmannMachine:
    """A fully visible Boltzmann machine of n ±1 units (Ackley, Hinton & Sejnowski 1985).

    P(s) = exp(-E(s)/T) / Z with E(s) = -½ sᵀJs - b·s: the couplings J are symmetric with a
    zero diagonal, b are the biases. Units are ±1: 0/1 data are refused (convert with
    ``2 * x - 1``).

    Parameters
    ----------
    n_units : int
    couplings : array, shape ``(n_units, n_units)``, optional
        Symmetric, zero diagonal; zero by default.
    biases : array, shape ``(n_units,)``, optional
        Zero by default.

    Attributes
    ----------
    couplings, biases : numpy.ndarray
        float64; :meth:`fit` changes them in place.
    n_units : int

    Notes
    -----
    A Hopfield network with weights W is the machine with J = W / T at T = 1.
    """

    def __init__(self, n_units: int, *, couplings=None, biases=None):
        self.n_units = check_int(n_units, "n_units", minimum=1)
        n = self.n_units
        self.couplings = (np.zeros((n, n)) if couplings is None
                          else _square_symmetric(couplings, "couplings", n))
        if biases is None:
            self.biases = np.zeros(n)
        else:
            self.biases = check_array(biases, "biases", ndim=1, shape=f"({n},)")
            if self.biases.shape != (n,):
                raise ValueError(f"biases must have shape ({n},), got {self.biases.shape}")
        self._chains = None

    def __repr__(self) -> str:
        return f"BoltzmannMachine({self.n_units} units)"

    def _states(self, value, name: str, ndim=(1, 2)) -> np.ndarray:
        return check_states(value, name, self.n_units, ndim=ndim)

    def energy(self, states):
        """E(s) = -½ sᵀJs - b·s of one state (a float) or of each row of a batch (an array)."""
        s = self._states(states, "states").astype(np.float64)
        energy = -0.5 * np.sum((s @ self.couplings) * s, axis=-1) - s @ self.biases
        return float(energy) if energy.ndim == 0 else energy

    # --- exact, by enumeration (n_units ≤ 20) --------------------------------------------------

    def _minus_energy(self, block: np.ndarray) -> np.ndarray:
        """-E(s) for each row of a float64 block of states."""
        return 0.5 * np.sum((block @ self.couplings) * block, axis=1) + block @ self.biases

    def _log_weights(self) -> np.ndarray:
        """-E(s) for every state, in the order of :func:`all_states`."""
        return np.concatenate([self._minus_energy(block)
                               for block in state_blocks(self.n_units, -1)])

    def log_partition(self) -> float:
        """ln Z = ln Σ_s exp(-E(s)) at T = 1, exactly, by enumerating the 2**n states."""
        check_enumerable(self.n_units, "log_partition")
        return log_sum_exp(self._log_weights())

    def log_likelihood(self, samples) -> float:
        """The mean of ln P(s) over ``samples`` (rows of ±1), exactly, by enumeration."""
        check_enumerable(self.n_units, "log_likelihood")
        s = self._states(samples, "samples", ndim=2)
        return float(-np.mean(self.energy(s)) - self.log_partition())

    def distribution(self) -> tuple[np.ndarray, np.ndarray]:
        """Every state (``int8`` rows, shape ``(2**n, n)``) and its probability P(s) at T = 1."""
        check_enumerable(self.n_units, "distribution")
        log_weights = self._log_weights()
        probabilities = np.exp(log_weights - log_sum_exp(log_weights))
        return all_states(self.n_units, -1), probabilities

    def moments(self) -> tuple[np.ndarray, np.ndarray]:
        """The model's ⟨s_i⟩ and ⟨s_i s_j⟩ at T = 1, exactly, by enumeration."""
        check_enumerable(self.n_units, "moments")
        _, means, correlations = weighted_sums(self.n_units, -1, self._minus_energy)
        return means, correlations

    # --- sampling and learning -----------------------------------------------------------------

    def _run_chains(self, chains: np.ndarray, sweeps: int, temperature: float,
                    lanes: np.ndarray) -> int:
        """Sweep the chains in place with the compiled kernel, drawing from ``lanes``."""
        return _kernels.gibbs_sweeps(self.couplings.astype(np.float32),
                                     self.biases.astype(np.float32), 2.0 / temperature, chains,
                                     sweeps, lanes)

    def sample(self, chains: int, *, sweeps: int = 100, temperature: float = 1.0, start=None,
               rng=None) -> np.ndarray:
        """The states of independent Gibbs chains after ``sweeps`` sequential sweeps.

        Parameters
        ----------
        chains : int
            How many chains, each from its own start.
        sweeps : int, optional
            Sweeps per chain; a sweep updates every unit once, in order, from its conditional
            distribution P(s_i = +1 | rest) = 1 / (1 + exp(-2 h_i / T)), h = Js + b.
        temperature : float, optional
            T > 0.
        start : array of ±1, shape ``(chains, n_units)``, optional
            Where the chains start; independent random states by default.
        rng : None, int or numpy.random.Generator, optional

        Returns
        -------
        numpy.ndarray
            ``int8`` ±1, shape ``(chains, n_units)``.
        """
        chains = check_int(chains, "chains", minimum=1)
        sweeps = check_int(sweeps, "sweeps", minimum=0)
        temperature = check_real(temperature, "temperature", minimum=0.0, exclusive_minimum=True)
        generator = as_generator(rng)
        if start is None:
            states = np.where(generator.random((chains, self.n_units)) < 0.5, 1,
                              -1).astype(np.int8)
        else:
            states = self._states(start, "start", ndim=2)
            if len(states) != chains:
                raise ValueError(f"start must hold one state per chain ({chains}), got "
                                 f"{len(states)}")
        self._run_chains(states, sweeps, temperature,
                         _kernels.seed_lanes(_kernels.seed_state(generator)))
        return states

    def fit(self, samples, *, steps: int = 200, learning_rate: float = 0.1,
            method: str = "pcd", chains: int = 1000, sweeps: int = 1,
            rng=None) -> BoltzmannMachine:
        """Learn J and b from ``samples`` by gradient ascent on the mean log-likelihood.

        Each step adds ``learning_rate`` times ⟨s_i s_j⟩_data - ⟨s_i s_j⟩_model to J (off the
        diagonal) and ⟨s_i⟩_data - ⟨s_i⟩_model to b. The data term is computed once.

        Parameters
        ----------
        samples : array of ±1, shape ``(n_samples, n_units)``
        steps : int, optional
        learning_rate : float, optional
            > 0. Exact gradient ascent converges when it is below 2 / λ_max, λ_max the largest
            eigenvalue of the covariance of the products s_i s_j and units s_i under the
            model (the Fisher information); a few tenths is safe for weak couplings.
        method : {"pcd", "exact"}, optional
            "pcd": the model term from ``chains`` persistent Gibbs chains, each advanced by
            ``sweeps`` sweeps per step and never restarted, as in persistent contrastive
            divergence (Tieleman 2008); they start from randomly chosen samples and carry over
            to the next call of ``fit``. "exact": the
            model term by enumerating all 2**n states (n_units ≤ 20).
        chains, sweeps : int, optional
            For "pcd".
        rng : None, int or numpy.random.Generator, optional
            For "pcd": the chains' starts and their sweeps.

        Returns
        -------
        BoltzmannMachine
            This machine, trained.
        """
        data = self._states(samples, "samples", ndim=2).astype(np.float64)
        steps = check_int(steps, "steps", minimum=1)
        learning_rate = check_real(learning_rate, "learning_rate", minimum=0.0,
                                   exclusive_minimum=True)
        check_choice(method, "method", FIT_METHODS)
        chains = check_int(chains, "chains", minimum=1)
        sweeps = check_int(sweeps, "sweeps", minimum=1)
        if method == "exact":
            check_enumerable(self.n_units, "fit(method='exact')")
        generator = as_generator(rng)
        data_means = data.mean(axis=0)
        data_correlations = data.T @ data / len(data)
        if method == "pcd" and (self._chains is None or len(self._chains) != chains):
            self._chains = data[generator.integers(len(data), size=chains)].astype(np.int8)
        lanes = _kernels.seed_lanes(_kernels.seed_state(generator))
        for _ in range(steps):
            if method == "exact":
                means, correlations = self.moments()
            else:
                self._run_chains(self._chains, sweeps, 1.0, lanes)
                s = self._chains.astype(np.float64)
                means, correlations = s.mean(axis=0), s.T @ s / chains
            step = learning_rate * (data_correlations - correlations)
            np.fill_diagonal(step, 0.0)
            self.couplings += (step + step.T) / 2
            self.biases += learning_rate * (data_means - means)
        return self
