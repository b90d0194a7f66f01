"""Attention as memory: linear attention is Hebb's hetero-associative memory, softmax attention
the modern one; the spread of a head; a Hopfield pooling layer that learns.

What is stated here, with its margin:

- linear attention equals the field W q of the Hebbian hetero-associative memory
  W = Σ v kᵀ (:class:`hopfield_edu.hetero.BidirectionalMemory`), exactly for ±1 pairs and to
  rounding (1e-12 relative) for real ones;
- its bit error rate in in-context recall follows ½ erfc(√(d / 2(n - 1))) within 4 standard
  errors plus the Gaussian approximation's own error, computed here from the exact binomial;
- softmax recall holds (no wrong bit of 16 384) where linear recall gets over 20 % wrong, and
  is never worse than the separation condition allows;
- the pooling layer's gradient matches central finite differences to 1e-6 relative;
- trained Hopfield pooling beats mean pooling on the letter bags by at least 0.2 in test
  accuracy (measured 0.29; the standard error of each accuracy on 1000 bags is below 0.016),
  and its query correlates with the target letter (above 0.6, measured 0.8, and more than with
  any other letter).
"""

import hashlib
import importlib
import math
import pickle
from fractions import Fraction

import numpy as np
import pytest

from hopfield_edu import checks, reference
from hopfield_edu.transformer import head_spread, in_context_recall, linear_attention
from hopfield_edu.checks import CheckFailed
from hopfield_edu.hetero import BidirectionalMemory
from hopfield_edu.patterns import ALPHABET, letters, random_patterns
from hopfield_edu.pooling import HopfieldPooling, letter_bags
from hopfield_edu.theory import linear_recall_error, random_head_spread

# the module: the package's attribute `attention` is the function
attention_module = importlib.import_module("hopfield_edu.transformer")


# --- linear attention is the classical network --------------------------------------------------


def test_linear_attention_is_the_hebbian_hetero_associative_memory():
    keys, values = random_patterns(40, 24, rng=1), random_patterns(40, 12, rng=2)
    queries = random_patterns(7, 24, rng=3)
    fields = BidirectionalMemory(keys, values).weights @ queries.T.astype(float)
    assert np.array_equal(linear_attention(queries, keys, values), fields.T)  # integers: exact
    rng = np.random.default_rng(4)
    Q, K, V = rng.normal(size=(5, 8)), rng.normal(size=(30, 8)), rng.normal(size=(30, 3))
    W = sum(np.outer(v, k) for k, v in zip(K, V))
    assert np.allclose(linear_attention(Q, K, V), Q @ W.T, rtol=1e-12, atol=1e-12)


def _exact_error(n: int, d: int) -> float:
    """The crosstalk of one component is exactly a sum of (n - 1) d independent ±1 terms (keys
    and values are ±1, so each term (k·k_μ) v_μ is a sum of d of them); an error is C < -d, a
    tie C = -d counts half."""
    m = (n - 1) * d
    twice = sum(math.comb(m, k) * (2 if 2 * k - m < -d else 1)
                for k in range(m + 1) if 2 * k - m <= -d)
    return float(Fraction(twice, 2 ** (m + 1)))


@pytest.mark.parametrize("n, d", [(4, 32), (8, 32), (16, 32), (8, 64), (16, 64), (32, 64)])
def test_linear_recall_error_follows_the_crosstalk_formula(n, d):
    result = in_context_recall(n, d, trials=300, rng=10 + n + d)
    measured = result.linear.mean()
    standard_error = result.linear.std(ddof=1) / np.sqrt(result.linear.size)
    theory = linear_recall_error(n, d)
    approximation = abs(_exact_error(n, d) - theory)
    assert approximation < 0.06 * theory  # the Gaussian is close to the binomial here
    assert abs(measured - theory) <= 4 * standard_error + approximation


def test_softmax_recall_holds_where_linear_recall_fails():
    for n in (64, 256):
        result = in_context_recall(n, 32, trials=64, rng=n)
        assert result.linear.mean() > 0.2   # theory: 0.24 and 0.36
        assert result.softmax.max() == 0.0  # 64 contexts × 16 queries × 32 bits, none wrong


@pytest.mark.parametrize("n, d, scale", [(8, 16, 1.0), (64, 16, 1.0), (256, 16, 4.0),
                                         (2000, 32, 1.0), (2000, 32, 4.0)])
