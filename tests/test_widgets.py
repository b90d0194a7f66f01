"""The widgets' logic, from plain pytest: set a control, see the view change."""

import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

import hopfield_edu as hf
from hopfield_edu import ising
from hopfield_edu.widgets import (BetaExplorer, DenseExplorer, EnergyExplorer, IsingExplorer,
                                  NoiseExplorer, PatternEditor, RecallExplorer)
from hopfield_edu._images import png_gray

import event_loop


def test_noise_slider_changes_image_and_overlap():
    explorer = NoiseExplorer("AB", size=12, fraction=0.0, seed=0)
    clean_image = explorer.image.value
    assert bytes(clean_image).startswith(b"\x89PNG")
    assert "overlap <i>m</i> = +1.000" in explorer.readout.value

    explorer.fraction.value = 0.25
    flipped = round(0.25 * 144)
    assert np.sum(explorer.corrupted != explorer.original) == flipped
    assert explorer.image.value != clean_image
    expected = hf.overlap(explorer.original, explorer.corrupted)
    assert expected == pytest.approx(1 - 2 * flipped / 144)
    assert f"overlap <i>m</i> = {expected:+.3f}" in explorer.readout.value
    assert f"{flipped} of 144 units flipped" in explorer.readout.value

    explorer.fraction.value = 1.0
    assert "overlap <i>m</i> = -1.000" in explorer.readout.value


def test_letter_dropdown_and_new_noise():
    explorer = NoiseExplorer("AB", size=12, fraction=0.2, seed=3)
    first = explorer.corrupted
    explorer.letter.value = 1
    assert np.array_equal(explorer.original, hf.letters("B", size=12)[0])
    image = explorer.image.value
    explorer.new_noise.click()
    assert explorer.seed == 4
    assert explorer.image.value != image
    assert not np.array_equal(explorer.corrupted, first)


# --- IsingExplorer ------------------------------------------------------------------------------


def test_png_encoder_round_trips_through_matplotlib():
    import matplotlib.image

    image = (np.arange(12 * 7) % 256).astype(np.uint8).reshape(7, 12)
    decoded = matplotlib.image.imread(io.BytesIO(png_gray(image)), format="png")
    assert np.array_equal(np.round(decoded * 255).astype(np.uint8), image)


def test_step_advances_the_simulation_and_redraws():
    explorer = IsingExplorer(L=16, T=2.0, seed=1)
    picture, traces = bytes(explorer.lattice.value), explorer.traces.value
    assert "sweep 0" in explorer.readout.value
    explorer.step_button.click()
    assert explorer.sweeps == 1
    assert "sweep 1 " in explorer.readout.value
    assert bytes(explorer.lattice.value) != picture and explorer.traces.value != traces
    explorer.play.value = True  # outside a kernel there is no event loop to animate in
    assert explorer.play.description == "Pause" and explorer.sweeps == 1
    event_loop.run(explorer.animate(frames=3))  # what the kernel runs while play is on
    assert explorer.sweeps == 4
    explorer.play.value = False
    event_loop.run(explorer.animate())  # paused: returns at once
    assert explorer.sweeps == 4 and explorer.play.description == "Run"
    assert explorer.readout.value.count(f"m = {explorer.spins.mean():+.3f}") == 1


def test_temperature_controls_the_order():
    cold = IsingExplorer(L=32, T=1.0, sweeps_per_frame=20, seed=2)
    hot = IsingExplorer(L=32, T=5.0, sweeps_per_frame=20, seed=2)
    for _ in range(10):
        cold.step()
        hot.step()
    assert abs(cold.spins.mean()) > 0.9 or ising.lattice_energy(cold.spins) / 1024 < -1.8
    assert abs(hot.spins.mean()) < 0.2
    assert "T = 1.00: |m| = 0.999" in cold.readout.value


def test_size_and_algorithm_restart_the_lattice():
    explorer = IsingExplorer(L=16, T=2.5, seed=3)
    explorer.step()
    explorer.size.value = 32
    assert explorer.spins.shape == (32, 32) and explorer.sweeps == 0
    explorer.algorithm.value = "wolff"
    explorer.step()
    assert explorer.sweeps == 1
    explorer.sweeps_per_frame.value = 5
    explorer.step()
    assert explorer.sweeps == 6


