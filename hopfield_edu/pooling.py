"""A Hopfield layer that learns: pooling a bag of instances by retrieval with a learned query.

Ramsauer et al. (2021, Sec. 3) turn the modern Hopfield update into layers; in *Hopfield
pooling* the stored patterns are the instances of a set, and one learned query retrieves from
them. It suits multiple-instance learning (Dietterich, Lathrop & Lozano-Pérez 1997), where a
label belongs to a bag of instances, not to any one of them, and attention pooling was shown
to learn which instances matter (Ilse, Tomczak & Welling 2018). For a bag with keys k_i (the
instances x_i, or W_Kᵀ x_i with a learned key projection W_K) the layer makes one update of the
modern Hopfield network from the learned query q, with the unit keys as the stored patterns,
and asks how well the retrieved pattern matches the query:

    p = softmax(β c),  c_i = cos(k_i, q),  ξ = Σ_i p_i k_i/‖k_i‖,  z = a q̂·ξ + b = a Σ_i p_i c_i + b,

and P(positive) = σ(z). The scores are cosines, so that β alone sets how sharply the layer
retrieves: with raw dot products only the product of β and the query's length could be learned.
The query, log β, W_K, the gain a and the bias b are learned by Adam (Kingma & Ba 2015) on the
mean cross-entropy.

The same class pools by the mean (``pooling="mean"``: ξ the mean unit key, so z = a mean_i c_i +
b, the limit β → 0) or by the maximum (``pooling="max"``: z = a max_i c_i + b, the limit β → ∞
and the classical multiple-instance assumption that one instance decides), with the same
parameters but β, trained the same way on the same bags.
"""

from __future__ import annotations

import numpy as np

from ._validate import (as_generator, check_array, check_choice, check_fraction, check_int,
                        check_real, check_text)
from .transformer import head_spread
from .patterns import ALPHABET, flip, letters

__all__ = ["HopfieldPooling", "letter_bags"]

POOLINGS = ("softmax", "mean", "max")


def letter_bags(n_bags: int, bag_size: int, *, target: str = "E", others: str | None = None,
                noise: float = 0.2, positive: float = 0.5, rng=None):
    """A multiple-instance task from the course's letters: is the target in the bag?

    Each bag holds ``bag_size`` noisy letters (16 × 16 ±1 images, a fraction ``noise`` of each
    one's pixels flipped). A positive bag holds the ``target`` letter once, at a random place,
    and ``bag_size - 1`` letters drawn with replacement from ``others`` (every other capital
    letter by default); a negative bag holds only letters from ``others``. ``round(positive *
    n_bags)`` bags are positive, in random order.

    Returns
    -------
    bags : numpy.ndarray
        ``int8`` ±1, shape ``(n_bags, bag_size, 256)``.
    labels : numpy.ndarray
        ``int8`` 1 for a positive bag, 0 for a negative one, shape ``(n_bags,)``.
    """
    n_bags = check_int(n_bags, "n_bags", minimum=1)
    bag_size = check_int(bag_size, "bag_size", minimum=1)
    target = check_text(target, "target")
    if len(target) != 1:
        raise ValueError(f"target must be one character, got {target!r}")
    others = "".join(c for c in ALPHABET if c != target) if others is None else check_text(
        others, "others")
    if target in others:
        raise ValueError(f"others must not contain the target {target!r}, got {others!r}")
    noise = check_fraction(noise, "noise")
    positive = check_fraction(positive, "positive")
    generator = as_generator(rng)
    n_positive = int(round(positive * n_bags))
    labels = generator.permutation(np.repeat(np.array([1, 0], dtype=np.int8),
                                             [n_positive, n_bags - n_positive]))
    glyphs = letters(target + others)
    chosen = generator.integers(1, len(glyphs), (n_bags, bag_size))
    places = generator.integers(0, bag_size, n_bags)
    chosen[labels == 1, places[labels == 1]] = 0  # the target, once in each positive bag
    bags = flip(glyphs[chosen.ravel()], noise, rng=generator)
    return bags.reshape(n_bags, bag_size, -1), labels