def test_softmax_errs_only_where_the_separation_condition_fails(n, d, scale):
    result = in_context_recall(n, d, beta=scale / np.sqrt(d), trials=20, rng=n + d)
    assert np.all(result.softmax <= result.unguaranteed)
    assert result.beta == pytest.approx(scale / np.sqrt(d))


def test_recall_theory_limits():
    assert linear_recall_error(1, 16) == 0.0
    assert linear_recall_error(17, 16) == pytest.approx(0.5 * math.erfc(math.sqrt(0.5)))
    assert np.allclose(linear_recall_error(np.array([2, 5]), 64),
                       [linear_recall_error(2, 64), linear_recall_error(5, 64)])
    single = in_context_recall(1, 8, trials=3, rng=0)
    assert single.linear.max() == single.softmax.max() == single.unguaranteed.max() == 0


# --- head spread ----------------------------------------------------------------------------


def test_head_spread_counts_the_tokens_holding_the_mass():
    K = np.ones((50, 4))  # every key the same: uniform weights
    assert np.all(head_spread(np.ones((3, 4)), K) == 45)
    assert np.all(head_spread(np.ones((3, 4)), K, mass=0.5) == 25)
    K = np.vstack([np.full(4, 10.0), np.zeros((9, 4))])
    assert head_spread(np.ones((1, 4)), K, scale=1.0)[0] == 1
    # at scale 0.1 the first weight is e⁴ / (e⁴ + 9) = 0.859 and each other 0.0157
    assert head_spread(np.ones((1, 4)), K, scale=0.1)[0] == 4
    assert head_spread(np.ones((1, 4)), K, scale=0.1, mass=1.0)[0] == 10


def test_head_spread_in_blocks_equals_the_plain_reference(monkeypatch):
    rng = np.random.default_rng(5)
    Q, K = rng.normal(size=(23, 6)), rng.normal(size=(40, 6))
    for scale in (0.01, 0.5, 3.0):
        whole = head_spread(Q, K, scale=scale)
        assert np.array_equal(whole, reference.head_spread(Q, K, scale))
        monkeypatch.setattr(attention_module, "block_rows", lambda width: 4)
        assert np.array_equal(head_spread(Q, K, scale=scale), whole)
        monkeypatch.undo()


def test_random_head_spread_is_the_many_token_limit():
    rng = np.random.default_rng(6)
    assert random_head_spread(0.0) == pytest.approx(0.9)
    for c in (0.5, 1.0, 2.0):
        scores_std = c / np.sqrt(64)
        fractions = head_spread(rng.normal(size=(20, 64)), rng.normal(size=(8192, 64)),
                                scale=scores_std) / 8192
        # 20 queries; the score variance c² |q|²/64 itself varies by ±18 % between queries
        assert abs(fractions.mean() - random_head_spread(c)) < 0.03


# --- the pooling layer ----------------------------------------------------------------------


def test_letter_bags_hold_the_target_exactly_in_the_positive_bags():
    bags, labels = letter_bags(40, 6, target="X", noise=0.0, rng=7)
    assert bags.shape == (40, 6, 256) and bags.dtype == np.int8 and labels.sum() == 20
    target = letters("X")[0]
    holds = np.all(bags == target, axis=2).sum(axis=1)
    assert np.array_equal(holds, labels)  # once in each positive bag, never in a negative one
    clean, clean_labels = letter_bags(5, 4, noise=0.0, rng=8)
    noisy, noisy_labels = letter_bags(5, 4, noise=0.25, rng=8)  # the same letters, then noise
    assert np.array_equal(clean_labels, noisy_labels)
    assert np.all((clean != noisy).sum(axis=2) == 64)  # a quarter of 256 pixels flipped


POOLING_KINDS = [dict(pooling="softmax"), dict(pooling="softmax", key_dim=5),
                 dict(pooling="mean"), dict(pooling="max"), dict(pooling="max", key_dim=3)]


def _numeric_gradient(model, bags, labels, h=1e-5):
    gradient = {}
    for name, value in model.parameters.items():
        flat, numeric = value.reshape(-1), np.empty(value.size)
        for i in range(value.size):
            old = flat[i]
            flat[i] = old + h
            up = model.loss(bags, labels)
            flat[i] = old - h
            down = model.loss(bags, labels)
            flat[i] = old
            numeric[i] = (up - down) / (2 * h)
        gradient[name] = numeric.reshape(value.shape)
    return gradient


