"""Issue 15, rigour: the course's statements that are numbers, held to the mathematics; and the
guards that keep every notebook honest (no control characters, one seed, one figure style, one
notation with its symbol table)."""

import ast
import json
import math
import unicodedata
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hopfield_edu as hf
from hopfield_edu import experiments, sparse, style, theory
from hopfield_edu.modern import ModernHopfield, separation

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EVERY_NOTEBOOK = sorted([*CHAPTERS, *(ROOT / "solutions").glob("*.ipynb"),
                         *(ROOT / "exercises").glob("*.ipynb")])


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _code(path: Path):
    """(index, syntax tree) of every code cell, IPython magics left out."""
    for index, cell in enumerate(_cells(path)):
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            yield index, ast.parse("\n".join(line for line in source.splitlines()
                                             if not line.lstrip().startswith(("%", "!"))))


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


# --- guards over every notebook ----------------------------------------------------------------

def _control_characters(text: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in text
                   if unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t\r"})


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=_name)
def test_no_control_characters(path):
    """A control character is a typo that renders as nothing or as a box (an \\a for \\approx:
    the bell). Tracebacks of error outputs may carry terminal colours; nothing else may."""
    for index, cell in enumerate(_cells(path)):
        found = _control_characters("".join(cell["source"]))
        assert not found, f"cell {index} source: {found}"
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                continue
            text = "".join(output.get("text", "")) + "".join(
                output.get("data", {}).get("text/plain", ""))
            found = _control_characters(text)
            assert not found, f"cell {index} output: {found}"


SEEDING = {"default_rng", "seed", "RandomState", "SeedSequence", "PCG64", "MT19937", "Philox",
           "SFC64", "Generator"}
SEED_ARGUMENTS = {"rng", "seed", "random_state"}


def _literal_seed(node: ast.AST) -> bool:
    """An int written out as a seed (alone, or in a list of them), not derived from SEED."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int) and not isinstance(node.value, bool)
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_literal_seed(element) for element in node.elts)
    return False


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


@pytest.mark.parametrize("path", CHAPTERS, ids=_name)
def test_one_named_seed_and_no_other(path):
    """One ``SEED = ...`` per chapter; every random draw comes from it, never from a seed
    picked by hand (``rng=39``) nor from NumPy's hidden global state."""
    seeds, problems = [], []
    for index, tree in _code(path):
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(
                    isinstance(target, ast.Name) and target.id == "SEED"
                    for target in node.targets):
                seeds.append(index)
            if not isinstance(node, ast.Call):
                continue
            name = _callee(node)
            if name in SEEDING and any(_literal_seed(arg) for arg in node.args):
                problems.append(f"cell {index}: {name}({ast.unparse(node.args[0])})")
            for keyword in node.keywords:
                if keyword.arg in SEED_ARGUMENTS and _literal_seed(keyword.value):
                    problems.append(f"cell {index}: {keyword.arg}={ast.unparse(keyword.value)}")
            func = node.func
            if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute)
                    and func.value.attr == "random" and func.attr not in SEEDING):
                problems.append(f"cell {index}: np.random.{func.attr} uses the global state")
    assert len(seeds) == 1, f"SEED is set in cells {seeds}: once, near the top"
    assert not problems, problems


def _style_calls(tree: ast.AST) -> int:
    return sum(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
               and node.func.attr == "use" and getattr(node.func.value, "id", "") == "style"
               for node in ast.walk(tree))


@pytest.mark.parametrize("path", CHAPTERS, ids=_name)
def test_the_course_style_is_applied_once_at_the_top(path):
    calls = [(index, _style_calls(tree)) for index, tree in _code(path)]
    first = calls[0]
    assert first[1] == 1, "the first code cell calls style.use()"
    assert sum(count for _, count in calls) == 1, "style.use() only once: the library does the rest"
    for index, tree in _code(path):
        for node in ast.walk(tree):
            assert not (isinstance(node, ast.Attribute) and node.attr == "rcParams"), (
                f"cell {index} sets rcParams by hand: style belongs to hopfield_edu.style")


SYMBOLS = ["$N$", "$p$", r"$\xi^\mu$", "$s$", r"$\alpha = p/N$", "$T$", r"$\beta$", "$d$", "$K$"]