def test_history_is_bounded():
    explorer = IsingExplorer(L=16, history=5, seed=4)
    for _ in range(20):
        explorer.step()
    assert explorer.traces.value.count("<polyline") == 2
    assert len(explorer._magnetization) == 5


# --- RecallExplorer -----------------------------------------------------------------------------


def test_recall_explorer_descends_to_the_stored_letter():
    explorer = RecallExplorer("HOP", noise=0.2, seed=1)
    # before a step: the cue, said so, and its energy already a point on the trace
    assert explorer.sweeps == 0 and "the cue: press Sweep" in explorer.readout.value
    assert "<circle" in explorer.energy_trace.value
    cue_picture = bytes(explorer.state_image.value)
    while not explorer.settled:
        explorer.step_button.click()
    assert np.all(np.diff(explorer.energies) <= 0)  # asynchronous: downhill all the way
    assert np.array_equal(explorer.state, explorer.patterns[0])
    assert "settled: a fixed point" in explorer.readout.value
    assert "m = +1.000" in explorer.readout.value
    assert bytes(explorer.state_image.value) != cue_picture
    assert explorer.overlap_bars.value.count("<rect") == 3  # one bar per stored letter


def test_recall_explorer_goes_flip_by_flip_and_says_when_it_has_converged():
    explorer = RecallExplorer("HOP", noise=0.4, seed=3)
    before = explorer.state
    explorer.flip_button.click()
    assert np.sum(explorer.state != before) == 1  # exactly one unit flipped
    assert 0 < explorer.dynamics.position and "units" in explorer.readout.value
    while not explorer.settled:
        explorer.flip_button.click()
    assert np.all(np.diff(explorer.energies) <= 0)
    settled = explorer.state
    explorer.step_button.click()
    assert "already converged" in explorer.readout.value
    assert np.array_equal(explorer.state, settled)
    explorer.mode.value = "sync"
    assert explorer.flip_button.disabled  # and the readout does not offer it
    assert "the cue: press Sweep or Recall" in explorer.readout.value


def test_recall_explorer_controls():
    explorer = RecallExplorer("HOP", noise=0.2, seed=2)
    explorer.target.value = 2
    assert hf.overlap(explorer.state, explorer.patterns[2]) == pytest.approx(1 - 2 * 51 / 256)
    explorer.stored.value = "ABCDE"
    assert len(explorer.target.options) == 5 and explorer.network.patterns.shape == (5, 256)
    explorer.stored.value = "A\u4e2d"  # the font cannot draw it: the explorer says so
    assert "Cannot store that" in explorer.readout.value and len(explorer.patterns) == 5
    explorer.mode.value = "sync"
    explorer.play.value = True
    event_loop.run(explorer.animate(frames=3))
    assert explorer.sweeps == 3 or explorer.settled
    assert not explorer.play.value  # the animation switches itself off


# --- PatternEditor ------------------------------------------------------------------------------


def test_pattern_editor_draws_stores_and_recalls():
    editor = PatternEditor(side=12, stored="XO", seed=0)
    assert len(editor.memories) == 2 and np.all(editor.pattern == -1)
    editor.cells[0].click()  # a click on the top-left square inks it, a second clears it
    assert editor.pattern[0] == 1 and editor.cells[0].style.button_color == "black"
    editor.cells[0].click()
    assert editor.pattern[0] == -1 and editor.cells[0].style.button_color == "white"
    x = hf.letters("X", size=12)[0]
    editor.set_pattern(hf.flip(x, 0.15, rng=1))  # a noisy X, as if drawn by hand
    editor.recall_button.click()
    assert "Closest: X." in editor.readout.value and "X +" in editor.readout.value
    assert bytes(editor.result_image.value).startswith(b"\x89PNG")
    editor.letter.value = "T"
    editor.load_button.click()
    assert np.array_equal(editor.pattern, hf.letters("T", size=12)[0])
    editor.store_button.click()
    assert len(editor.memories) == 3 and "3 patterns stored" in editor.readout.value
    editor.clear_button.click()
    assert np.all(editor.pattern == -1)