@pytest.mark.parametrize("options", POOLING_KINDS, ids=lambda o: "-".join(map(str, o.values())))
def test_pooling_gradient_matches_finite_differences(options):
    bags, labels = letter_bags(10, 5, noise=0.2, rng=9)
    ragged = [bag[:size] for bag, size in zip(bags, (5, 3, 1, 4, 5, 2, 5, 5, 3, 4))]
    model = HopfieldPooling(epochs=3, rng=10, **options).fit(ragged, labels)
    # a generic point where every gradient is of order 0.01: a query near the target's image,
    # so that the cosines differ between letters, a sharp β and a large gain
    rng = np.random.default_rng(11)
    parameters = model.parameters
    parameters["gain"][...], parameters["bias"][...] = 4.0, -1.0
    if "log_beta" in parameters:
        parameters["log_beta"][...] = np.log(5.0)
    if "key_projection" in parameters:
        parameters["key_projection"] += 0.3 * rng.normal(size=parameters["key_projection"].shape)
    else:
        parameters["query"][...] = letters("E")[0] + rng.normal(size=256)
    analytic = model.gradient(ragged, labels)
    numeric = _numeric_gradient(model, ragged, labels)
    assert set(analytic) == set(model.parameters)
    for name in analytic:
        error = np.linalg.norm(analytic[name] - numeric[name])
        assert error <= 1e-6 * np.linalg.norm(numeric[name]), name


@pytest.fixture(scope="module")
def bag_task():
    return letter_bags(500, 10, target="E", noise=0.2, rng=12), letter_bags(1000, 10, target="E",
                                                                          noise=0.2, rng=13)


def test_trained_pooling_beats_mean_pooling_and_its_query_looks_for_the_target(bag_task):
    (train, train_labels), (test, test_labels) = bag_task
    hopfield = HopfieldPooling(rng=14).fit(train, train_labels)
    mean = HopfieldPooling(pooling="mean", rng=14).fit(train, train_labels)
    accuracy = {name: np.mean(model.predict(test) == test_labels)
                for name, model in (("hopfield", hopfield), ("mean", mean))}
    assert accuracy["hopfield"] - accuracy["mean"] >= 0.2
    correlations = np.corrcoef(hopfield.query, letters(ALPHABET).astype(float))[0, 1:]
    target = ALPHABET.index("E")
    assert correlations[target] > 0.6
    assert correlations[target] == correlations.max()
    # it left the averaging regime it started in: one instance holds 90 % in a positive bag
    assert hopfield.betas[0] == 1.0 and hopfield.beta > 5.0
    assert np.median(hopfield.spread(test[test_labels == 1])) <= 2
    assert hopfield.losses[-1] < hopfield.losses[0]


def test_started_from_averaging_every_start_finds_the_layer():
    (train, train_labels), (test, test_labels) = letter_bags(300, 10, rng=17), letter_bags(
        1000, 10, rng=18)
    for start in range(8):  # a new random query each time, β = 1
        model = HopfieldPooling(rng=start).fit(train, train_labels)
        assert np.mean(model.predict(test) == test_labels) > 0.95


def test_pooling_weights_and_spread():
    bags, labels = letter_bags(30, 6, rng=15)
    model = HopfieldPooling(epochs=20, rng=16).fit(bags, labels)
    weights = model.weights(bags)
    assert weights.shape == (30, 6) and np.allclose(weights.sum(axis=1), 1.0)
    spread = model.spread(bags)
    assert spread.shape == (30,) and np.all((1 <= spread) & (spread <= 6))
    sharp = np.sort(weights, axis=1)[:, ::-1].cumsum(axis=1)
    assert np.array_equal(spread, np.argmax(sharp >= 0.9 * (1 - 1e-12), axis=1) + 1)
    maximum = HopfieldPooling(pooling="max", epochs=5, rng=16).fit(bags, labels)
    assert np.all(maximum.weights(bags).sum(axis=1) == 1)
    assert maximum.query.shape == (256,) and maximum.beta is None
    probabilities = model.predict_proba(bags)
    assert np.array_equal(model.predict(bags), (probabilities > 0.5).astype(np.int8))


# --- bad input ------------------------------------------------------------------------------