def test_chapter_0_holds_the_symbol_table():
    text = "\n".join("".join(cell["source"]) for cell in _cells(ROOT / "notebooks" /
                                                               "00_start_here.ipynb"))
    assert '<a id="symbols"></a>' in text
    table = text[text.index('<a id="symbols"></a>'):]
    rows = [line for line in table.splitlines() if line.startswith("| $")]
    for symbol in SYMBOLS:
        assert any(symbol in row for row in rows), f"no row for {symbol}"
    beta = next(row for row in rows if row.startswith(r"| $\beta$"))
    assert "inverse temperature" in beta and "softmax" in beta  # and says which is which


@pytest.mark.parametrize("path", CHAPTERS[1:], ids=_name)
def test_every_chapter_links_to_the_symbol_table(path):
    markdown = "".join("".join(cell["source"]) for cell in _cells(path)
                       if cell["cell_type"] == "markdown")
    assert "(00_start_here.ipynb#symbols)" in markdown


# --- the course style --------------------------------------------------------------------------

def test_style_sets_readable_sizes_and_colour_blind_safe_colours():
    with matplotlib.rc_context():
        style.use(lecture=False)
        normal = dict(matplotlib.rcParams)
        style.use(lecture=True)
        lecture = dict(matplotlib.rcParams)
    assert normal["font.size"] >= 10 and normal["figure.dpi"] >= 100
    assert lecture["font.size"] > normal["font.size"] and lecture["figure.dpi"] > normal["figure.dpi"]
    assert [c.lower() for c in normal["axes.prop_cycle"].by_key()["color"]] == [
        c.lower() for c in style.COLOURS]
    assert set(style.COLOURS) == set(style.OKABE_ITO.values()) and len(set(style.COLOURS)) == 8
    assert normal["image.cmap"] == "cividis"


def test_lecture_mode_follows_the_environment(monkeypatch):
    with matplotlib.rc_context():
        monkeypatch.setenv("HOPFIELD_EDU_LECTURE", "1")
        style.use()
        assert matplotlib.rcParams["font.size"] == style.rc(lecture=True)["font.size"]
        monkeypatch.delenv("HOPFIELD_EDU_LECTURE")
        style.use()
        assert matplotlib.rcParams["font.size"] == style.rc()["font.size"]


def test_the_plot_functions_draw_in_the_course_colours():
    from hopfield_edu.plots import plot_pattern

    letter = hf.letters("A")[0]
    ax = plot_pattern(hf.flip(letter, 0.1, rng=0), reference=letter)
    edge = ax.collections[0].get_edgecolor()[0]
    assert np.allclose(edge, matplotlib.colors.to_rgba(style.VERMILION))


# --- chapter 4: the AGS curve ends at α_c -------------------------------------------------------

def test_the_ags_overlap_exists_up_to_alpha_c_and_not_beyond():
    alpha_c = theory.critical_load()
    below = theory.retrieval_overlap(np.linspace(0.0, alpha_c * (1 - 1e-9), 50))
    assert np.all(np.isfinite(below)) and np.all(below >= 0.967 - 1e-3)
    beyond = theory.retrieval_overlap([alpha_c * (1 + 1e-9), 0.2, 1.0])
    assert np.all(np.isnan(beyond))  # no retrieval solution: no overlap, not m = 0


# --- chapter 11: the energy's bounds, and the separation over the whole set ---------------------

@given(seed=st.integers(0, 2**32 - 1), beta=st.sampled_from([1e-3, 0.1, 1.0, 10.0, 1e3]),
       scale=st.sampled_from([0.0, 0.3, 1.0, 3.0, 30.0]))