def test_pattern_editor_shows_a_placeholder_and_says_when_recall_changes_nothing():
    editor = PatternEditor(side=12, stored="XO", seed=0)
    placeholder = bytes(editor.result_image.value)
    assert placeholder.startswith(b"\x89PNG")  # grey, not an empty (broken) image
    editor.set_pattern(hf.letters("X", size=12)[0])  # a stored pattern: a fixed point here
    editor.recall_button.click()
    assert "Recall changed nothing" in editor.readout.value
    assert bytes(editor.result_image.value) != placeholder
    editor.set_pattern(hf.flip(hf.letters("O", size=12)[0], 0.1, rng=3))
    editor.recall_button.click()
    assert "Recall flipped" in editor.readout.value and "Closest: O." in editor.readout.value
    editor.store_button.click()
    assert "(X, O, drawing 1)" in editor.readout.value


def test_pattern_editor_clears_the_recall_when_the_drawing_changes():
    """A recall shown beside a drawing is always the recall of that drawing."""
    editor = PatternEditor(side=12, stored="TX", seed=0)
    placeholder = bytes(editor.result_image.value)
    editor.letter.value = "T"
    editor.load_button.click()
    editor.recall_button.click()
    assert "Closest: T." in editor.readout.value
    assert bytes(editor.result_image.value) != placeholder
    editor.letter.value = "A"
    editor.load_button.click()  # another drawing: the recall of the T goes
    assert bytes(editor.result_image.value) == placeholder
    assert "Closest" not in editor.readout.value and "press Recall" in editor.readout.value
    editor.recall_button.click()
    editor.cells[0].click()  # one square changed is a change too
    assert bytes(editor.result_image.value) == placeholder


def test_recall_explorer_by_default_stores_letters_it_can_recall():
    """Its default letters are each a fixed point, and with the default seed every letter comes
    back from its first cue (of all of HOPFIELD, the old default, no letter is a fixed point)."""
    explorer = RecallExplorer(seed=0)
    for k, pattern in enumerate(explorer.patterns):
        assert np.array_equal(explorer.network.recall(pattern).state, pattern)
        explorer.target.value = k
        while not explorer.settled:
            explorer.step()
        assert np.array_equal(explorer.state, pattern)


def test_pattern_editor_needs_memories():
    editor = PatternEditor(side=6)
    editor.recall_button.click()
    assert "Store at least one pattern first" in editor.readout.value


# --- DenseExplorer ------------------------------------------------------------------------------


def test_dense_explorer_beats_the_classical_network_on_many_letters():
    explorer = DenseExplorer("degree 8", stored=26, noise=0.2, seed=1)
    letters = hf.letters(hf.patterns.ALPHABET)
    assert np.array_equal(explorer.dense_state, letters[0])
    assert hf.overlap(explorer.classical_state, letters[0]) < 0.9
    assert "26 letters stored" in explorer.readout.value and "dense +1.00" in explorer.readout.value
    picture = bytes(explorer.dense_image.value)
    explorer.interaction.value = "degree 2 (classical)"  # now both are the same network
    assert np.array_equal(explorer.dense_state, explorer.classical_state)
    assert bytes(explorer.dense_image.value) != picture


def test_dense_explorer_keeps_the_cue_among_the_stored_letters():
    explorer = DenseExplorer(stored=5, seed=2)
    explorer.target.value = 4
    explorer.stored.value = 3
    assert explorer.target.value == 0 and "overlap with A" in explorer.readout.value


# --- BetaExplorer -------------------------------------------------------------------------------


def test_beta_explorer_moves_through_the_three_regimes():
    explorer = BetaExplorer(beta=1.0, letter="E", seed=0)
    assert explorer.kind == "single pattern" and "single pattern" in explorer.readout.value
    assert np.array_equal(np.sign(explorer.result.state), hf.letters("E")[0])
    picture = bytes(explorer.fixed_image.value)
    explorer.beta.value = 1e-4
    assert explorer.kind == "global average"
    assert bytes(explorer.fixed_image.value) != picture
    assert explorer.weight_bars.value.count("<rect") == 26
    explorer.beta.value = 0.03
    assert explorer.kind == "metastable"
    explorer.corruption.value = "blank lower half"
    explorer.beta.value = 1.0
    assert explorer.kind == "single pattern"