Q, K, V = np.ones((2, 3)), np.ones((4, 3)), np.ones((4, 5))
BAGS, LABELS = letter_bags(6, 3, rng=0)
TRAINED = HopfieldPooling(epochs=2, rng=0).fit(BAGS, LABELS)


def _fast_weights_check(v):
    return checks.check_fast_weights(v, lambda W, q: W @ q)


BAD_INPUT = [
    ("transformer.linear_attention", lambda v: linear_attention(v, K, V), np.ones(3), ValueError,
     ["Q must have shape (n_queries, d_k)", "shape (3,)"]),
    ("transformer.linear_attention", lambda v: linear_attention(Q, v, V), np.ones((4, 2)),
     ValueError, ["Q and K must have the same width d_k", "3 and 2"]),
    ("transformer.linear_attention", lambda v: linear_attention(Q, K, v), np.ones((5, 5)),
     ValueError, ["K and V must have one row per key", "4 and 5"]),
    ("transformer.head_spread", lambda v: head_spread(Q, v), np.ones((4, 2)), ValueError,
     ["Q and K must have the same width d_k", "3 and 2"]),
    ("transformer.head_spread", lambda v: head_spread(Q, K, mass=v), 0.0, ValueError,
     ["mass must be greater than 0", "got 0.0"]),
    ("transformer.head_spread", lambda v: head_spread(Q, K, mass=v), 1.5, ValueError,
     ["mass must be at most 1", "got 1.5"]),
    ("transformer.head_spread", lambda v: head_spread(Q, K, scale=v), -1.0, ValueError,
     ["scale must be greater than 0", "got -1.0"]),
    ("transformer.in_context_recall", lambda v: in_context_recall(v, 8), 0, ValueError,
     ["n_pairs must be at least 1", "got 0"]),
    ("transformer.in_context_recall", lambda v: in_context_recall(4, v), 2.5, TypeError,
     ["dim must be a whole number", "got 2.5"]),
    ("transformer.in_context_recall", lambda v: in_context_recall(4, 8, beta=v), 0.0, ValueError,
     ["beta must be greater than 0", "got 0.0"]),
    ("transformer.in_context_recall", lambda v: in_context_recall(4, 8, trials=v), 0, ValueError,
     ["trials must be at least 1", "got 0"]),
    ("transformer.in_context_recall", lambda v: in_context_recall(4, 8, queries=v), 0,
     ValueError, ["queries must be at least 1", "got 0"]),
    ("transformer.in_context_recall", lambda v: in_context_recall(4, 8, rng=v), "seed",
     TypeError, ["rng must be None, an int seed or a numpy.random.Generator"]),
    ("theory.linear_recall_error", lambda v: linear_recall_error(v, 16), 0, ValueError,
     ["n_pairs must be at least 1", "got 0"]),
    ("theory.linear_recall_error", lambda v: linear_recall_error(4, v), -2.0, ValueError,
     ["dim must be positive", "got -2"]),
    ("theory.random_head_spread", lambda v: random_head_spread(v), -1.0, ValueError,
     ["score_std must be non-negative", "got -1"]),
    ("theory.random_head_spread", lambda v: random_head_spread(1.0, mass=v), 1.0, ValueError,
     ["mass must be less than 1"]),
    ("pooling.letter_bags", lambda v: letter_bags(v, 3), 0, ValueError,
     ["n_bags must be at least 1", "got 0"]),
    ("pooling.letter_bags", lambda v: letter_bags(4, v), 0, ValueError,
     ["bag_size must be at least 1", "got 0"]),
    ("pooling.letter_bags", lambda v: letter_bags(4, 3, target=v), "EF", ValueError,
     ["target must be one character", "'EF'"]),
    ("pooling.letter_bags", lambda v: letter_bags(4, 3, others=v), "FEB", ValueError,
     ["others must not contain the target 'E'", "'FEB'"]),
    ("pooling.letter_bags", lambda v: letter_bags(4, 3, noise=v), 1.5, ValueError,
     ["noise must be at most 1", "got 1.5"]),
    ("pooling.letter_bags", lambda v: letter_bags(4, 3, positive=v), -0.5, ValueError,
     ["positive must be at least 0", "got -0.5"]),
    ("pooling.HopfieldPooling", lambda v: HopfieldPooling(pooling=v), "attention", ValueError,
     ["pooling must be one of 'softmax', 'mean', 'max'", "'attention'"]),
    ("pooling.HopfieldPooling", lambda v: HopfieldPooling(beta=v), 0.0, ValueError,
     ["beta must be greater than 0", "got 0.0"]),
    ("pooling.HopfieldPooling", lambda v: HopfieldPooling(beta=v), -2.0, ValueError,
     ["beta must be greater than 0", "got -2.0"]),
    ("pooling.HopfieldPooling", lambda v: HopfieldPooling(key_dim=v), 0, ValueError,
     ["key_dim must be at least 1", "got 0"]),
    ("pooling.HopfieldPooling", lambda v: HopfieldPooling(epochs=v), 1.5, TypeError,
     ["epochs must be a whole number", "got 1.5"]),
    ("pooling.HopfieldPooling", lambda v: HopfieldPooling(learning_rate=v), 0.0, ValueError,
     ["learning_rate must be greater than 0", "got 0.0"]),
    ("pooling.HopfieldPooling.fit", lambda v: HopfieldPooling().fit(v, LABELS),
     np.ones((6, 0, 256)), ValueError, ["bags must hold at least one bag of at least one "
                                        "instance", "shape (6, 0, 256)", "empty bags"]),
    ("pooling.HopfieldPooling.fit", lambda v: HopfieldPooling().fit(v, [1, 0]),
     [np.ones((2, 4)), np.ones((0, 4))], ValueError,
     ["bags[1] is an empty bag", "at least one instance"]),
    ("pooling.HopfieldPooling.fit", lambda v: HopfieldPooling().fit(v, [1, 0]),
     [np.ones((2, 4)), np.ones((2, 5))], ValueError,
     ["every bag in bags must have instances of one width", "[4, 5]"]),
    ("pooling.HopfieldPooling.fit", lambda v: HopfieldPooling().fit(v, [1, 0]), [], ValueError,
     ["bags must hold at least one bag", "empty list"]),
    ("pooling.HopfieldPooling.fit", lambda v: HopfieldPooling().fit(v, LABELS), np.ones((6, 4)),
     ValueError, ["bags must have shape (n_bags, n_instances, dim)", "shape (6, 4)"]),
    ("pooling.HopfieldPooling.fit", lambda v: HopfieldPooling().fit(BAGS, v),
     np.array([0, 1, 2, 0, 1, 0]), ValueError,
     ["labels must be 0 (negative bag) or 1 (positive bag)", "2"]),
    ("pooling.HopfieldPooling.fit", lambda v: HopfieldPooling().fit(BAGS, v),
     np.array([-1, 1, 1, -1, 1, -1]), ValueError,
     ["labels must be 0 (negative bag) or 1 (positive bag)", "-1"]),
    ("pooling.HopfieldPooling.fit", lambda v: HopfieldPooling().fit(BAGS, v), np.ones(5),
     ValueError, ["labels must hold one label per bag, shape (6,)", "shape (5,)"]),
    ("pooling.HopfieldPooling.fit", lambda v: HopfieldPooling().fit(BAGS, v),
     np.array(["yes", "no", "yes", "no", "yes", "no"]), ValueError,
     ["labels must be 0 (negative bag) or 1 (positive bag)", "yes"]),
    ("pooling.HopfieldPooling.predict", lambda v: TRAINED.predict(v), np.ones((2, 3, 100)),
     ValueError, ["bags must have instances of width 256, as in training", "got 100"]),
    ("pooling.HopfieldPooling.predict", lambda v: HopfieldPooling().predict(v), BAGS,
     RuntimeError, ["not trained yet", "fit(bags, labels)"]),
    ("pooling.HopfieldPooling.predict_proba", lambda v: TRAINED.predict_proba(v),
     np.full((2, 3, 256), np.nan), ValueError, ["bags must be finite", "NaN"]),
    ("pooling.HopfieldPooling.weights", lambda v: TRAINED.weights(v), [np.ones((0, 256))],
     ValueError, ["bags[0] is an empty bag"]),
    ("pooling.HopfieldPooling.spread", lambda v: TRAINED.spread(BAGS, mass=v), 0.0, ValueError,
     ["mass must be greater than 0", "got 0.0"]),
    ("pooling.HopfieldPooling.spread",
     lambda v: HopfieldPooling(pooling=v, epochs=1, rng=0).fit(BAGS, LABELS).spread(BAGS),
     "mean", ValueError, ["spread needs pooling='softmax'", "'mean'"]),
    ("pooling.HopfieldPooling.loss", lambda v: TRAINED.loss(BAGS, v), np.full(6, 0.5),
     ValueError, ["labels must be 0 (negative bag) or 1 (positive bag)", "0.5"]),
    ("pooling.HopfieldPooling.gradient", lambda v: TRAINED.gradient(v, LABELS),
     np.ones((6, 3, 255)), ValueError, ["bags must have instances of width 256", "got 255"]),
    ("checks.check_fast_weights", _fast_weights_check, None, TypeError,
     ["write must be a function write(W, k, v)", "got None"]),
    ("checks.check_fast_weights", lambda v: checks.check_fast_weights(lambda W, k, v: W, v),
     lambda W: W, TypeError, ["read must be a function read(W, q), called with 2 arguments"]),
    ("checks.check_crosstalk_error", checks.check_crosstalk_error, 0.1, TypeError,
     ["crosstalk_error must be a function crosstalk_error(n_pairs, dim)", "got 0.1"]),
    ("checks.check_capacity_prediction", checks.check_capacity_prediction, None, CheckFailed,
     ["predicted must be a number of pairs", "got None"]),
    ("checks.check_capacity_prediction", checks.check_capacity_prediction, -4, CheckFailed,
     ["predicted must be a number of pairs, at least 1", "got -4"]),
    ("checks.check_random_head_spread", checks.check_random_head_spread, "f", TypeError,
     ["spread_fraction must be a function spread_fraction(c, mass)", "got 'f'"]),
    ("checks.check_pooling_gradient", checks.check_pooling_gradient, np.ones(3), TypeError,
     ["pooling_gradient must be a function pooling_gradient(X, q, beta, u)",
      "an array of shape (3,)"]),
    ("reference.head_spread", lambda v: reference.head_spread(v, K, 1.0), np.ones(3),
     ValueError, ["Q must have shape (n_queries, d_k)", "shape (3,)"]),
    ("checks.check_score_scale", checks.check_score_scale, 8.0, TypeError,
     ["score_scale must be a function score_scale(d_k, sigma_q, sigma_k)", "got 8.0"]),
    ("checks.check_crosstalk_experiment",
     lambda v: checks.check_crosstalk_experiment(6, 16, v), np.ones((3, 3)), ValueError,
     ["rates", "(contexts,)"]),
    ("checks.check_crosstalk_experiment",
     lambda v: checks.check_crosstalk_experiment(v, 16, np.full(20, 0.04)), 1.5, CheckFailed,
     ["n_pairs must be a whole number, at least 2", "got 1.5"]),
]