def _bags(bags, name: str = "bags", width: int | None = None):
    """Bags as a zero-padded float array (n_bags, largest, dim) and a mask of real instances.

    A 3-D array is a set of bags of one size; a list of 2-D arrays may mix sizes.
    """
    if isinstance(bags, (list, tuple)):
        if not bags:
            raise ValueError(f"{name} must hold at least one bag, got an empty "
                             f"{type(bags).__name__}")
        arrays = []
        for index, bag in enumerate(bags):
            if np.size(bag) == 0:
                raise ValueError(f"{name}[{index}] is an empty bag: every bag needs at least "
                                 f"one instance")
            arrays.append(check_array(bag, f"{name}[{index}]", ndim=2,
                                      shape="(n_instances, dim)"))
        dims = {a.shape[1] for a in arrays}
        if len(dims) > 1:
            raise ValueError(f"every bag in {name} must have instances of one width, got "
                             f"widths {sorted(dims)}")
        largest = max(a.shape[0] for a in arrays)
        X = np.zeros((len(arrays), largest, arrays[0].shape[1]))
        mask = np.zeros((len(arrays), largest), dtype=bool)
        for index, a in enumerate(arrays):
            X[index, :len(a)], mask[index, :len(a)] = a, True
    else:
        shape = np.shape(bags)
        if len(shape) == 3 and 0 in shape[:2]:
            raise ValueError(f"{name} must hold at least one bag of at least one instance, got "
                             f"shape {shape}: empty bags have nothing to pool")
        X = check_array(bags, name, ndim=3, shape="(n_bags, n_instances, dim)")
        mask = np.ones(X.shape[:2], dtype=bool)
    if width is not None and X.shape[2] != width:
        raise ValueError(f"{name} must have instances of width {width}, as in training; got "
                         f"{X.shape[2]}")
    return X, mask


def _labels(labels, n_bags: int) -> np.ndarray:
    y = np.asarray(labels)
    if y.shape != (n_bags,):
        raise ValueError(f"labels must hold one label per bag, shape ({n_bags},); got shape "
                         f"{y.shape}")
    if y.dtype == np.bool_ or not np.issubdtype(y.dtype, np.number) or not np.all(
            (y == 0) | (y == 1)):
        shown = ", ".join(str(value) for value in np.unique(y.astype(str))[:6])
        raise ValueError(f"labels must be 0 (negative bag) or 1 (positive bag), got the values "
                         f"{{{shown}}}")
    return y.astype(np.float64)


