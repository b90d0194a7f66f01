"""The restricted Boltzmann machine: visible units that talk only to hidden ones.

Smolensky's harmonium (1986), now the restricted Boltzmann machine, is a Boltzmann machine with
no couplings inside its two layers. The energy of 0/1 visible units v and 0/1 hidden units h is

    E(v, h) = -aᵀv - bᵀh - vᵀWh,   P(v, h) = exp(-E(v, h)/T) / Z,

and with no couplings inside a layer each layer is independent given the other:
P(h_j = 1 | v) = σ((b_j + vᵀW_j)/T) and P(v_i = 1 | h) = σ((a_i + W_i h)/T), σ(x) = 1/(1 + e^-x).
Summing out the hidden units gives the visible marginal P(v) = exp(-F(v)) / Z (T = 1), with the
free energy F(v) = -aᵀv - Σ_j ln(1 + exp(b_j + vᵀW_j)). Training follows the gradient of the mean
log-likelihood, ⟨v_i h_j⟩_data - ⟨v_i h_j⟩_model, with the model term estimated by contrastive
divergence (CD-k: k steps of block Gibbs sampling from the data; Hinton 2002) or by persistent
chains (PCD; Tieleman 2008), or, for a small model, computed exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import (as_generator, check_bool, check_choice, check_int, check_real,
                         check_states)
from ._enumeration import check_enumerable, log_sum_exp, state_blocks

__all__ = ["GRADIENT_METHODS", "RBM", "Gradient"]

#: How :meth:`RBM.gradient` and :meth:`RBM.fit` estimate the model term.
GRADIENT_METHODS = ("cd", "pcd", "exact")

_SAMPLED = np.float32  # the precision of the sampled (CD and PCD) gradients


def _conditional(units: np.ndarray, weights: np.ndarray, bias: np.ndarray,
                 temperature: float = 1.0, out: np.ndarray | None = None) -> np.ndarray:
    """σ((units @ weights + bias) / T), σ(x) = 1/(1 + e^-x): one layer's conditional probabilities
    given the other (pass ``W.T`` and the visible bias for the visible layer), in a few whole-array
    operations, into ``out`` if given (at training's batch sizes NumPy calls cost the most)."""
    x = np.matmul(units, weights, out=out)
    np.subtract(-bias, x, out=x)  # -(x + bias)
    if temperature != 1.0:
        x /= temperature
    with np.errstate(over="ignore"):  # e^x = inf gives σ = 1/inf = 0, the right limit
        np.exp(x, out=x)
    x += 1.0
    return np.reciprocal(x, out=x)


def _softplus(x: np.ndarray) -> np.ndarray:
    """ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|), without overflow (and, in these five
    vectorised passes, several times faster than np.logaddexp(0, x))."""
    y = np.abs(x)
    np.negative(y, out=y)
    np.exp(y, out=y)
    np.log1p(y, out=y)
    y += np.maximum(x, 0.0)
    return y


@dataclass(frozen=True)
class Gradient:
    """The gradient of the mean log-likelihood of an :class:`RBM`, or an estimate of it.

    Attributes
    ----------
    weights : numpy.ndarray
        ⟨v_i h_j⟩_data - ⟨v_i h_j⟩_model, shape ``(n_visible, n_hidden)``.
    visible_bias, hidden_bias : numpy.ndarray
        ⟨v_i⟩_data - ⟨v_i⟩_model and ⟨h_j⟩_data - ⟨h_j⟩_model.
    """

    weights: np.ndarray
    visible_bias: np.ndarray
    hidden_bias: np.ndarray


class RBM:
    """A restricted Boltzmann machine of 0/1 visible and 0/1 hidden units.

    Units are 0/1 (silent, active): ±1 data are refused (convert with ``(x + 1) // 2``).

    Parameters
    ----------
    n_visible, n_hidden : int
    weight_scale : float, optional
        The weights start as independent normal numbers of this standard deviation, the biases
        at zero (0.01, as Hinton 2010 recommends).
    rng : None, int or numpy.random.Generator, optional
        Draws the starting weights.

    Attributes
    ----------
    weights : numpy.ndarray
        W, float64, shape ``(n_visible, n_hidden)``.
    visible_bias, hidden_bias : numpy.ndarray
        a and b.
    n_visible, n_hidden : int
    """

    def __init__(self, n_visible: int, n_hidden: int, *, weight_scale: float = 0.01, rng=None):
        self.n_visible = check_int(n_visible, "n_visible", minimum=1)
        self.n_hidden = check_int(n_hidden, "n_hidden", minimum=1)
        weight_scale = check_real(weight_scale, "weight_scale", minimum=0.0)
        self.weights = weight_scale * as_generator(rng).standard_normal((self.n_visible,
                                                                         self.n_hidden))
        self.visible_bias = np.zeros(self.n_visible)
        self.hidden_bias = np.zeros(self.n_hidden)
        self._chains = None    # the persistent chains of PCD
        self._velocity = None  # the momentum of fit

    def __repr__(self) -> str:
        return f"RBM({self.n_visible} visible, {self.n_hidden} hidden units)"

    # --- conditionals and energies -------------------------------------------------------------

    def _check(self, value, name: str, n: int, ndim=(1, 2)) -> np.ndarray:
        return check_states(value, name, n, ndim=ndim, binary=True).astype(np.float64)

    def hidden_probabilities(self, visible, *, temperature: float = 1.0) -> np.ndarray:
        """P(h_j = 1 | v) = σ((b_j + vᵀW_j)/T) for one visible state or each row of a batch."""
        v = self._check(visible, "visible", self.n_visible)
        temperature = check_real(temperature, "temperature", minimum=0.0,
                                 exclusive_minimum=True)
        return _conditional(v, self.weights, self.hidden_bias, temperature)

    def visible_probabilities(self, hidden, *, temperature: float = 1.0) -> np.ndarray:
        """P(v_i = 1 | h) = σ((a_i + W_i h)/T) for one hidden state or each row of a batch."""
        h = self._check(hidden, "hidden", self.n_hidden)
        temperature = check_real(temperature, "temperature", minimum=0.0,
                                 exclusive_minimum=True)
        return _conditional(h, self.weights.T, self.visible_bias, temperature)

    def energy(self, visible, hidden):
        """E(v, h) = -aᵀv - bᵀh - vᵀWh, for one pair or row by row for batches."""
        v = self._check(visible, "visible", self.n_visible)
        h = self._check(hidden, "hidden", self.n_hidden)
        energy = (-v @ self.visible_bias - h @ self.hidden_bias
                  - np.sum((v @ self.weights) * h, axis=-1))
        return float(energy) if np.ndim(energy) == 0 else energy

    def free_energy(self, visible):
        """F(v) = -aᵀv - Σ_j ln(1 + exp(b_j + vᵀW_j)) = -ln Σ_h exp(-E(v, h)).

        P(v) = exp(-F(v)) / Z at T = 1. One state gives a float, a batch an array.
        """
        v = self._check(visible, "visible", self.n_visible)
        energy = -v @ self.visible_bias - np.sum(
            _softplus(v @ self.weights + self.hidden_bias), axis=-1)
        return float(energy) if np.ndim(energy) == 0 else energy

    def reconstruct(self, visible) -> np.ndarray:
        """One deterministic pass down and up: P(v = 1 | h) at h = P(h = 1 | v), the
        mean-field reconstruction whose error is the usual (and misleading) training monitor."""
        up = _conditional(self._check(visible, "visible", self.n_visible), self.weights,
                          self.hidden_bias)
        return _conditional(up, self.weights.T, self.visible_bias)

    def sample(self, start, *, steps: int = 1, temperature: float = 1.0, clamp=None,
               rng=None) -> np.ndarray:
        """Block Gibbs sampling: ``steps`` times, h ~ P(h | v), then v ~ P(v | h).

        Parameters
        ----------
        start : array of 0/1, shape ``(n_visible,)`` or ``(k, n_visible)``
            Where each chain starts.
        steps : int, optional
        temperature : float, optional
            T > 0; T < 1 sharpens the conditionals, T > 1 blurs them.
        clamp : boolean array, shape ``(n_visible,)`` or that of ``start``, optional
            Units that keep their value from ``start`` throughout: the rest is completed, as an
            associative memory completes a cue.
        rng : None, int or numpy.random.Generator, optional

        Returns
        -------
        numpy.ndarray
            The visible states after the last step, ``int8`` 0/1, the shape of ``start``.
        """
        v = self._check(start, "start", self.n_visible)
        steps = check_int(steps, "steps", minimum=0)
        temperature = check_real(temperature, "temperature", minimum=0.0,
                                 exclusive_minimum=True)
        fixed = self._clamp(clamp, v.shape)
        generator = as_generator(rng)
        kept = v.copy()
        for _ in range(steps):
            h = self._draw(_conditional(v, self.weights, self.hidden_bias, temperature),
                           generator)
            v = self._draw(_conditional(h, self.weights.T, self.visible_bias, temperature),
                           generator)
            if fixed is not None:
                v = np.where(fixed, kept, v)
        return v.astype(np.int8)

    @staticmethod
    def _clamp(clamp, shape) -> np.ndarray | None:
        if clamp is None:
            return None
        mask = np.asarray(clamp)
        if mask.dtype != np.bool_:
            raise TypeError(f"clamp must be a boolean array (True: keep the unit), got dtype "
                            f"{mask.dtype}")
        if mask.shape not in (shape, shape[-1:]):
            raise ValueError(f"clamp must have shape {shape[-1:]} or {shape}, like start; got "
                             f"{mask.shape}")
        return mask

    @staticmethod
    def _draw(probabilities: np.ndarray, generator: np.random.Generator) -> np.ndarray:
        """0/1 units, each 1 with its probability, in the probabilities' precision."""
        dtype = probabilities.dtype
        return np.less(generator.random(probabilities.shape, dtype), probabilities,
                       out=np.empty(probabilities.shape, dtype))

    # --- exact, by enumerating the smaller layer -----------------------------------------------

    def _smaller_layer(self, what: str) -> bool:
        """Whether the hidden layer is the one to enumerate; refuse if neither is small."""
        check_enumerable(min(self.n_visible, self.n_hidden), what)
        return self.n_hidden <= self.n_visible

    def _hidden_log_weights(self, h: np.ndarray) -> np.ndarray:
        """ln Σ_v exp(-E(v, h)) = bᵀh + Σ_i ln(1 + exp(a_i + W_i h)) for hidden states h."""
        return h @ self.hidden_bias + np.sum(_softplus(h @ self.weights.T + self.visible_bias),
                                             axis=1)

    def log_partition(self) -> float:
        """ln Z at T = 1, exactly: a sum over the 2**n states of the smaller layer, the other
        layer summed out in closed form (n ≤ 20)."""
        if self._smaller_layer("log_partition"):
            blocks = state_blocks(self.n_hidden, 0)
            return log_sum_exp(np.concatenate([self._hidden_log_weights(h) for h in blocks]))
        blocks = state_blocks(self.n_visible, 0)
        return log_sum_exp(np.concatenate([-self.free_energy(v) for v in blocks]))

    def log_likelihood(self, data) -> float:
        """The mean of ln P(v) = -F(v) - ln Z over the rows of ``data``, exactly."""
        self._smaller_layer("log_likelihood")
        v = self._check(data, "data", self.n_visible, ndim=2)
        return float(-np.mean(self.free_energy(v)) - self.log_partition())

    def _exact_model_term(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """⟨v hᵀ⟩, ⟨v⟩ and ⟨h⟩ under the model, by enumerating the smaller layer: each of its
        states weighted by its probability, the other layer replaced by its conditional mean."""
        log_z, W, a, b = self.log_partition(), self.weights, self.visible_bias, self.hidden_bias
        vh, v_mean, h_mean = np.zeros_like(W), np.zeros(self.n_visible), np.zeros(self.n_hidden)
        hidden = self.n_hidden <= self.n_visible
        for block in state_blocks(self.n_hidden if hidden else self.n_visible, 0):
            if hidden:
                p, v, h = self._hidden_log_weights(block), _conditional(block, W.T, a), block
            else:
                p, v, h = -self.free_energy(block), block, _conditional(block, W, b)
            p = np.exp(p - log_z)
            vh += (v * p[:, None]).T @ h
            v_mean += p @ v
            h_mean += p @ h
        return vh, v_mean, h_mean

    # --- learning ------------------------------------------------------------------------------

    def gradient(self, data, *, method: str = "cd", k: int = 1, rng=None) -> Gradient:
        """The gradient of the mean log-likelihood of ``data``, estimated by ``method``.

        The data term is exact: ⟨v_i h_j⟩_data averages v_i P(h_j = 1 | v) over the rows.

        Parameters
        ----------
        data : array of 0/1, shape ``(n_samples, n_visible)``
        method : {"cd", "pcd", "exact"}, optional
            "cd": CD-k, the model term from v_k, k steps of block Gibbs sampling from each data
            row, with P(h = 1 | v_k) for its hidden units (Hinton 2002). "pcd": the same k
            steps taken from persistent chains instead of the data (Tieleman 2008); the chains
            start at the first data given and carry over from call to call. "exact": by
            enumeration of the smaller layer (at most 20 units).
        k : int, optional
            Gibbs steps for "cd" and "pcd", at least 1.
        rng : None, int or numpy.random.Generator, optional

        Returns
        -------
        Gradient
        """
        v0 = self._check(data, "data", self.n_visible, ndim=2)
        check_choice(method, "method", GRADIENT_METHODS)
        k = check_int(k, "k", minimum=1)
        if method == "exact":
            self._smaller_layer("gradient(method='exact')")
        gradient = self._gradient(v0, method, k, as_generator(rng))
        return Gradient(*(np.asarray(part, dtype=np.float64) for part in
                          (gradient.weights, gradient.visible_bias, gradient.hidden_bias)))

    def _gradient(self, v0: np.ndarray, method: str, k: int,
                  generator: np.random.Generator, scale: float = 1.0) -> Gradient:
        """The gradient (times ``scale``) from a batch of data, by ``method``."""
        if method == "exact":
            ph0 = _conditional(v0, self.weights, self.hidden_bias)
            model_vh, model_v, model_h = self._exact_model_term()
            return Gradient(scale * (v0.T @ ph0 / len(v0) - model_vh),
                            scale * (v0.mean(axis=0) - model_v),
                            scale * (ph0.mean(axis=0) - model_h))
        if method == "pcd" and (self._chains is None or self._chains.shape[1] != self.n_visible):
            self._chains = v0.astype(_SAMPLED)
        gradient, negative = self._sampled_gradient(v0, v0 if method == "cd" else self._chains,
                                                    k, generator, scale)
        if method == "pcd":
            self._chains = negative
        return gradient

    def _sampled_gradient(self, v0: np.ndarray, start: np.ndarray, k: int,
                          generator: np.random.Generator, scale: float):
        """CD-k (``start`` is ``v0``) or PCD (``start`` the persistent chains): ``scale`` times
        the gradient, and the visible states v_k of the negative phase.

        The two phases are stacked, V = [v0; v_k] and P = [P(h|v0)/B; -P(h|v_k)/C] for B rows
        of data and C chains, so that one matrix product Vᵀ P gives ⟨v hᵀ⟩_data - ⟨v hᵀ⟩_model.
        It is computed in single precision, 1.4 times faster than double: its rounding, about
        1e-7, is far below the sampling noise of a mini-batch.
        """
        W, a, b = (x.astype(_SAMPLED) for x in (self.weights, self.visible_bias,
                                                 self.hidden_bias))
        rows, chains = len(v0), len(start)
        V = np.empty((rows + chains, self.n_visible), _SAMPLED)
        P = np.empty((rows + chains, self.n_hidden), _SAMPLED)
        data_h, model_h = P[:rows], P[rows:]
        V[:rows] = v0
        _conditional(v0, W, b, out=data_h)
        h = self._draw(data_h if start is v0 else _conditional(start, W, b), generator)
        v = V[rows:]
        for step in range(k):
            np.less(generator.random(v.shape, _SAMPLED), _conditional(h, W.T, a), out=v)
            _conditional(v, W, b, out=model_h)
            if step < k - 1:
                h = self._draw(model_h, generator)
        negative = v.copy() if start is not v0 else None
        data_v = V[:rows].sum(axis=0)
        data_v *= scale / rows
        data_v -= (scale / chains) * v.sum(axis=0)
        data_h *= scale / rows
        model_h *= -scale / chains
        return Gradient(V.T @ P, data_v, P.sum(axis=0)), negative

    def fit(self, data, *, epochs: int = 1, learning_rate: float = 0.05, method: str = "cd",
            k: int = 1, batch_size: int = 20, momentum: float = 0.5, weight_decay: float = 0.0,
            shuffle: bool = True, rng=None) -> RBM:
        """Train by stochastic gradient ascent on the mean log-likelihood of ``data``.

        Each epoch visits the rows in mini-batches of ``batch_size`` (in a new random order
        with ``shuffle``) and, for each, updates the parameters θ by

            Δθ ← momentum · Δθ + learning_rate · (gradient - weight_decay · W),  θ ← θ + Δθ,

        the weight decay acting on the weights only (Hinton 2010); the sampled gradients of "cd"
        and "pcd" are computed in single precision, the parameters kept in double. The momentum
        and the persistent chains of "pcd" carry over to the next call, so that
        ``fit(epochs=1)`` in a loop trains exactly as ``fit(epochs=n)`` does.

        Parameters
        ----------
        data : array of 0/1, shape ``(n_samples, n_visible)``
        epochs : int, optional
        learning_rate : float, optional
            > 0.
        method : {"cd", "pcd", "exact"}, optional
            See :meth:`gradient`; "pcd" keeps ``batch_size`` persistent chains.
        k : int, optional
            Gibbs steps per gradient for "cd" and "pcd".
        batch_size : int, optional
        momentum : float, optional
            In [0, 1).
        weight_decay : float, optional
            ≥ 0.
        shuffle : bool, optional
        rng : None, int or numpy.random.Generator, optional

        Returns
        -------
        RBM
            This machine, trained.
        """
        v = self._check(data, "data", self.n_visible, ndim=2)
        epochs = check_int(epochs, "epochs", minimum=1)
        learning_rate = check_real(learning_rate, "learning_rate", minimum=0.0,
                                   exclusive_minimum=True)
        check_choice(method, "method", GRADIENT_METHODS)
        k = check_int(k, "k", minimum=1)
        batch_size = check_int(batch_size, "batch_size", minimum=1)
        momentum = check_real(momentum, "momentum", minimum=0.0)
        if momentum >= 1:
            raise ValueError(f"momentum must be below 1 (the steps would grow without bound), "
                             f"got {momentum}")
        weight_decay = check_real(weight_decay, "weight_decay", minimum=0.0)
        shuffle = check_bool(shuffle, "shuffle")
        if method == "exact":
            self._smaller_layer("fit(method='exact')")
        generator = as_generator(rng)
        parameters = (self.weights, self.visible_bias, self.hidden_bias)
        if method != "exact":
            v = v.astype(_SAMPLED)
        for _ in range(epochs):
            rows = v[generator.permutation(len(v))] if shuffle else v
            for start in range(0, len(v), batch_size):
                gradient = self._gradient(rows[start:start + batch_size], method, k, generator,
                                          learning_rate)
                steps = (gradient.weights, gradient.visible_bias, gradient.hidden_bias)
                if weight_decay:
                    np.subtract(steps[0], (learning_rate * weight_decay) * self.weights,
                                out=steps[0])
                if not momentum:  # plain gradient ascent: no velocity to keep
                    self._velocity = None
                    for parameter, step in zip(parameters, steps):
                        parameter += step
                    continue
                if self._velocity is None:
                    self._velocity = [np.zeros_like(parameter) for parameter in parameters]
                for parameter, velocity, step in zip(parameters, self._velocity, steps):
                    velocity *= momentum
                    velocity += step
                    parameter += velocity
        return self