# --- reproducibility ------------------------------------------------------------------------


def _fit(**options):
    bags, labels = letter_bags(12, 4, rng=20)
    model = HopfieldPooling(epochs=5, rng=21, **options).fit(bags, labels)
    return model.parameters, model.losses


REPRODUCIBLE = [
    ("transformer.in_context_recall", lambda: in_context_recall(9, 16, trials=3, queries=4,
                                                              rng=22)),
    ("transformer.in_context_recall", lambda: in_context_recall(3, 8, beta=2.0, trials=2,
                                                              queries=8, rng=23)),
    ("pooling.letter_bags", lambda: letter_bags(7, 5, target="Q", noise=0.3, positive=0.3,
                                                rng=24)),
    *[("pooling.HopfieldPooling", lambda options=options: _fit(**options))
      for options in POOLING_KINDS],
]


def _fingerprint(value) -> str:
    return hashlib.sha256(pickle.dumps(value)).hexdigest()


@pytest.mark.parametrize("name, make", REPRODUCIBLE, ids=[row[0] for row in REPRODUCIBLE])
def test_the_same_seed_gives_the_same_result(name, make):
    assert _fingerprint(make()) == _fingerprint(make())


# --- the self-checks ------------------------------------------------------------------------


def head_by_hopfield(Q, K, V):
    from hopfield_edu.modern import ModernHopfield

    return ModernHopfield(K, beta=1 / np.sqrt(K.shape[1])).probabilities(Q) @ V


