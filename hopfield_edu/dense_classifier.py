"""A dense associative memory trained as a classifier: from features to prototypes.

Krotov and Hopfield (2016) train a dense memory to classify images. The network has a unit per
pixel and a label unit per class, and each of its K memories ξ^μ has a weight per unit. To ask
whether image v belongs to class α, set every label unit to −1 (the state x_off) or set unit α to
+1 (the state x_α), and compare the energies: the input to class α is

    h_α = Σ_μ [F(ξ^μ·x_α / T) − F(ξ^μ·x_off / T)],     F(x) = max(x, 0)^n,

and the network answers c_α = tanh(h_α). The memories are learned by gradient descent on
Σ (c_α − t_α)^(2m), with targets t = ±1. The temperature T sets the scale of the overlaps; the
degree n sets how sharply F prefers the best-matching memory. With a small n, many memories add
up to each decision and each one learns a part shared by several classes, a *feature*. With a
large n, one or two memories decide, and each becomes a whole example of one class, a
*prototype*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import (as_generator, check_array, check_fraction, check_int, check_real,
                        check_spins, check_states)
from .patterns import flip, letters

__all__ = ["DenseClassifier", "letter_likeness", "letter_templates", "shifted_letters",
           "train_dense_classifier"]

# The temperature T for each degree, as a fraction of the number of units, by which training
# learns best: chosen by a grid search on held-out letters (seeds other than the notebook's).
# Between the listed degrees it is interpolated.
RELATIVE_TEMPERATURE = {2: 0.10, 3: 0.10, 8: 0.35, 20: 0.55, 30: 0.60}


def shifted_letters(text: str, n_per_letter: int, *, size: int = 16, glyph: int = 12,
                    noise: float = 0.05, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """A labelled set of letter images with the variety a classifier must learn to ignore.

    Each image is one of the letters in ``text``, drawn ``glyph`` pixels high at a random place
    in a ``size`` × ``size`` canvas (so shifted by up to ``size - glyph`` pixels), with a
    fraction ``noise`` of its pixels flipped. The images come in random order.

    Returns
    -------
    images : numpy.ndarray
        ``int8`` ±1 images, shape ``(len(text) * n_per_letter, size * size)``.
    labels : numpy.ndarray
        The index in ``text`` of each image's letter.
    """
    n_per_letter = check_int(n_per_letter, "n_per_letter", minimum=1)
    size = check_int(size, "size", minimum=8, maximum=128)
    glyph = check_int(glyph, "glyph", minimum=8, maximum=size)
    noise = check_fraction(noise, "noise")
    generator = as_generator(rng)
    glyphs = letters(text, size=glyph).reshape(len(text), glyph, glyph)
    labels = generator.permutation(np.repeat(np.arange(len(text)), n_per_letter))
    images = -np.ones((labels.size, size, size), dtype=np.int8)
    rows, cols = generator.integers(0, size - glyph + 1, (2, labels.size))
    for image, label, row, col in zip(images, labels, rows, cols):
        image[row:row + glyph, col:col + glyph] = glyphs[label]
    return flip(images.reshape(labels.size, -1), noise, rng=generator), labels


def letter_templates(text: str, *, size: int = 16, glyph: int = 12) -> np.ndarray:
    """Every letter of ``text`` at every place :func:`shifted_letters` can draw it, without noise:
    ``len(text) * (size - glyph + 1)**2`` rows of ``size * size`` ±1 pixels."""
    size = check_int(size, "size", minimum=8, maximum=128)
    glyph = check_int(glyph, "glyph", minimum=8, maximum=size)
    glyphs = letters(text, size=glyph).reshape(len(text), glyph, glyph)
    places = size - glyph + 1
    templates = -np.ones((len(text), places, places, size, size), dtype=np.int8)
    for row in range(places):
        for col in range(places):
            templates[:, row, col, row:row + glyph, col:col + glyph] = glyphs
    return templates.reshape(-1, size * size)


def letter_likeness(memories, templates) -> np.ndarray:
    """For each memory (a row of pixel weights), its correlation with the closest template.

    Correlation rather than overlap, so that the background every letter shares does not count:
    1 for a memory that is one of the templates, near 0 for noise, and about 0.15 for the random
    memories training starts from when the templates are those of :func:`letter_templates`.
    """
    memories = check_array(memories, "memories", ndim=2, shape="(n_memories, n_pixels)")
    pixels = memories.shape[1]
    templates = check_array(templates, "templates", ndim=2, width=pixels,
                            shape=f"(n_templates, {pixels}), as many pixels as the memories")

    def centred_unit_rows(a):
        a = a - a.mean(axis=1, keepdims=True)
        norms = np.linalg.norm(a, axis=1, keepdims=True)
        return a / np.where(norms > 0, norms, 1.0)

    return (centred_unit_rows(memories) @ centred_unit_rows(templates).T).max(axis=1)


def _overlaps(memories: np.ndarray, images: np.ndarray, n_classes: int, temperature: float):
    """ξ^μ·x_off / T, shape (batch, K), and ξ^μ·x_α / T, shape (batch, classes, K)."""
    pixels, labels = memories[:, :-n_classes], memories[:, -n_classes:]
    off = (images @ pixels.T - labels.sum(axis=1)) / temperature
    return off, off[:, None, :] + 2 * labels.T / temperature


def _loss_and_gradient(memories, images, targets, degree: int, temperature: float,
                       loss_power: int) -> tuple[float, np.ndarray]:
    """The loss Σ (c − t)^(2m) over a batch, and its gradient with respect to the memories."""
    n_classes = targets.shape[1]
    off, on = _overlaps(memories, images, n_classes, temperature)
    off, on = np.maximum(off, 0.0), np.maximum(on, 0.0)
    power_off, power_on = off ** (degree - 1), on ** (degree - 1)
    slope_off, slope_on = degree * power_off, degree * power_on  # F'
    c = np.tanh((power_on * on).sum(axis=2) - (power_off * off).sum(axis=1)[:, None])
    error = c - targets
    loss = float(np.sum(error ** (2 * loss_power)))
    dh = 2 * loss_power * error ** (2 * loss_power - 1) * (1 - c ** 2)          # ∂loss/∂h_α
    # x_off enters every term; x_α only the terms of class α, through its label unit.
    d_off = np.einsum("bc,bck->bk", dh, slope_on) - dh.sum(axis=1)[:, None] * slope_off
    d_pixels = d_off.T @ images / temperature
    d_labels = (2 * np.einsum("bc,bck->kc", dh, slope_on) - d_off.sum(axis=0)[:, None]) \
        / temperature
    return loss, np.hstack([d_pixels, d_labels])


def _labels(labels, n_images: int, n_classes: int | None = None) -> np.ndarray:
    """``labels`` as one class number per image, from 0 (to ``n_classes - 1`` when given)."""
    labels = np.asarray(labels)
    if labels.shape != (n_images,) or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must hold one whole-number class per image ({n_images} of "
                         f"them), got {labels.dtype} of shape {labels.shape}")
    top = "" if n_classes is None else f" to {n_classes - 1}"
    if labels.min() < 0 or (n_classes is not None and labels.max() >= n_classes):
        raise ValueError(f"labels must be classes from 0{top}, got values from {labels.min()} "
                         f"to {labels.max()}")
    return labels


@dataclass(frozen=True)
class DenseClassifier:
    """A trained classifier: ``memories`` has one row per memory, the pixel weights followed by
    one weight per class; ``degree`` and ``temperature`` are those it was trained with."""

    memories: np.ndarray
    degree: int
    temperature: float
    n_classes: int

    @property
    def pixels(self) -> np.ndarray:
        """The pixel part of each memory: what the memory looks like as an image."""
        return self.memories[:, :-self.n_classes]

    def contributions(self, images) -> np.ndarray:
        """Each memory's term in each class's input h_α, shape ``(images, classes, memories)``."""
        images = np.atleast_2d(check_states(images, "images", self.pixels.shape[1],
                                            ndim=(1, 2))).astype(float)
        off, on = _overlaps(self.memories, images, self.n_classes, self.temperature)
        return np.maximum(on, 0.0) ** self.degree - np.maximum(off, 0.0)[:, None, :] ** self.degree

    def predict(self, images) -> np.ndarray:
        """The class with the largest input h_α, for each image."""
        return self.contributions(images).sum(axis=2).argmax(axis=1)

    def memories_per_decision(self, images, labels) -> np.ndarray:
        """For each image, how many memories carry the input to its true class: the
        participation ratio (Σ|d_μ|)² / Σ d_μ² of the memories' terms d_μ. It is K when all
        K memories weigh the same and 1 when one memory decides alone."""
        terms = np.abs(self.contributions(images))
        labels = _labels(labels, terms.shape[0], self.n_classes)
        terms = terms[np.arange(labels.size), labels]
        return terms.sum(axis=1) ** 2 / np.maximum((terms ** 2).sum(axis=1), np.finfo(float).tiny)


def train_dense_classifier(images, labels, *, degree: int, n_memories: int = 40,
                           epochs: int = 50, temperature: float | None = None,
                           loss_power: int = 3, batch: int = 50, learning_rate: float = 0.04,
                           rng=None) -> DenseClassifier:
    """Learn the memories of a :class:`DenseClassifier` as Krotov and Hopfield (2016) do.

    Memories start from N(−0.3, 0.3) (a negative mean, so that every memory overlaps some image
    and so gets a gradient at a large degree), and follow minibatch gradient descent with
    momentum 0.6. Each memory's step is divided by its largest component, so that component moves
    by the learning rate whatever the gradient's scale (at degree 20 it spans many orders of
    magnitude); the learning rate shrinks by 1 % per epoch and the weights stay in [−1, 1].

    Parameters
    ----------
    images : array_like
        ±1 images, one row each.
    labels : array_like of int
        Each image's class, from 0 to the number of classes − 1; at least two classes.
    degree : int
        n in F(x) = max(x, 0)^n, from 2 to 30.
    temperature : float, optional
        T; by default ``RELATIVE_TEMPERATURE`` (interpolated) times the number of units.
    loss_power : int
        m in the loss Σ (c − t)^(2m).
    """
    images = check_spins(images, "images", ndim=2).astype(float)
    labels = _labels(labels, len(images))
    n_classes = int(labels.max()) + 1
    if n_classes < 2:
        raise ValueError(f"labels must name at least two classes, got only class "
                         f"{n_classes - 1}")
    degree = check_int(degree, "degree", minimum=2, maximum=30)
    n_memories = check_int(n_memories, "n_memories", minimum=1)
    epochs = check_int(epochs, "epochs", minimum=1)
    loss_power = check_int(loss_power, "loss_power", minimum=1)
    batch = check_int(batch, "batch", minimum=1)
    learning_rate = check_real(learning_rate, "learning_rate", minimum=0.0, exclusive_minimum=True)
    n_units = images.shape[1] + n_classes
    if temperature is None:
        known = sorted(RELATIVE_TEMPERATURE)
        temperature = n_units * np.interp(degree, known, [RELATIVE_TEMPERATURE[n] for n in known])
    temperature = check_real(temperature, "temperature", minimum=0.0, exclusive_minimum=True)
    generator = as_generator(rng)

    memories = generator.normal(-0.3, 0.3, (n_memories, n_units)).clip(-1, 1)
    velocity = np.zeros_like(memories)
    targets = 2.0 * np.eye(n_classes)[labels] - 1
    for epoch in range(epochs):
        order = generator.permutation(len(labels))
        for start in range(0, len(order), batch):
            chosen = order[start:start + batch]
            _, gradient = _loss_and_gradient(memories, images[chosen], targets[chosen], degree,
                                             temperature, loss_power)
            velocity = 0.6 * velocity - gradient
            largest = np.abs(velocity).max(axis=1, keepdims=True)
            step = velocity / np.where(largest > 0, largest, 1.0)  # 0: no image reaches it
            memories = np.clip(memories + learning_rate * 0.99 ** epoch * step, -1, 1)
    return DenseClassifier(memories, degree, float(temperature), n_classes)
