"""Lagrangians: one function per layer of neurons, whose gradient is the layer's activation.

Krotov and Hopfield (2021) describe every layer of an associative memory by a convex function
L(x) of its internal states x, its **Lagrangian**. The layer's outputs (its activations, firing
rates) are the gradient g = ∇L(x), and its contribution to the network's energy is the Legendre
term x·g - L(x). A sigmoid, a softmax and a linear unit are then three choices of L:

- ``"quadratic"``: L = ½ Σ x², g = x (linear units);
- ``"log-cosh"``: L = λ⁻¹ Σ ln cosh(λ x), g = tanh(λ x), a sigmoid of gain λ (Hopfield 1984);
- ``"polynomial"``: L = Σ xⁿ (n even) or Σ max(x, 0)ⁿ (``rectified``), g = n xⁿ⁻¹, the
  interaction functions of dense associative memory (Krotov & Hopfield 2016);
- ``"log-sum-exp"``: L = β⁻¹ ln Σ exp(β x), g = softmax(β x), the modern network (Ramsauer et
  al. 2020).

All of them are convex, which is what makes the energy of :mod:`hopfield_edu.two_layer` fall.
:class:`Lagrangian` also takes a reader's own pair of functions.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ._validate import check_array, check_bool, check_int, check_real, check_text

__all__ = ["LAGRANGIANS", "Lagrangian", "lagrangian"]

#: The names :func:`lagrangian` knows, each with the parameters it takes.
LAGRANGIANS = {"quadratic": (), "log-cosh": ("gain",), "polynomial": ("degree", "rectified"),
               "log-sum-exp": ("beta",)}


class Lagrangian:
    """The Lagrangian L(x) of a layer of neurons and its activation g(x) = ∇L(x).

    Parameters
    ----------
    value : callable
        ``value(x)`` returns L(x), summed over the last axis of x (one number per state).
    activation : callable
        ``activation(x)`` returns ∇L(x), an array of the shape of x. It must be the gradient
        of ``value`` and L must be convex: :func:`hopfield_edu.checks.check_lagrangian` tests
        both.
    name : str, optional
    legendre : callable, optional
        ``legendre(x)`` = x·∇L(x) - L(x), summed over the last axis, computed in a way that
        stays accurate where the direct formula cancels; by default the direct formula.

    Notes
    -----
    Every method works on one state (shape ``(n,)``) or a batch of states as rows. Only the
    Legendre term, never L itself, enters the energy, so adding a constant to L changes
    nothing but the energy's zero.
    """

    def __init__(self, value: Callable, activation: Callable, *, name: str = "custom",
                 legendre: Callable | None = None):
        for function, label in ((value, "value"), (activation, "activation"),
                                (legendre, "legendre")):
            if function is not None and not callable(function):
                raise TypeError(f"{label} must be a function of the state x, got "
                                f"{type(function).__name__}")
        if value is None or activation is None:
            raise TypeError("a Lagrangian needs both value(x) and activation(x)")
        self.name = check_text(name, "name")
        self._value, self._activation = value, activation
        self._legendre_term = legendre

    def __repr__(self) -> str:
        return f"Lagrangian({self.name!r})"

    # --- unchecked versions, for the networks' inner loops --------------------------------------

    def _legendre(self, x: np.ndarray) -> np.ndarray:
        if self._legendre_term is not None:
            return self._legendre_term(x)
        return np.sum(x * self._activation(x), axis=-1) - self._value(x)

    def _checked_output(self, result, x: np.ndarray, what: str) -> np.ndarray:
        """What a reader's function returned, as a float array of the expected shape."""
        expected = x.shape if what == "activation" else x.shape[:-1]
        out = np.asarray(result, dtype=np.float64)
        if out.shape != expected:
            raise ValueError(f"the {what} of the Lagrangian {self.name!r} must return shape "
                             f"{expected} for states of shape {x.shape}; it returned shape "
                             f"{out.shape}" + (" (sum over the last axis only: "
                                               "np.sum(..., axis=-1))"
                                               if what != "activation" else ""))
        return out

    # --- checked public methods -----------------------------------------------------------------

    def _states(self, x) -> np.ndarray:
        return check_array(x, "x", ndim=(1, 2), shape="(n,) or (batch, n)")

    def value(self, x):
        """L(x): a float for one state, an array for a batch."""
        x = self._states(x)
        out = self._checked_output(self._value(x), x, "value")
        return float(out) if out.ndim == 0 else out

    def activation(self, x) -> np.ndarray:
        """g(x) = ∇L(x), the layer's outputs."""
        x = self._states(x)
        return self._checked_output(self._activation(x), x, "activation")

    def legendre(self, x):
        """The layer's term of the energy, x·∇L(x) - L(x)."""
        x = self._states(x)
        out = self._checked_output(self._legendre(x), x, "legendre term")
        return float(out) if out.ndim == 0 else out


# --- the presets ------------------------------------------------------------------------------