def head_by_hand(Q, K, V):
    s = Q @ K.T / np.sqrt(K.shape[1])
    w = np.exp(s - s.max(axis=1, keepdims=True))
    return w / w.sum(axis=1, keepdims=True) @ V


def head_unscaled(Q, K, V):
    return attention_module.attention(Q, K, V, scale=1.0)


def head_returning_keys(Q, K, V):
    return head_by_hand(Q, K, K)


def write(W, k, v):
    return W + np.outer(v, k)


def write_by_broadcasting(W, k, v):
    return W + v[:, None] * k[None, :]


def read(W, q):
    return W @ q


def read_by_einsum(W, q):
    return np.einsum("vk,k->v", W, q)


def write_transposed(W, k, v):
    return W.T + np.outer(k, v)


def write_forgetting(W, k, v):
    return np.outer(v, k)


def write_in_place(W, k, v):
    W += np.outer(v, k)
    return W


def crosstalk_error(n, d):
    return 0.5 * math.erfc(math.sqrt(d / (2 * (n - 1))))


def crosstalk_error_by_normal(n, d):
    from statistics import NormalDist

    return 1 - NormalDist(0, math.sqrt((n - 1) * d)).cdf(d)


def crosstalk_error_with_n(n, d):
    return 0.5 * math.erfc(math.sqrt(d / (2 * n)))


