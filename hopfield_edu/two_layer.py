"""The two-layer associative memory of Krotov and Hopfield (2021): one energy for every network.

N feature neurons (states v_i, activations g = ∇L_v(v)) and p memory neurons (states h_μ,
activations f = ∇L_h(h)) are joined by symmetric pairwise synapses ξ_μi, the stored patterns,
and by nothing else (Krotov & Hopfield 2021):

    τ_f dv_i/dt = Σ_μ ξ_μi f_μ - v_i,        τ_h dh_μ/dt = Σ_i ξ_μi g_i - h_μ.

Their energy

    E = [Σ_i v_i g_i - L_v] + [Σ_μ h_μ f_μ - L_h] - Σ_μ,i f_μ ξ_μi g_i

falls along every trajectory when both Lagrangians are convex:
dE/dt = -τ_f v̇ᵀ (∂²L_v) v̇ - τ_h ḣᵀ (∂²L_h) ḣ ≤ 0.

With fast memory neurons (τ_h → 0) the memory layer follows h = Ξg, and eliminating it leaves
an energy of the features alone, E(v) = [Σ v_i g_i - L_v] - L_h(Ξg): the quadratic L_h gives
-½ Σ_μ (ξ^μ·g)², the classical network; Σ_μ h_μⁿ gives the dense memory -Σ_μ (ξ^μ·g)ⁿ, whose
n-body interactions come from pairwise synapses to the memory neurons that were integrated
out; the log-sum-exp gives -lse(β, Ξg), with linear features the modern network.

The integrator updates the memory layer and then the feature layer, each by the exponential
Euler step of :mod:`hopfield_edu._integrate`. A layer has no synapses within itself, so each
half-step is a step of a convex function of that layer's activations towards its minimum,
and the energy never rises, for any step: with the other layer fixed,
E(v') - E(v) ≤ -((1 - a)/a) (v' - v)·(g' - g) ≤ 0, since g = ∇L_v is monotone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._integrate import relaxation_fraction, steps_for
from ._validate import check_array, check_bool, check_real
from .lagrangian import LAGRANGIANS, Lagrangian, lagrangian

__all__ = ["PRESETS", "TwoLayerMemory", "TwoLayerRun"]

#: The course's networks as Lagrangians: (feature Lagrangian, memory Lagrangian, parameters).
PRESETS = {"classical": ("log-cosh", "quadratic", ("gain",)),
           "dense": ("log-cosh", "polynomial", ("gain", "degree", "rectified")),
           "exponential": ("log-cosh", "log-sum-exp", ("gain", "beta")),
           "modern": ("quadratic", "log-sum-exp", ("beta",))}
_DEFAULTS = {"gain": 10.0, "degree": 4}


@dataclass(frozen=True)
class TwoLayerRun:
    """The result of :meth:`TwoLayerMemory.run`.

    Attributes
    ----------
    times : numpy.ndarray
        0, Δt, 2Δt, ...
    energies : numpy.ndarray
        E(v, h) at each time, ``(steps + 1,)`` or ``(steps + 1, batch)``.
    v, h : numpy.ndarray
        The final states of the feature and memory neurons.
    state : numpy.ndarray
        The final feature activations g(v).
    features, memories : numpy.ndarray or None
        With ``record=True``, the activations g and f at each time.
    """

    times: np.ndarray
    energies: np.ndarray
    v: np.ndarray
    h: np.ndarray
    state: np.ndarray
    features: np.ndarray | None = None
    memories: np.ndarray | None = None


def _layer(value, name: str) -> Lagrangian:
    if isinstance(value, Lagrangian):
        return value
    if isinstance(value, str):
        if value not in LAGRANGIANS:
            known = ", ".join(repr(option) for option in LAGRANGIANS)
            raise ValueError(f"{name} must be a Lagrangian or one of {known}; got {value!r}")
        return lagrangian(value)
    raise TypeError(f"{name} must be a Lagrangian or the name of one, got "
                    f"{type(value).__name__}")


class TwoLayerMemory:
    """Feature and memory neurons joined by the stored patterns (Krotov & Hopfield 2021).

    Parameters
    ----------
    patterns : array, shape ``(p, N)``
        The synapses ξ_μi: one row per memory neuron, one column per feature neuron.
    feature, memory : Lagrangian or str, optional
        The Lagrangians of the two layers, or the names of presets of
        :func:`hopfield_edu.lagrangian.lagrangian` with their default parameters.
    tau_feature : float, optional
        τ_f > 0.
    tau_memory : float, optional
        τ_h ≥ 0; 0 puts the memory layer at equilibrium, h = Ξg, at every instant (the
        adiabatic limit).

    Attributes
    ----------
    patterns : numpy.ndarray, read-only
    feature, memory : Lagrangian
    tau_feature, tau_memory : float
    """

    def __init__(self, patterns, *, feature="log-cosh", memory="quadratic",
                 tau_feature: float = 1.0, tau_memory: float = 0.1):
        self.patterns = check_array(patterns, "patterns", ndim=2, shape="(p, N)")
        self.patterns.flags.writeable = False
        self.feature = _layer(feature, "feature")
        self.memory = _layer(memory, "memory")
        self.tau_feature = check_real(tau_feature, "tau_feature", minimum=0.0,
                                      exclusive_minimum=True)
        self.tau_memory = check_real(tau_memory, "tau_memory", minimum=0.0)
        # a reader's Lagrangian is tried once here, so that a wrong shape is reported clearly
        for layer, size in ((self.feature, self.n_features), (self.memory, self.n_memories)):
            probe = np.full((2, size), 0.1)
            layer._checked_output(layer._activation(probe), probe, "activation")
            layer._checked_output(layer._legendre(probe), probe, "legendre term")
            layer._checked_output(layer._value(probe), probe, "value")

    @classmethod
    def preset(cls, name: str, patterns, **parameters) -> TwoLayerMemory:
        """One of the course's networks as a two-layer memory.

        ``"classical"``: tanh features, quadratic memory Lagrangian (Hopfield 1982/1984);
        ``"dense"``: tanh features, polynomial memory Lagrangian of ``degree`` n (Krotov &
        Hopfield 2016; default n = 4); ``"exponential"``: tanh features, log-sum-exp memory
        Lagrangian (Demircigil et al. 2017; ranks states as :class:`DenseAssociativeMemory`
        with the exponential interaction does); ``"modern"``: linear features, log-sum-exp
        (Ramsauer et al. 2020). ``gain`` (default 10), ``degree``, ``rectified`` and ``beta``
        (default 1) set the Lagrangians; ``tau_feature`` and ``tau_memory`` pass through.
        """
        if not isinstance(name, str) or name not in PRESETS:
            known = ", ".join(repr(option) for option in PRESETS)
            raise ValueError(f"name must be one of {known}; got {name!r}")
        feature, memory, allowed = PRESETS[name]
        times = {key: parameters.pop(key) for key in ("tau_feature", "tau_memory")
                 if key in parameters}
        unknown = sorted(set(parameters) - set(allowed))
        if unknown:
            raise TypeError(f"the {name!r} preset takes {', '.join(allowed)}, tau_feature and "
                            f"tau_memory; got {', '.join(unknown)}")
        settings = {**{key: _DEFAULTS[key] for key in allowed if key in _DEFAULTS},
                    **parameters}
        own = {key: value for key, value in settings.items() if key in LAGRANGIANS[feature]}
        rest = {key: value for key, value in settings.items() if key not in own}
        return cls(patterns, feature=lagrangian(feature, **own),
                   memory=lagrangian(memory, **rest), **times)

    @property
    def n_features(self) -> int:
        return self.patterns.shape[1]

    @property
    def n_memories(self) -> int:
        return self.patterns.shape[0]

    def __repr__(self) -> str:
        return (f"TwoLayerMemory({self.n_features} feature neurons: {self.feature.name}; "
                f"{self.n_memories} memory neurons: {self.memory.name})")

    # --- checking states ------------------------------------------------------------------------

    def _states(self, value, name: str, layer: str = "feature") -> np.ndarray:
        size = self.n_features if layer == "feature" else self.n_memories
        x = check_array(value, name, ndim=(1, 2), shape=f"({size},) or (batch, {size})")
        if x.shape[-1] != size:
            raise ValueError(f"{name} must have {size} entries, one per {layer} neuron; got "
                             f"shape {x.shape}")
        return x

    def _pair(self, v, h, v_name: str = "v", h_name: str = "h"):
        v = self._states(v, v_name)
        h = self._states(h, h_name, "memory")
        if v.shape[:-1] != h.shape[:-1]:
            raise ValueError(f"{v_name} and {h_name} must hold the same number of states; got "
                             f"shapes {v.shape} and {h.shape}")
        return v, h

    # --- the energy and the dynamics ------------------------------------------------------------

    def _energy(self, v, h, f, drive) -> np.ndarray:
        """E from the states, the memory activations f and the memories' input Ξg."""
        return (self.feature._legendre(v) + self.memory._legendre(h)
                - np.sum(f * drive, axis=-1))

    def energy(self, v, h):
        """E(v, h) of Krotov & Hopfield (2021): a float, or an array for a batch."""
        v, h = self._pair(v, h)
        e = self._energy(v, h, self.memory._activation(h),
                         self.feature._activation(v) @ self.patterns.T)
        return float(e) if np.ndim(e) == 0 else e

    def adiabatic_energy(self, v):
        """The energy with the memory layer at equilibrium, [Σ v_i g_i - L_v] - L_h(Ξ g).

        The smallest E(v, h) over h (for a convex L_h), reached at h = Ξ g(v).
        """
        v = self._states(v, "v")
        g = self.feature._activation(v)
        e = self.feature._legendre(v) - self.memory._value(g @ self.patterns.T)
        return float(e) if np.ndim(e) == 0 else e

    def update(self, state) -> np.ndarray:
        """One round trip through the memories, g ← g(Ξᵀ f(Ξ g)), from feature activations.

        The memory layer goes to equilibrium with the features, then the features go to
        equilibrium with the memories: a step of any length with τ_h = 0. For the ``"modern"``
        preset it is Xᵀ softmax(β X ξ), :meth:`hopfield_edu.ModernHopfield.update`.
        """
        g = self._states(state, "state")
        f = self.memory._activation(g @ self.patterns.T)
        return self.feature._activation(f @ self.patterns)

    def _advance(self, v, h, drive, a_feature: float, a_memory: float):
        """One step from (v, h), given the memories' input ``drive`` = Ξ g(v): the memory layer
        moves towards Ξg, then the feature layer towards Ξᵀf. Returns v, h, g, f and the new
        drive."""
        if self.tau_memory > 0:
            h = h + a_memory * (drive - h)
        v = v + a_feature * (self.memory._activation(h) @ self.patterns - v)
        g = self.feature._activation(v)
        drive = g @ self.patterns.T
        if self.tau_memory == 0:  # the memory layer stays at equilibrium
            h = drive
        return v, h, g, self.memory._activation(h), drive

    def step(self, v, h, dt: float):
        """One step of length ``dt``: the memory layer, then the feature layer; returns (v, h)."""
        v, h = self._pair(v, h)
        dt = check_real(dt, "dt", minimum=0.0, exclusive_minimum=True)
        drive = self.feature._activation(v) @ self.patterns.T
        v, h, *_ = self._advance(v, h, drive, relaxation_fraction(dt, self.tau_feature),
                                 relaxation_fraction(dt, self.tau_memory))
        return v, h

    def run(self, v0, h0=None, *, duration: float = 10.0, dt: float = 0.1,
            record: bool = True) -> TwoLayerRun:
        """Integrate from feature states ``v0`` and memory states ``h0`` (default 0).

        ``v0`` is one state or a batch as rows. With ``tau_memory = 0`` the memory layer is
        always at equilibrium and ``h0`` must be left out. ``record`` keeps both layers'
        activations at every step; the energies are always kept.
        """
        v = self._states(v0, "v0")
        g = self.feature._activation(v)
        drive = g @ self.patterns.T
        if self.tau_memory == 0:
            if h0 is not None:
                raise ValueError("h0 has no effect with tau_memory = 0: the memory layer is at "
                                 "equilibrium, h = Ξ g(v); leave h0 out")
            h = drive
        elif h0 is None:
            h = np.zeros(v.shape[:-1] + (self.n_memories,))
        else:
            v, h = self._pair(v, h0, "v0", "h0")
        dt, steps = steps_for(duration, dt)
        record = check_bool(record, "record")
        a_feature = relaxation_fraction(dt, self.tau_feature)
        a_memory = relaxation_fraction(dt, self.tau_memory)
        f = self.memory._activation(h)
        energies = [self._energy(v, h, f, drive)]
        features, memories = ([g], [f]) if record else (None, None)
        for _ in range(steps):
            v, h, g, f, drive = self._advance(v, h, drive, a_feature, a_memory)
            energies.append(self._energy(v, h, f, drive))
            if record:
                features.append(g)
                memories.append(f)
        return TwoLayerRun(times=dt * np.arange(steps + 1), energies=np.array(energies), v=v,
                           h=h, state=g, features=np.array(features) if record else None,
                           memories=np.array(memories) if record else None)