def test_modern_energy_lies_between_its_two_bounds(seed, beta, scale):
    """½(‖s‖ - M)² ≤ E(s) ≤ ½(‖s‖ + M)² for every state: so E ≥ 0 always, and E ≤ 2M² for
    ‖s‖ ≤ M (after one update, inside the convex hull)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(int(rng.integers(1, 30)), 6))
    M = np.sqrt(np.max(np.sum(X**2, axis=1)))
    network = ModernHopfield(X, beta=beta)
    states = scale * M * rng.normal(size=(20, 6)) / np.sqrt(6)
    states = np.vstack([states, network.update(states)])       # the updated ones too
    norms = np.linalg.norm(states, axis=1)
    energy = network.energy(states)
    tolerance = 1e-9 * (1 + M**2 + norms**2)
    assert np.all(energy >= 0.5 * (norms - M) ** 2 - tolerance)
    assert np.all(energy <= 0.5 * (norms + M) ** 2 + tolerance)
    inside = norms <= M
    assert np.all(energy[inside] <= 2 * M**2 + tolerance[inside])
    assert np.all(norms[20:] <= M + 1e-9)                        # an update lands in the hull


def test_the_bound_two_m_squared_needs_short_states():
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    network = ModernHopfield(X, beta=1.0)
    far = np.array([-5.0, -5.0])                                 # ‖s‖ = 7.1 > M = 1
    assert network.energy(far) > 2.0                             # E > 2M²: the condition matters
    assert network.energy(network.update(far)) <= 2.0


def test_separation_over_the_whole_set_block_by_block(monkeypatch):
    import hopfield_edu.modern as modern

    rng = np.random.default_rng(3)
    X = rng.normal(size=(203, 5))
    gram = X @ X.T
    np.fill_diagonal(gram, -np.inf)
    expected = np.sum(X**2, axis=1) - gram.max(axis=1)
    assert np.allclose(separation(X), expected)
    monkeypatch.setattr(modern, "CHUNK", 16)                      # many blocks, a ragged last one
    assert np.allclose(separation(X), expected, rtol=0, atol=1e-12)
    signs = np.where(rng.random((300, 16)) < 0.5, 1.0, -1.0)
    smallest = [separation(signs[:count]).min() for count in (10, 30, 100, 300)]
    assert np.all(np.diff(smallest) <= 0)  # more patterns of the same set: never better separated


def test_random_patterns_beat_the_separation_bound_at_least_as_often_as_promised():
    rng = np.random.default_rng(11)
    for count, dim in ((40, 16), (200, 32)):
        bound = theory.random_separation_bound(count, dim, probability=0.5)
        below = np.mean([separation(hf.random_patterns(count, dim, rng=rng).astype(float)).min()
                         < bound for _ in range(200)])
        assert below <= 0.5 + 0.08  # Hoeffding and a union bound: at most half, here far fewer
    # exponentially many patterns: positive while ln p stays below about d/4
    assert theory.random_separation_bound(int(math.exp(64 / 5)), 64) > 0
    assert theory.random_separation_bound(int(math.exp(64 / 3)), 64) < 0
    assert (theory.random_separation_bound(1000, 64, probability=0.9)
            < theory.random_separation_bound(1000, 64, probability=0.5))


# --- chapter 6: sparse codes --------------------------------------------------------------------

def test_sparse_estimate_at_half_activity_is_the_classical_one_step_error():
    """With a = ½ the covariance rule is Hebb's rule, and a unit errs with ½ erfc(√(N/2p))."""
    n, load = 400, 0.1
    unit = theory.bit_error_probability(load)
    assert theory.sparse_fixed_point_fraction(load, n, 0.5) == pytest.approx((1 - unit) ** n)


def test_sparse_estimate_against_measured_fixed_points():
    rng = np.random.default_rng(5)
    n = 400
    for activity in (0.2, 0.1):
        load = theory.sparse_fixed_point_load(n, activity)
        assert theory.sparse_fixed_point_fraction(load, n, activity) == pytest.approx(0.5)
        p = round(load * n)
        measured = np.mean([sparse.SparseNetwork(sparse.sparse_patterns(
            p, n, activity, rng=rng)).stable_fraction() for _ in range(6)])
        assert measured == pytest.approx(theory.sparse_fixed_point_fraction(p / n, n, activity),
                                         abs=0.15)
    # sparser codes store more patterns, and the asymptote of Tsodyks and Feigelman bounds the
    # information per synapse: α H(a) tends to 1/(2 ln 2) bits as a → 0
    loads = [theory.sparse_fixed_point_load(n, a) for a in (0.5, 0.2, 0.1, 0.05)]
    assert np.all(np.diff(loads) > 0)
    a = 1e-6
    entropy = -(a * math.log2(a) + (1 - a) * math.log2(1 - a))
    assert theory.sparse_capacity(a) * entropy == pytest.approx(1 / (2 * math.log(2)), rel=0.1)


# --- chapter 3: the two-step function of synchronous updates, and the critical temperature -------