def test_beta_explorer_keeps_its_noise_until_asked_for_new():
    explorer = BetaExplorer(beta=0.03, letter="E", seed=0)
    query = explorer.query()
    assert hf.overlap(query, hf.letters("E")[0]) == pytest.approx(1 - 2 * round(0.15 * 256) / 256)
    picture = bytes(explorer.query_image.value)
    explorer.beta.value = 1.0
    explorer.beta.value = 0.03  # beta away and back: the same query, the same retrieval
    assert np.array_equal(explorer.query(), query)
    assert bytes(explorer.query_image.value) == picture
    explorer.letter.value = "A"
    explorer.letter.value = "E"  # and so for another letter and back
    assert np.array_equal(explorer.query(), query)
    explorer.new_noise.click()
    assert not np.array_equal(explorer.query(), query)
    assert bytes(explorer.query_image.value) != picture


def test_beta_explorer_disables_the_amount_when_it_does_nothing():
    explorer = BetaExplorer(beta=0.03, letter="E", seed=0)
    assert not explorer.amount.disabled and not explorer.new_noise.disabled
    explorer.corruption.value = "blank lower half"
    assert explorer.amount.disabled and explorer.new_noise.disabled
    explorer.corruption.value = "flip pixels"
    assert not explorer.amount.disabled


def test_beta_explorer_bars_are_the_weights_its_label_describes():
    explorer = BetaExplorer(beta=0.03, letter="E", seed=0)
    assert explorer.kind == "metastable"
    assert "of the fixed point" in explorer.weight_bars.value
    assert f"({explorer.kind})" in explorer.weight_bars.value
    assert hf.modern.classify_fixed_point(explorer.result.probabilities) == explorer.kind


# --- every slider as the notebooks saved it -----------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SLIDERS = {"FloatSliderModel", "IntSliderModel", "FloatLogSliderModel"}


def saved_sliders():
    """(notebook, description, value, exponent-or-value, min, step) of every saved slider."""
    for path in sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb")]):
        state = json.loads(path.read_text()).get("metadata", {}).get("widgets", {}).get(
            "application/vnd.jupyter.widget-state+json", {}).get("state", {})
        for model in state.values():
            if model["model_name"] in SLIDERS:
                slider = model["state"]
                position = (np.log10(slider["value"]) if model["model_name"] == "FloatLogSliderModel"
                            else slider["value"])
                yield (path.name, slider["description"], slider["value"], position,
                       slider["min"], slider["step"])


def test_every_saved_slider_sits_on_a_step_of_its_grid():
    """The browser snaps a slider to its steps when it draws it (a log slider's exponent too):
    a slider saved between two steps would show another value than the one the explorer
    computed its picture at (BetaExplorer's β once showed 0.0316 over a picture made at 0.03)."""
    sliders = list(saved_sliders())
    assert len(sliders) >= 10
    for name, description, value, position, low, step in sliders:
        steps = (position - low) / step
        assert abs(steps - round(steps)) < 1e-6, \
            f"{name}: slider {description} saved at {value}, between two of its steps"


def test_an_explorer_starts_its_log_slider_on_the_grid():
    assert BetaExplorer(beta=0.03).beta.value == pytest.approx(10 ** -1.5)
    assert EnergyExplorer(gain=5.0).gain.value == 5.0  # a value on the grid is kept exactly


def test_every_stored_widget_view_has_a_picture_and_says_what_it_is():
    """What JupyterLab shows for a widget before its notebook runs: the stored still (PNG) and a
    line naming the widget, never the text dump of its children that ipywidgets stores (a
    progress bar showed "IntProgress(value=0, description='networks', max=198)")."""
    views = 0
    for path in sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb")]):
        for cell in json.loads(path.read_text())["cells"]:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "application/vnd.jupyter.widget-view+json" not in data:
                    continue
                views += 1
                line = "".join(data["text/plain"])
                assert data.get("image/png"), f"{path.name}: a widget stored with no picture"
                assert re.fullmatch(r"\w+: (run this cell to use its controls|as the run left "
                                    r"it)\.", line), f"{path.name}: a widget's text is {line!r}"
    assert views >= 10