def crosstalk_error_two_tails(n, d):
    return math.erfc(math.sqrt(d / (2 * (n - 1))))


def crosstalk_error_without_root_two(n, d):
    return 0.5 * math.erfc(math.sqrt(d / (n - 1)))


def crosstalk_error_wrong_variance(n, d):
    return 0.5 * math.erfc(d / math.sqrt(2 * (n - 1)))


def spread_fraction(c, mass):
    from statistics import NormalDist

    normal = NormalDist()
    return normal.cdf(normal.inv_cdf(mass) - c)


def spread_fraction_by_erf(c, mass):
    from statistics import NormalDist

    z = NormalDist().inv_cdf(mass)
    return 0.5 * (1 + math.erf((z - c) / math.sqrt(2)))


def spread_fraction_untilted(c, mass):
    return mass


def spread_fraction_wrong_sign(c, mass):
    return spread_fraction(-c, mass)


def spread_fraction_squared(c, mass):
    return spread_fraction(c * c, mass)


def pooling_gradient(X, q, beta, u):
    s = beta * X @ q
    p = np.exp(s - s.max())
    p /= p.sum()
    r = X @ u
    return beta * X.T @ (p * (r - p @ r))


def pooling_gradient_by_jacobian(X, q, beta, u):
    s = beta * X @ q
    p = np.exp(s - s.max())
    p /= p.sum()
    return beta * X.T @ (np.diag(p) - np.outer(p, p)) @ X @ u


def pooling_gradient_without_beta(X, q, beta, u):
    return pooling_gradient(X, q, beta, u) / beta


def pooling_gradient_diagonal(X, q, beta, u):
    s = beta * X @ q
    p = np.exp(s - s.max())
    p /= p.sum()
    return beta * X.T @ (p * (X @ u))


def pooling_gradient_negated(X, q, beta, u):
    return -pooling_gradient(X, q, beta, u)


def pooling_output(X, q, beta, u):
    s = beta * X @ q
    p = np.exp(s - s.max())
    return X.T @ (p / p.sum())


def classify(images, labels, queries, beta):
    weights = attention_module.attention(queries, images, np.eye(len(labels)), scale=beta)
    return labels[weights.argmax(axis=1)]


def classify_by_overlap(images, labels, queries, beta):
    return labels[(queries @ images.T).argmax(axis=1)]


def classify_backwards(images, labels, queries, beta):
    return labels[(queries @ images.T).argmin(axis=1)]


def not_implemented(*args):
    raise NotImplementedError()


def _crosstalk_rates(n, d, contexts, seed, count="bits"):
    """Per-context bit error of linear attention queried with its own keys: right, or counted
    per query, through a softmax, or with a zero answer counted as a whole error."""
    rng = np.random.default_rng(seed)
    keys = rng.choice([-1.0, 1.0], size=(contexts, n, d))
    values = rng.choice([-1.0, 1.0], size=(contexts, n, d))
    scores = np.einsum("cqj,cmj->cqm", keys, keys)
    if count == "softmax":
        scores = np.exp((scores - scores.max(axis=2, keepdims=True)) / math.sqrt(d))
    agreement = np.einsum("cqm,cmi->cqi", scores, values) * values
    wrong = (agreement < 0) + (1.0 if count == "zero wrong" else 0.5) * (agreement == 0)
    if count == "queries":
        return np.mean(np.any(agreement <= 0, axis=2), axis=1)
    return wrong.mean(axis=(1, 2))