def _quadratic() -> Lagrangian:
    return Lagrangian(lambda x: 0.5 * np.sum(x * x, axis=-1), lambda x: x.copy(),
                      name="quadratic", legendre=lambda x: 0.5 * np.sum(x * x, axis=-1))


def _log_cosh(gain: float) -> Lagrangian:
    """L = λ⁻¹ Σ ln cosh(λx). Its Legendre term is Hopfield's (1984) integral ∫₀^V g⁻¹(v) dv
    (L(0) = 0, g(0) = 0), from 0 at V = 0 up to ln 2 / λ per unit at V = ±1; written with
    e = exp(-2λ|x|) so that it is exact where tanh rounds to ±1."""

    def value(x):
        a = gain * np.abs(x)
        return np.sum(a + np.log1p(np.exp(-2.0 * a)) - math.log(2.0), axis=-1) / gain

    def legendre(x):
        a = gain * np.abs(x)
        e = np.exp(-2.0 * a)
        return np.sum(-2.0 * np.abs(x) * e / (1.0 + e)
                      + (math.log(2.0) - np.log1p(e)) / gain, axis=-1)

    return Lagrangian(value, lambda x: np.tanh(gain * x), name=f"log-cosh (gain {gain:g})",
                      legendre=legendre)


def _polynomial(degree: int, rectified: bool) -> Lagrangian:
    n = degree

    def part(x):
        return np.maximum(x, 0.0) if rectified else x

    return Lagrangian(lambda x: np.sum(part(x) ** n, axis=-1),
                      lambda x: n * part(x) ** (n - 1),
                      name=f"{'rectified ' if rectified else ''}polynomial (degree {n})",
                      legendre=lambda x: (n - 1) * np.sum(part(x) ** n, axis=-1))


def _log_sum_exp(beta: float) -> Lagrangian:
    """L = β⁻¹ ln Σ exp(βx), shifted by the largest βx; its Legendre term is β⁻¹ Σ p ln p,
    minus the entropy of the softmax p over β."""

    def shifted(x):
        z = beta * x
        z = z - z.max(axis=-1, keepdims=True)
        total = np.sum(np.exp(z), axis=-1, keepdims=True)
        return z, total

    def value(x):
        z, total = shifted(x)
        return (np.max(beta * x, axis=-1) + np.log(total[..., 0])) / beta

    def activation(x):
        z, total = shifted(x)
        return np.exp(z) / total

    def legendre(x):
        z, total = shifted(x)
        p = np.exp(z) / total
        return (np.sum(p * z, axis=-1) - np.log(total[..., 0])) / beta

    return Lagrangian(value, activation, name=f"log-sum-exp (beta {beta:g})",
                      legendre=legendre)


def lagrangian(name: str, **parameters) -> Lagrangian:
    """One of the course's Lagrangians by name, with its parameters.

    Parameters
    ----------
    name : {"quadratic", "log-cosh", "polynomial", "log-sum-exp"}
    gain : float, optional
        λ > 0 of ``"log-cosh"`` (default 1).
    degree : int, optional
        n ≥ 2 of ``"polynomial"`` (default 2); even unless ``rectified``, since Σ xⁿ with odd
        n is not convex.
    rectified : bool, optional
        ``"polynomial"`` only: Σ max(x, 0)ⁿ (default False).
    beta : float, optional
        β > 0 of ``"log-sum-exp"`` (default 1).

    Returns
    -------
    Lagrangian
    """
    if not isinstance(name, str) or name not in LAGRANGIANS:
        known = ", ".join(repr(option) for option in LAGRANGIANS)
        raise ValueError(f"name must be one of {known}; got {name!r} (for a Lagrangian of "
                         f"your own, write Lagrangian(value, activation))")
    unknown = sorted(set(parameters) - set(LAGRANGIANS[name]))
    if unknown:
        takes = ", ".join(LAGRANGIANS[name]) or "no parameters"
        raise TypeError(f"the {name!r} Lagrangian takes {takes}; got {', '.join(unknown)}")
    if name == "quadratic":
        return _quadratic()
    if name == "log-cosh":
        return _log_cosh(check_real(parameters.get("gain", 1.0), "gain", minimum=0.0,
                                exclusive_minimum=True))
    if name == "log-sum-exp":
        return _log_sum_exp(check_real(parameters.get("beta", 1.0), "beta", minimum=0.0,
                                       exclusive_minimum=True))
    degree = check_int(parameters.get("degree", 2), "degree", minimum=2, maximum=30)
    rectified = check_bool(parameters.get("rectified", False), "rectified")
    if degree % 2 and not rectified:
        raise ValueError(f"degree must be even for a polynomial Lagrangian Σ xⁿ, got {degree}: "
                         f"with odd n its curvature n(n-1)xⁿ⁻² is negative for x < 0, so it "
                         f"is not convex and the energy could rise; use rectified=True for "
                         f"Σ max(x, 0)ⁿ")
    return _polynomial(degree, rectified)