def test_goles_two_step_function_never_rises_while_the_energy_can():
    rng = np.random.default_rng(8)
    energy_rose = False
    for _ in range(20):
        network = hf.HopfieldNetwork.from_patterns(hf.random_patterns(41, 200, rng=rng))
        run = network.recall(hf.random_patterns(1, 200, rng=rng)[0], mode="sync", record=True,
                             max_steps=200)
        s = run.states.astype(float)
        two_step = np.array([-s[t] @ network.weights @ s[t - 1] for t in range(1, len(s))])
        assert np.all(np.diff(two_step) <= 1e-9)
        assert run.cycle_length in (1, 2)
        energy_rose |= bool(np.any(np.diff(run.energies) > 1e-9))
    assert energy_rose  # the energy of single states gives no such guarantee


def test_the_paramagnet_of_three_letters_becomes_unstable_at_lambda_max():
    weights = hf.hebbian(hf.letters("HXO"))
    assert 1 / theory.critical_gain(weights) == pytest.approx(1.44, abs=0.01)
    few_random = hf.hebbian(hf.random_patterns(3, 4000, rng=0))
    assert 1 / theory.critical_gain(few_random) == pytest.approx(1.0, abs=0.05)


# --- error bars ---------------------------------------------------------------------------------

def test_mean_and_error():
    mean, error = experiments.mean_and_error([[1.0, 2.0], [3.0, 6.0]])
    assert np.allclose(mean, [2.0, 4.0]) and np.allclose(error, [1.0, 2.0])
    mean, error = experiments.mean_and_error(np.arange(12.0).reshape(3, 4), axis=1)
    assert np.allclose(error, np.std(np.arange(4.0), ddof=1) / 2)


def test_capacity_curve_errors_are_the_spread_of_the_networks():
    curve = experiments.capacity_curve([100], [0.14], trials=4, recalls=10, rng=2,
                                       progress=False)
    generator = np.random.default_rng(2)   # the same networks, one call each
    single = [experiments.capacity_curve([100], [0.14], trials=1, recalls=10, rng=generator,
                                         progress=False) for _ in range(4)]
    rates = np.array([c.retrieval_rate[0, 0] for c in single])
    overlaps = np.array([c.overlap[0, 0] for c in single])
    assert curve.retrieval_rate[0, 0] == pytest.approx(rates.mean())
    assert curve.retrieval_rate_error[0, 0] == pytest.approx(rates.std(ddof=1) / 2)
    assert curve.overlap_error[0, 0] == pytest.approx(overlaps.std(ddof=1) / 2)
    assert np.isnan(single[0].overlap_error[0, 0])  # one network: no error bar to draw


BAD_INPUT = [
    ("style.rc", lambda v: style.rc(lecture=v), "yes", TypeError, ["lecture", "'yes'"]),
    ("style.use", lambda v: style.use(lecture=v), 1.5, TypeError, ["lecture", "1.5"]),
    ("experiments.mean_and_error", experiments.mean_and_error, [[1.0, 2.0]], ValueError,
     ["values", "at least 2"]),
    ("experiments.mean_and_error", experiments.mean_and_error, 3.0, ValueError,
     ["values", "single number"]),
    ("experiments.mean_and_error", lambda v: experiments.mean_and_error([1.0, 2.0], axis=v), 1,
     ValueError, ["axis", "1"]),
    ("theory.random_separation_bound", lambda v: theory.random_separation_bound(v, 8), 1,
     ValueError, ["n_patterns", "1"]),
    ("theory.random_separation_bound",
     lambda v: theory.random_separation_bound(10, 8, probability=v), 1.0, ValueError,
     ["probability", "below 1"]),
    ("theory.sparse_fixed_point_fraction",
     lambda v: theory.sparse_fixed_point_fraction(0.1, 100, v), 1.5, ValueError,
     ["activity", "1.5"]),
    ("theory.sparse_fixed_point_fraction",
     lambda v: theory.sparse_fixed_point_fraction(v, 100, 0.1), -0.1, ValueError, ["load"]),
    ("theory.sparse_fixed_point_load", lambda v: theory.sparse_fixed_point_load(100, 0.1,
                                                                                 fraction=v),
     1.0, ValueError, ["fraction", "between 0 and 1"]),
    ("theory.sparse_fixed_point_load", lambda v: theory.sparse_fixed_point_load(v, 0.1), 1.5,
     TypeError, ["n_neurons"]),
]
