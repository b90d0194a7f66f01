"""Spin glasses: the Sherrington-Kirkpatrick model, and tools for any rugged energy landscape.

The Sherrington-Kirkpatrick (SK, 1975) model couples every pair of N spins by an independent
Gaussian J_ij of mean 0 and variance 1/N, with energy H = -Σ_{i<j} J_ij s_i s_j = -½ sᵀJs. That
is the energy of a Hopfield network with weights J, so its dynamics is the network's: every
function here takes ``weights`` (a symmetric matrix, or a :class:`~hopfield_edu.HopfieldNetwork`,
for instance one storing patterns) and runs :meth:`HopfieldNetwork.recall`, at temperature T > 0
for Glauber dynamics and at T = 0 to fall into a minimum.

- :func:`sk_couplings`: draw J;
- :func:`anneal`: simulated annealing (Kirkpatrick, Gelatt & Vecchi 1983) along a schedule;
- :func:`find_minima`: the distinct fixed points reached from random starts;
- :func:`enumerate_minima`: every fixed point of a small network, and its ground state, exactly;
- :func:`replica_overlaps`: the overlap q of two copies run with the same couplings;
- :func:`frustrated_fraction`: the share of triangles whose three bonds cannot all be satisfied.

The mean-field theory of the SK model is in :mod:`hopfield_edu.theory.mean_field`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_generator, check_array, check_int, check_real, check_spins
from .hopfield import HopfieldNetwork

__all__ = ["Annealing", "Minima", "anneal", "enumerate_minima", "find_minima",
           "frustrated_fraction", "replica_overlaps", "sk_couplings"]

#: Sweeps at most for the final zero-temperature descent; asynchronous dynamics with symmetric
#: weights ends in a fixed point, in a few tens of sweeps at the sizes of the course.
_DESCENT_STEPS = 10_000

#: The largest network :func:`enumerate_minima` accepts: 2^(N-1) states to visit.
_MAX_ENUMERATED = 22


def sk_couplings(n_neurons: int, *, rng=None) -> np.ndarray:
    """Sherrington-Kirkpatrick couplings: J_ij = J_ji ~ N(0, 1/N) independently for i < j.

    Returns a symmetric ``(N, N)`` float64 matrix with a zero diagonal. The variance 1/N makes
    the field on a spin, a sum of N terms, of order one, and the spin-glass transition fall at
    T = 1.
    """
    n = check_int(n_neurons, "n_neurons", minimum=2)
    generator = as_generator(rng)
    couplings = np.zeros((n, n))
    upper = np.triu_indices(n, k=1)
    couplings[upper] = generator.normal(0.0, 1.0 / np.sqrt(n), size=upper[0].size)
    return couplings + couplings.T


def _network(weights) -> HopfieldNetwork:
    return weights if isinstance(weights, HopfieldNetwork) else HopfieldNetwork(weights)


def _start(start, network: HopfieldNetwork, generator: np.random.Generator) -> np.ndarray:
    if isinstance(start, str) and start == "hot":
        return np.where(generator.random(network.n_neurons) < 0.5, 1, -1).astype(np.int8)
    if isinstance(start, str):
        raise ValueError(f"start must be 'hot' (random spins) or a state of ±1, got {start!r}")
    state = check_spins(start, "start", ndim=1)
    if state.size != network.n_neurons:
        raise ValueError(f"start must have {network.n_neurons} units, one per neuron; got "
                         f"{state.size}")
    return state


def _descend(network: HopfieldNetwork, cues: np.ndarray, generator) -> np.ndarray:
    """Zero-temperature asynchronous dynamics from each cue to its fixed point."""
    result = network.recall(cues, max_steps=_DESCENT_STEPS, rng=generator)
    if not np.all(result.converged):  # pragma: no cover - symmetric weights always converge
        raise RuntimeError(f"the descent did not reach a fixed point in {_DESCENT_STEPS} sweeps")
    return result.state


@dataclass(frozen=True)
class Annealing:
    """What :func:`anneal` found.

    Attributes
    ----------
    state : numpy.ndarray
        The final state, ``int8``: a fixed point of the zero-temperature dynamics, reached from
        the last temperature of the schedule.
    energy : float
        Its energy per spin, E / N.
    temperatures : numpy.ndarray
        The schedule.
    energies : numpy.ndarray
        The mean energy per spin over the sweeps at each temperature of the schedule.
    """

    state: np.ndarray
    energy: float
    temperatures: np.ndarray
    energies: np.ndarray


def anneal(weights, temperatures, *, sweeps: int = 10, start="hot", rng=None) -> Annealing:
    """Simulated annealing: Glauber dynamics along a schedule of temperatures, then a descent.

    Parameters
    ----------
    weights : array ``(N, N)`` or HopfieldNetwork
        Symmetric couplings, such as :func:`sk_couplings`; E = -½ sᵀWs.
    temperatures : sequence of float
        The schedule, each T ≥ 0, usually falling; T = 0 is a zero-temperature sweep.
    sweeps : int, optional
        Sweeps at each temperature (a sweep updates every unit once).
    start : "hot" or array of ±1, optional
        "hot" draws a random state.
    rng : None, int or numpy.random.Generator, optional

    Returns
    -------
    Annealing
        The final state is the fixed point that zero-temperature dynamics reaches from where the
        schedule ended: with a zero diagonal (SK couplings, Hebb's rule) a local minimum, which
        no single flip lowers.

    Notes
    -----
    Cooling slowly lets the state leave shallow minima while it still can (Kirkpatrick, Gelatt &
    Vecchi 1983); a schedule that ends fast freezes it in whichever it is in.
    """
    network = _network(weights)
    schedule = check_array(temperatures, "temperatures", ndim=1,
                           shape="(n_temperatures,), a non-empty 1-D sequence")
    if np.any(schedule < 0):
        raise ValueError(f"temperatures must be at least 0, got {schedule.min():g}")
    sweeps = check_int(sweeps, "sweeps", minimum=1)
    generator = as_generator(rng)
    state = _start(start, network, generator)
    n = network.n_neurons
    energies = np.empty(schedule.size)
    for k, T in enumerate(schedule):
        run = network.recall(state, temperature=float(T), max_steps=sweeps, rng=generator,
                             record=True)
        state = run.state
        energies[k] = run.energies[1:].mean() / n
    state = _descend(network, state, generator)
    energies.flags.writeable = False
    schedule.flags.writeable = False
    return Annealing(state=state, energy=network.energy(state) / n, temperatures=schedule,
                     energies=energies)


@dataclass(frozen=True)
class Minima:
    """Fixed points of the zero-temperature dynamics: with a zero diagonal (SK couplings, Hebb's
    rule), the states no single flip can lower.

    E(-s) = E(s), so each pair ±s is listed once, as the state whose first unit is +1.

    Attributes
    ----------
    states : numpy.ndarray
        ``int8``, one per row, in increasing order of energy.
    energies : numpy.ndarray
        Their energies per spin, E / N.
    counts : numpy.ndarray or None
        From :func:`find_minima`: how many starts ended in each (a measure of its basin). None
        from :func:`enumerate_minima`.
    """

    states: np.ndarray
    energies: np.ndarray
    counts: np.ndarray | None = None


def _minima(states: np.ndarray, energies: np.ndarray, counts) -> Minima:
    order = np.lexsort((np.arange(energies.size), energies))
    states, energies = states[order], energies[order]
    states.flags.writeable = False
    energies.flags.writeable = False
    if counts is not None:
        counts = counts[order]
        counts.flags.writeable = False
    return Minima(states=states, energies=energies, counts=counts)


def find_minima(weights, starts: int, *, rng=None) -> Minima:
    """The distinct fixed points that zero-temperature dynamics reaches from random states.

    Each of ``starts`` random states runs asynchronous recall until no unit changes. How many
    distinct minima are found is a lower bound on how many there are: a landscape with a few
    minima sends every start to one of them, a rugged one (the SK model) to ever new ones.
    """
    network = _network(weights)
    starts = check_int(starts, "starts", minimum=1)
    generator = as_generator(rng)
    n = network.n_neurons
    cues = np.where(generator.random((starts, n)) < 0.5, 1, -1).astype(np.int8)
    finals = _descend(network, cues, generator)
    finals = finals * np.where(finals[:, :1] > 0, 1, -1).astype(np.int8)  # one of each ± pair
    states, counts = np.unique(finals, axis=0, return_counts=True)
    energies = np.array([network.energy(state) for state in states]) / n
    return _minima(states, energies, counts)


def enumerate_minima(weights) -> Minima:
    """Every fixed point of a small network, by visiting all 2^(N-1) pairs of states ±s.

    A state is a fixed point when every unit agrees with its field or has a zero one,
    s_i h_i ≥ 0 (a field within 10⁻⁹ of zero, relative to the largest weight, counts as zero,
    so that rounding cannot break a tie). The first row is a ground state. N ≤ 22.
    """
    network = _network(weights)
    n = network.n_neurons
    if n > _MAX_ENUMERATED:
        raise ValueError(f"weights must be at most {_MAX_ENUMERATED} × {_MAX_ENUMERATED} to "
                         f"enumerate all 2^(N-1) states; got N = {n}")
    w = network.weights
    tie = 1e-9 * max(float(np.abs(w).max()), 1e-300)
    bits = np.arange(n - 1)
    found_states, found_energies = [], []
    block = 1 << 14
    for first in range(0, 1 << (n - 1), block):
        codes = np.arange(first, min(first + block, 1 << (n - 1)))
        states = np.ones((codes.size, n), np.int8)
        states[:, 1:] = 1 - 2 * ((codes[:, None] >> bits) & 1)
        agreement = states * (states @ w)  # s_i h_i
        stable = np.all(agreement >= -tie, axis=1)
        found_states.append(states[stable])
        found_energies.append(-0.5 * agreement[stable].sum(axis=1) / n)
    return _minima(np.concatenate(found_states), np.concatenate(found_energies), None)


def replica_overlaps(weights, T: float, *, sweeps: int, burn_in: int = 0,
                     rng=None) -> np.ndarray:
    """The overlap q = s^a·s^b / N of two replicas after each sweep: two copies of the network
    with the same couplings, from independent random states, under independent Glauber dynamics
    at temperature T.

    Above the spin-glass transition the replicas are unrelated and q fluctuates around 0 with
    N⟨q²⟩ → χ_SG (:func:`hopfield_edu.theory.sk_spin_glass_susceptibility`); below, each freezes
    into one of many states and q² stays of order one (Edwards & Anderson 1975).
    """
    network = _network(weights)
    T = check_real(T, "T", minimum=0.0, exclusive_minimum=True)
    sweeps = check_int(sweeps, "sweeps", minimum=1)
    burn_in = check_int(burn_in, "burn_in", minimum=0)
    generator = as_generator(rng)
    replicas = [network.dynamics(_start("hot", network, generator), temperature=T,
                                 rng=generator) for _ in range(2)]
    overlaps = np.empty(sweeps)
    for t in range(burn_in + sweeps):
        for replica in replicas:
            replica.step()
        if t >= burn_in:
            a, b = (replica.state for replica in replicas)
            overlaps[t - burn_in] = int(a.astype(np.int64) @ b) / network.n_neurons
    overlaps.flags.writeable = False
    return overlaps


def frustrated_fraction(weights) -> float:
    """The fraction of triangles i, j, k whose bonds cannot all be satisfied: W_ij W_jk W_ki < 0.

    A bond W_ij is satisfied when s_i s_j has its sign; around a triangle with a negative product
    of signs every state leaves at least one bond unsatisfied (Toulouse 1977). Ferromagnets and
    Mattis models (one stored pattern) have none; the SK model has half. Triangles with a zero
    bond are left out. Counted with traces: with S = sign(W), trace(S³)/6 is the number of
    unfrustrated triangles minus the frustrated ones.
    """
    network = _network(weights)
    signs = np.sign(network.weights)
    np.fill_diagonal(signs, 0.0)
    magnitude = np.abs(signs)
    triangles = float(np.sum((magnitude @ magnitude) * magnitude)) / 6.0
    if triangles == 0:
        raise ValueError("weights have no triangle of three nonzero bonds, so no frustration "
                         "to measure")
    balance = float(np.sum((signs @ signs) * signs)) / 6.0
    return 0.5 * (triangles - balance) / triangles