def _weighted_sum(weights: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Σ_b Σ_i weights[b, i] X[b, i], as one matrix product."""
    return weights.reshape(-1) @ X.reshape(-1, X.shape[-1])


def _rows_times(X: np.ndarray, v: np.ndarray) -> np.ndarray:
    """X @ v for a 3-D X, as one 2-D matrix-vector product (BLAS)."""
    return (X.reshape(-1, X.shape[-1]) @ v).reshape(X.shape[:-1])


def _unit(a: np.ndarray):
    """a / ‖a‖ along the last axis (0 stays 0), and the norms."""
    norms = np.linalg.norm(a, axis=-1, keepdims=True)
    return a / np.where(norms > 0, norms, 1.0), norms


class HopfieldPooling:
    """Hopfield pooling for multiple-instance learning, trained by gradient descent in NumPy.

    Parameters
    ----------
    pooling : {"softmax", "mean", "max"}
        "softmax" is the Hopfield layer; "mean" and "max" are its limits β → 0 and β → ∞.
    key_dim : int, optional
        Learn a key projection W_K to ``key_dim`` dimensions; by default the keys are the
        instances.
    beta : float
        The inverse temperature β > 0 the softmax starts from; it is learned.
    epochs : int
        Full-batch steps of Adam.
    learning_rate : float
    rng : None, int or numpy.random.Generator
        Draws the starting query (and W_K); the same seed trains the same layer.

    Attributes (after :meth:`fit`)
    ----------
    query : numpy.ndarray
        The unit query q̂ in the space of the instances (W_K q̂ with a key projection): the
        image the layer looks for.
    beta : float or None
        The learned β (None for mean and max pooling).
    gain, bias : float
        a and b.
    parameters : dict
        Every learned array by name: "query", "log_beta" (softmax only), "key_projection"
        (with ``key_dim``), "gain", "bias".
    losses : numpy.ndarray
        The training loss before each step.
    betas : numpy.ndarray
        β before each step (empty for mean and max pooling).
    """

    def __init__(self, *, pooling: str = "softmax", key_dim: int | None = None,
                 beta: float = 1.0, epochs: int = 100, learning_rate: float = 0.1, rng=None):
        self.pooling = check_choice(pooling, "pooling", POOLINGS)
        self.key_dim = None if key_dim is None else check_int(key_dim, "key_dim", minimum=1)
        self.initial_beta = check_real(beta, "beta", minimum=0.0, exclusive_minimum=True)
        self.epochs = check_int(epochs, "epochs", minimum=1)
        self.learning_rate = check_real(learning_rate, "learning_rate", minimum=0.0,
                                        exclusive_minimum=True)
        self.rng = rng
        self.parameters: dict[str, np.ndarray] = {}
        self.losses = self.betas = np.empty(0)

    def __repr__(self) -> str:
        state = "trained" if self.parameters else "untrained"
        return f"HopfieldPooling(pooling={self.pooling!r}, key_dim={self.key_dim}, {state})"

    # --- the learned values ---------------------------------------------------------------

    @property
    def query(self) -> np.ndarray:
        q = _unit(self._trained("query"))[0]
        return self.parameters["key_projection"] @ q if self.key_dim else q

    @property
    def beta(self) -> float | None:
        return float(np.exp(self._trained("log_beta"))) if self.pooling == "softmax" else None

    @property
    def gain(self) -> float:
        return float(self._trained("gain"))

    @property
    def bias(self) -> float:
        return float(self._trained("bias"))

    def _trained(self, name: str) -> np.ndarray:
        if not self.parameters:
            raise RuntimeError("this HopfieldPooling is not trained yet: call fit(bags, labels)")
        return self.parameters[name]

    # --- the layer ------------------------------------------------------------------------

    def _start(self, dim: int, generator: np.random.Generator) -> dict[str, np.ndarray]:
        parameters = {"query": generator.normal(size=self.key_dim or dim),
                      "gain": np.array(1.0), "bias": np.array(0.0)}
        if self.key_dim:
            parameters["key_projection"] = generator.normal(size=(dim, self.key_dim)) \
                / np.sqrt(dim)
        if self.pooling == "softmax":
            parameters["log_beta"] = np.array(np.log(self.initial_beta))
        return parameters

    def _keys(self, parameters, X):
        """The unit keys k̂_i of every instance, and their lengths."""
        return _unit(X @ parameters["key_projection"] if self.key_dim else X)

    def _forward(self, parameters, X, mask, keys=None):
        """The logits z of every bag, the pooling weights p, and what the gradient needs.
        ``keys`` may hold the unit keys already computed (they do not change in training
        without W_K)."""
        k_hat, k_norm = self._keys(parameters, X) if keys is None else keys
        q_hat, q_norm = _unit(parameters["query"])
        cosine = _rows_times(k_hat, q_hat)
        if self.pooling == "mean":
            p = mask / mask.sum(axis=1, keepdims=True)
        elif self.pooling == "max":
            p = np.eye(X.shape[1])[np.argmax(np.where(mask, cosine, -np.inf), axis=1)]
        else:
            scores = np.where(mask, np.exp(parameters["log_beta"]) * cosine, -np.inf)
            p = np.exp(scores - scores.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
        pooled = (p * cosine).sum(axis=1)                          # q̂·ξ = Σ p_i c_i
        z = parameters["gain"] * pooled + parameters["bias"]
        return z, p, (k_hat, k_norm, q_hat, q_norm, cosine, pooled)

    def _loss_and_gradient(self, parameters, X, mask, y, keys=None):
        z, p, (k_hat, k_norm, q_hat, q_norm, cosine, pooled) = self._forward(parameters, X,
                                                                             mask, keys)
        # mean binary cross-entropy of σ(z), written stably: log(1 + e^z) - y z
        loss = float(np.mean(np.logaddexp(0.0, z) - y * z))
        dz = (1.0 / (1.0 + np.exp(-z)) - y) / len(y)               # ∂loss/∂z
        gain = parameters["gain"]
        gradient = {"gain": np.array(dz @ pooled), "bias": np.array(dz.sum())}
        dc = (dz * gain)[:, None] * p                              # through the average of c
        if self.pooling == "softmax":                              # and through the weights
            beta = np.exp(parameters["log_beta"])
            spread = cosine - pooled[:, None]
            gradient["log_beta"] = np.array(np.sum((dz * gain)[:, None] * p * beta * cosine
                                                   * spread))
            dc = dc * (1.0 + beta * spread)
        d_qhat = _weighted_sum(dc, k_hat)                          # c_i = k̂_i·q̂
        gradient["query"] = (d_qhat - (d_qhat @ q_hat) * q_hat) / q_norm[0]
        if self.key_dim:
            d_keys = dc[..., None] * (q_hat - cosine[..., None] * k_hat) / np.where(
                k_norm > 0, k_norm, 1.0)
            gradient["key_projection"] = X.reshape(-1, X.shape[2]).T @ d_keys.reshape(
                -1, d_keys.shape[2])
        return loss, gradient

    # --- public -----------------------------------------------------------------------------

    def fit(self, bags, labels) -> "HopfieldPooling":
        """Learn the layer on ``bags`` (an array ``(n_bags, n_instances, dim)`` or a list of
        ``(n_instances, dim)`` arrays) with ``labels`` 0/1, from a fresh start each call."""
        X, mask = _bags(bags)
        y = _labels(labels, len(X))
        parameters = self._start(X.shape[2], as_generator(self.rng))
        first = {name: np.zeros_like(value) for name, value in parameters.items()}
        second = {name: np.zeros_like(value) for name, value in parameters.items()}
        losses = np.empty(self.epochs)
        betas = np.empty(self.epochs if self.pooling == "softmax" else 0)
        keys = None if self.key_dim else self._keys(parameters, X)
        for step in range(1, self.epochs + 1):
            losses[step - 1], gradient = self._loss_and_gradient(parameters, X, mask, y, keys)
            if betas.size:
                betas[step - 1] = np.exp(parameters["log_beta"])
            for name, g in gradient.items():  # Adam with its usual constants
                first[name] = 0.9 * first[name] + 0.1 * g
                second[name] = 0.999 * second[name] + 0.001 * g * g
                m_hat = first[name] / (1 - 0.9**step)
                v_hat = second[name] / (1 - 0.999**step)
                parameters[name] = np.asarray(parameters[name] - self.learning_rate * m_hat
                                              / (np.sqrt(v_hat) + 1e-8))
        self.parameters, self.losses, self.betas = parameters, losses, betas
        return self

    def _checked(self, bags):
        width = self._trained("query").size
        if self.key_dim:
            width = self.parameters["key_projection"].shape[0]
        return _bags(bags, width=width)

    def predict_proba(self, bags) -> np.ndarray:
        """P(positive) = σ(z) for each bag."""
        X, mask = self._checked(bags)
        return 1.0 / (1.0 + np.exp(-self._forward(self.parameters, X, mask)[0]))

    def predict(self, bags) -> np.ndarray:
        """1 for the bags the layer calls positive (σ(z) > ½), 0 for the others."""
        return (self.predict_proba(bags) > 0.5).astype(np.int8)

    def weights(self, bags) -> np.ndarray:
        """The pooling weights p over each bag's instances, ``(n_bags, largest bag)``; 0 beyond
        a bag's end. Uniform for mean pooling, 1 on the best-matching instance for max pooling."""
        X, mask = self._checked(bags)
        return self._forward(self.parameters, X, mask)[1]

    def spread(self, bags, *, mass: float = 0.9) -> np.ndarray:
        """For each bag, the fewest instances holding ``mass`` of the pooling weights
        (:func:`hopfield_edu.transformer.head_spread`): 1 when the layer retrieves one instance,
        about ``mass`` times the bag's size when it averages."""
        if self.pooling != "softmax":
            raise ValueError(f"spread needs pooling='softmax', this layer pools by "
                             f"{self.pooling!r}")
        X, mask = self._checked(bags)
        mass = check_real(mass, "mass", minimum=0.0, maximum=1.0, exclusive_minimum=True)
        keys = self._keys(self.parameters, X)[0]
        q_hat = _unit(self.parameters["query"])[0][None]
        return np.array([head_spread(q_hat, k[m], scale=self.beta, mass=mass)[0]
                         for k, m in zip(keys, mask)])

    def loss(self, bags, labels) -> float:
        """The mean cross-entropy of the trained layer on ``bags``."""
        X, mask = self._checked(bags)
        z = self._forward(self.parameters, X, mask)[0]
        y = _labels(labels, len(X))
        return float(np.mean(np.logaddexp(0.0, z) - y * z))

    def gradient(self, bags, labels) -> dict[str, np.ndarray]:
        """∂loss/∂(every learned array), written out (``parameters`` names them); the tests
        hold it to finite differences."""
        X, mask = self._checked(bags)
        return self._loss_and_gradient(self.parameters, X, mask, _labels(labels, len(X)))[1]
