"""Chapters 11 and 12 (library): the modern Hopfield network against Ramsauer et al. (2020)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hopfield_edu as hf
from hopfield_edu import modern, reference
from hopfield_edu.transformer import attention
from hopfield_edu.modern import ModernHopfield, classify_fixed_point, separation


def test_update_is_attention_with_projections():
    rng = np.random.default_rng(0)
    d_model, d_k, d_v = 16, 8, 5
    Y, R = rng.normal(size=(30, d_model)), rng.normal(size=(4, d_model))  # stored and state
    W_Q, W_K, W_V = (rng.normal(size=(d_model, d)) for d in (d_k, d_k, d_v))
    beta = 1 / np.sqrt(d_k)
    keys, queries = Y @ W_K, R @ W_Q
    # Hopfield: stored patterns K, one update of the state pattern Q, then project the values
    p = ModernHopfield(keys, beta=beta).probabilities(queries)
    hopfield = p @ (Y @ W_V)
    assert np.allclose(hopfield, attention(queries, keys, Y @ W_V), rtol=0, atol=1e-12)
    # with values equal to keys, the update itself is attention
    assert np.allclose(ModernHopfield(keys, beta=beta).update(queries),
                       attention(queries, keys, keys), rtol=0, atol=1e-12)


@given(seed=st.integers(0, 2**32 - 1), beta=st.sampled_from([1e-3, 0.1, 1.0, 10.0, 1e4]),
       n_patterns=st.integers(1, 60), dim=st.integers(1, 12), batch=st.integers(1, 5))
def test_update_is_attention_with_the_stored_patterns_as_keys_and_values(seed, beta, n_patterns,
                                                                         dim, batch):
    rng = np.random.default_rng(seed)
    X, queries = rng.normal(scale=3, size=(n_patterns, dim)), rng.normal(size=(batch, dim))
    network = ModernHopfield(X, beta=beta)
    head = attention(queries, X, X, scale=beta)
    assert np.allclose(network.update(queries), head, rtol=1e-12, atol=1e-12)
    assert np.allclose(network.probabilities(queries) @ X, head, rtol=1e-12, atol=1e-12)


@given(seed=st.integers(0, 2**32 - 1), beta=st.sampled_from([1e-3, 0.1, 1.0, 10.0, 1e4]))
def test_softmax_rows_sum_to_one_and_nothing_overflows(seed, beta):
    rng = np.random.default_rng(seed)
    X = rng.normal(scale=10, size=(int(rng.integers(1, 50)), 6))
    network = ModernHopfield(X, beta=beta)
    queries = rng.normal(scale=10, size=(3, 6))
    p = network.probabilities(queries)
    assert np.all(np.isfinite(p)) and np.allclose(p.sum(axis=1), 1.0)
    assert np.all(np.isfinite(network.update(queries)))
    assert np.all(np.isfinite(network.energy(queries)))


@given(seed=st.integers(0, 2**32 - 1), beta=st.sampled_from([0.05, 0.5, 2.0, 8.0]))
def test_energy_falls_at_every_update_and_stays_in_bounds(seed, beta):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(int(rng.integers(2, 40)), 5))
    network = ModernHopfield(X, beta=beta)
    xi = rng.normal(size=5)
    largest = np.max(np.sum(X**2, axis=1))
    energies = []
    for _ in range(6):
        energies.append(network.energy(xi))
        xi = network.update(xi)
    assert np.all(np.diff(energies) <= 1e-9)  # a concave-convex procedure never climbs
    assert min(energies) >= -1e-9  # E ≥ ½(|ξ| - M)² ≥ 0
    assert energies[-1] <= 2 * largest + 1e-9  # after an update ξ lies in the convex hull


def test_energy_and_update_match_their_definitions():
    rng = np.random.default_rng(1)
    X, xi = rng.normal(size=(12, 4)), rng.normal(size=4)
    network = ModernHopfield(X, beta=0.7)
    assert network.energy(xi) == pytest.approx(reference.modern_energy(X, xi, 0.7))
    p = np.exp(0.7 * X @ xi)
    assert np.allclose(network.update(xi), X.T @ (p / p.sum()))


def test_chunks_give_the_same_answer(monkeypatch):
    rng = np.random.default_rng(2)
    X, q = rng.normal(size=(1000, 8)), rng.normal(size=(3, 8))
    network = ModernHopfield(X, beta=3.0)
    whole = network.update(q), network.energy(q)
    monkeypatch.setattr(modern, "CHUNK", 37)
    monkeypatch.setattr(modern, "QUERY_CHUNK", 2)
    chunked = network.update(q), network.energy(q)
    assert np.allclose(whole[0], chunked[0]) and np.allclose(whole[1], chunked[1])


def test_one_step_retrieval_of_a_half_masked_letter():
    letters = hf.letters("HOPFIELD").astype(float)
    cue = letters[2].copy()
    cue[128:] = 0.0  # the lower half unknown
    result = ModernHopfield(letters, beta=1.0).recall(cue)
    assert result.steps <= 3 and result.converged
    assert np.array_equal(np.sign(result.state), letters[2])
    assert classify_fixed_point(result.probabilities) == "single pattern"


def test_many_more_patterns_than_dimensions_in_one_step():
    rng = np.random.default_rng(3)
    X = np.where(rng.random((20_000, 64)) < 0.5, 1.0, -1.0)  # 20 000 patterns in 64 dimensions
    network = ModernHopfield(X, beta=2.0)
    cues = X[:20] * np.where(rng.random((20, 64)) < 0.1, -1, 1)
    assert np.array_equal(np.sign(network.update(cues)), X[:20])


def test_beta_sets_the_regime():
    rng = np.random.default_rng(4)
    centres = rng.normal(scale=3, size=(2, 10))
    X = np.vstack([c + rng.normal(scale=0.3, size=(5, 10)) for c in centres])  # two clusters
    query = X[0] + rng.normal(scale=0.1, size=10)
    kinds = [classify_fixed_point(ModernHopfield(X, beta=b).recall(query).probabilities)
             for b in (1e-3, 0.5, 50.0)]
    assert kinds == ["global average", "metastable", "single pattern"]


def test_separation():
    X = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    assert np.allclose(separation(X), [1 - 1, 4 - 2, 2 - 2])


def test_one_step_error_stays_below_the_theorem_5_bound():
    from hopfield_edu.theory import retrieval_error_bound

    rng = np.random.default_rng(5)
    X = np.where(rng.random((200, 64)) < 0.5, 1.0, -1.0)  # Δ_i is about 64 - 3·8 here
    checked = 0
    for beta in (0.1, 0.3, 1.0):
        network = ModernHopfield(X, beta=beta)
        for i in range(0, 200, 20):
            query = X[i] + rng.normal(scale=0.05, size=64)
            error = np.linalg.norm(network.update(query) - X[i])
            bound = retrieval_error_bound(X, i, query, beta)
            assert error <= bound
            checked += bound < 1.0  # the bound says something
    assert checked >= 10


# --- the chapter's exercise checks ------------------------------------------------------------

from hopfield_edu import checks  # noqa: E402
from hopfield_edu.checks import CheckFailed  # noqa: E402


def _lse(z, beta):
    top = np.max(beta * z)
    return (top + np.log(np.sum(np.exp(beta * z - top)))) / beta


def _energy(X, xi, beta):
    return -_lse(X @ xi, beta) + 0.5 * xi @ xi + np.log(len(X)) / beta \
        + 0.5 * np.max(np.sum(X**2, axis=1))


def _update(X, xi, beta):
    s = beta * X @ xi
    p = np.exp(s - s.max())
    return X.T @ (p / p.sum())


def _split_experiment(x1, x2, betas, offset, steps, retrieved=False):
    """Moved away from the midpoint after ``steps`` updates from ``offset`` along d, or, with
    ``retrieved``, came back as a pattern (the mistake of asking too much)."""
    pair, middle, half = np.stack([x1, x2]), (x1 + x2) / 2, (x1 - x2) / 2
    verdicts = []
    for beta in betas:
        xi = middle + offset * half
        for _ in range(steps):
            xi = _update(pair, xi, beta)
        if retrieved:
            verdicts.append(ModernHopfield(pair, beta=beta).probabilities(xi).max() > 0.9)
        else:
            verdicts.append(abs((xi - middle) @ half / (half @ half)) > abs(offset))
    return np.array(verdicts)


_LETTERS = hf.letters("OQ").astype(float)
_RANDOM = hf.random_patterns(2, 40, rng=11).astype(float)
_LETTER_BETAS = np.linspace(0.5, 1.5, 11) * 4 / np.sum((_LETTERS[0] - _LETTERS[1]) ** 2)
_RANDOM_BETAS = np.geomspace(0.2, 5, 9) * 4 / np.sum((_RANDOM[0] - _RANDOM[1]) ** 2)


def _stub(*args):
    raise NotImplementedError()


CHECK_CASES = {
    checks.check_split_beta: ([
        lambda a, b: 4 / np.sum((a - b) ** 2),
        lambda a, b: 1 / np.sum(((a - b) / 2) ** 2),
        lambda a, b: 2 / (a @ a - a @ b),             # |a - b|² = 2(|a|² - a·b) for |a| = |b|
    ], [
        (lambda a, b: 1 / np.sum((a - b) ** 2), "half-difference"),
        (lambda a, b: 2 / np.sum((a - b) ** 2), "a factor 2 went astray"),
        (lambda a, b: 4 / np.linalg.norm(a - b), "not 1/|x₁ - x₂|"),
        (lambda a, b: 1 / (a @ b), "keep the first order in t"),
        (_stub, "still raises NotImplementedError"),
    ]),
    checks.check_letter_split_prediction: ([0, 21, 26.0, np.int64(5)], [
        (None, "before you run this cell"),
        ("twenty", "must be a number of letters"),
        (True, "must be a number of letters"),
        (27, "between 0 and 26"),
        (float("nan"), "between 0 and 26"),
    ]),
    checks.check_split_experiment: ([
        (_LETTER_BETAS, _split_experiment(*_LETTERS, _LETTER_BETAS, 0.01, 20), *_LETTERS),
        (_RANDOM_BETAS, _split_experiment(*_RANDOM, _RANDOM_BETAS, -0.2, 5), *_RANDOM),
        (list(_RANDOM_BETAS[::2]), list(_split_experiment(*_RANDOM, _RANDOM_BETAS[::2], 0.05, 1)),
         *_RANDOM),
    ], [
        ((_LETTER_BETAS, _split_experiment(*_LETTERS, _LETTER_BETAS, 0.0, 20), *_LETTERS),
         "start a little off it"),
        ((_LETTER_BETAS, _split_experiment(*_LETTERS, _LETTER_BETAS, 0.01, 20, retrieved=True),
          *_LETTERS), "did you wait for a retrieved pattern"),
        ((_LETTER_BETAS, np.ones(11, bool), *_LETTERS), "shrinks at each update"),
        ((_LETTER_BETAS[:4], np.zeros(4, bool), *_LETTERS), "bracket the threshold"),
        ((_LETTER_BETAS, np.zeros(11, bool), _LETTERS[0], 2 * _LETTERS[1]), "same norm"),
    ]),
    checks.check_modern_descent: ([
        (_energy, _update),
        (lambda X, xi, beta: 0.5 * xi @ xi - _lse(X @ xi, beta), _update),  # constants unseen
        (lambda X, xi, b: ModernHopfield(X, beta=b).energy(xi),
         lambda X, xi, b: ModernHopfield(X, beta=b).update(xi)),
    ], [
        ((lambda X, xi, beta: 0.5 * xi @ xi + _lse(X @ xi, beta), _update), "never rises"),
        ((lambda X, xi, beta: 0.5 * xi @ xi - beta * _lse(X @ xi, beta), _update),
         "never rises"),
        ((_energy, lambda X, xi, beta: _update(X, xi, 1.0)), "check the β in both"),
        ((_stub, _update), "still raises NotImplementedError"),
    ]),
}

BAD_INPUT = [
    ("checks.check_split_beta", checks.check_split_beta, 0.02, TypeError,
     ["split_beta must be a function split_beta(x1, x2)", "got 0.02"]),
    ("checks.check_letter_split_prediction", checks.check_letter_split_prediction, None,
     CheckFailed, ["predicted must be a number", "got None"]),
    ("checks.check_split_experiment",
     lambda v: checks.check_split_experiment(v, [True], *_LETTERS), np.ones((2, 2)),
     ValueError, ["betas", "(n_betas,)"]),
    ("checks.check_split_experiment",
     lambda v: checks.check_split_experiment(_LETTER_BETAS, v, *_LETTERS), [1, 0],
     CheckFailed, ["moved_away must hold one True or False per β (11)"]),
    ("checks.check_modern_descent", lambda v: checks.check_modern_descent(_energy, v), "update",
     TypeError, ["update must be a function update(X, xi, beta)", "got 'update'"]),
]


def test_every_check_of_the_chapter_has_cases():
    from hopfield_edu.checks import modern as chapter

    tested_in_test_checks = {"check_softmax_lse", "check_modern_update", "check_modern_energy"}
    assert set(CHECK_CASES) == {getattr(checks, name) for name in chapter.__all__
                                if name not in tested_in_test_checks}
