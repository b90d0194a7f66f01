"""Chapter 5, section 6: a dense memory trained as a classifier (Krotov & Hopfield 2016)."""

import numpy as np
import pytest

from hopfield_edu.dense_classifier import (DenseClassifier, _loss_and_gradient, letter_likeness,
                                           letter_templates, shifted_letters,
                                           train_dense_classifier)

TEXT = "AEHKMNOPSX"


@pytest.fixture(scope="module")
def letters_data():
    rng = np.random.default_rng(1)
    train = shifted_letters(TEXT, 100, rng=rng)
    test = shifted_letters(TEXT, 30, rng=rng)
    return train, test, letter_templates(TEXT)


def test_shifted_letters_are_templates_with_exactly_the_noise_asked_for():
    images, labels = shifted_letters("AXO", 20, noise=0.05, rng=3)
    assert images.shape == (60, 256) and images.dtype == np.int8
    assert np.array_equal(np.bincount(labels), [20, 20, 20])
    templates = letter_templates("AXO").reshape(3, 25, 256)  # 5 × 5 places for 12 px in 16
    for image, label in zip(images, labels):
        distances = np.sum(templates[label] != image, axis=1)
        assert distances.min() == round(0.05 * 256)


@pytest.mark.parametrize("degree", [2, 3, 7])
def test_gradient_matches_finite_differences(degree):
    rng = np.random.default_rng(degree)
    images, labels = shifted_letters("AXO", 4, rng=rng)
    images = images.astype(float)
    targets = 2.0 * np.eye(3)[labels] - 1
    memories = rng.uniform(-1, 1, (5, 259))
    temperature = 12.0  # overlaps of order 1, where F is neither flat nor saturated
    _, gradient = _loss_and_gradient(memories, images, targets, degree, temperature, 2)
    for k, i in zip(rng.integers(0, 5, 12), np.r_[rng.integers(0, 256, 8), 256, 257, 258, 258]):
        step = np.zeros_like(memories)
        step[k, i] = 1e-6
        up = _loss_and_gradient(memories + step, images, targets, degree, temperature, 2)[0]
        down = _loss_and_gradient(memories - step, images, targets, degree, temperature, 2)[0]
        assert gradient[k, i] == pytest.approx((up - down) / 2e-6, rel=1e-5, abs=1e-8)


def test_features_at_small_degree_prototypes_at_large(letters_data):
    """The change Krotov and Hopfield saw on MNIST, on shifted noisy letters."""
    (train_x, train_y), (test_x, test_y), templates = letters_data
    result = {}
    for degree in (2, 20):
        classifier = train_dense_classifier(train_x, train_y, degree=degree, rng=7)
        accuracy = np.mean(classifier.predict(test_x) == test_y)
        assert accuracy > 0.6, (degree, accuracy)  # chance is 0.1
        result[degree] = (letter_likeness(classifier.pixels, templates).mean(),
                          np.median(classifier.memories_per_decision(test_x, test_y)))
    # A memory at n = 20 looks like one letter at one place; at n = 2 it looks like none.
    assert result[20][0] > result[2][0] + 0.3, result
    # And at n = 20 a few memories decide an image, where at n = 2 many add up.
    assert result[2][1] > 4 * result[20][1], result


def test_letter_likeness_is_one_for_a_template_and_small_for_noise():
    templates = letter_templates("AXO")
    memories = np.vstack([templates[7], np.random.default_rng(0).uniform(-1, 1, (20, 256))])
    likeness = letter_likeness(memories, templates)
    assert likeness[0] == pytest.approx(1.0)
    assert np.all(likeness[1:] < 0.4)


def test_one_matching_memory_decides_alone():
    templates = letter_templates("AX")
    memories = np.zeros((3, 258))
    memories[0, :256], memories[0, 256:] = templates[0], (1, -1)  # an A voting for A
    classifier = DenseClassifier(memories, degree=4, temperature=50.0, n_classes=2)
    assert classifier.predict(templates[:1]) == [0]
    assert classifier.memories_per_decision(templates[:1], [0]) == pytest.approx([1.0])


def test_training_is_reproducible():
    images, labels = shifted_letters("AXO", 10, rng=0)
    first, second = (train_dense_classifier(images, labels, degree=3, epochs=2, rng=5)
                     for _ in range(2))
    assert np.array_equal(first.memories, second.memories)