# check: (two or more correct answers, [(wrong answer, words its hint must contain), ...]);
# an answer is the argument of the check, or a tuple of its arguments.
CHECK_CASES = {
    checks.check_attention_from_update: ([head_by_hopfield, head_by_hand], [
        (head_unscaled, "not 1"),
        (head_returning_keys, "returned shape"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_fast_weights: ([(write, read), (write_by_broadcasting, read_by_einsum)], [
        ((write_transposed, read), "shape (d_v, d_k)"),
        ((write_forgetting, read), "knows only the last one"),
        ((write_in_place, read), "changed the array it was given"),
        ((write, lambda W, q: W @ q / len(q)), "store v kᵀ, shape (d_v, d_k), and read W q"),
        ((not_implemented, read), "still raises NotImplementedError"),
    ]),
    checks.check_crosstalk_error: ([crosstalk_error, crosstalk_error_by_normal], [
        (crosstalk_error_with_n, "only the other n - 1 pairs"),
        (crosstalk_error_two_tails, "only half of the tail counts"),
        (crosstalk_error_without_root_two, "½ erfc(x/√2)"),
        (crosstalk_error_wrong_variance, "what is its variance"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_capacity_prediction: ([50, 2000.0, np.int64(7)], [
        (None, "before you run this cell"),
        ("many", "a number of pairs"),
        (True, "a number of pairs"),
        (0, "at least 1"),
        (float("nan"), "at least 1"),
    ]),
    checks.check_random_head_spread: ([spread_fraction, spread_fraction_by_erf], [
        (spread_fraction_untilted, "does not depend on c"),
        (spread_fraction_wrong_sign, "check the sign of the shift"),
        (spread_fraction_squared, "tilts N(0, c²) into N(c², c²)"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_pooling_gradient: ([pooling_gradient, pooling_gradient_by_jacobian], [
        (pooling_gradient_without_beta, "brings down a factor β"),
        (pooling_gradient_diagonal, "subtract the average read-out"),
        (pooling_gradient_negated, "points the wrong way"),
        (pooling_output, "differentiate z"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_score_scale: ([
        lambda d, sq, sk: 1 / (sq * sk * math.sqrt(d)),
        lambda d, sq, sk: (d * sq**2 * sk**2) ** -0.5,
    ], [
        (lambda d, sq, sk: 1 / math.sqrt(d), "variance σ_q² σ_k², not 1"),
        (lambda d, sq, sk: 1 / (sq * sk * d), "scales the variance"),
        (lambda d, sq, sk: 1 / (sq**2 * sk**2 * math.sqrt(d)), "not by the variances"),
        (lambda d, sq, sk: 1 / (d * sq**2 * sk**2), "take its root"),
        (lambda d, sq, sk: math.sqrt(d), "add the variances"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
    checks.check_crosstalk_experiment: ([
        (6, 16, _crosstalk_rates(6, 16, 1000, seed=1)),
        (9, 16, list(_crosstalk_rates(9, 16, 300, seed=2))),
        (4, 32, _crosstalk_rates(4, 32, 20000, seed=3)),
        (np.int64(20), 8, _crosstalk_rates(20, 8, 200, seed=4)),
    ], [
        ((6, 16, _crosstalk_rates(7, 16, 1000, seed=5)), "one more pair"),
        ((6, 16, _crosstalk_rates(6, 16, 1000, seed=6, count="queries")), "count bits"),
        ((6, 16, _crosstalk_rates(6, 16, 1000, seed=7, count="softmax")), "far too few"),
        ((6, 16, _crosstalk_rates(6, 16, 1000, seed=8, count="zero wrong")), "tie rule"),
        ((6, 16, _crosstalk_rates(6, 16, 30, seed=9)), "cannot tell"),
    ]),
    checks.check_retrieval_classifier: ([classify, classify_by_overlap], [
        (classify_backwards, "take the largest entry"),
        (not_implemented, "still raises NotImplementedError"),
    ]),
}


def test_every_check_of_the_chapter_has_cases():
    from hopfield_edu.checks import attention as chapter

    assert set(CHECK_CASES) == {getattr(checks, name) for name in chapter.__all__}


