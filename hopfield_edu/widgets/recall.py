"""Chapter 3: recall step by step, and a pattern of the reader's own drawing."""

from __future__ import annotations

import asyncio

import ipywidgets as widgets
import numpy as np

from .._images import pattern_png
from .._validate import (as_generator, check_choice, check_int, check_real, check_states,
                         check_text)
from ..hopfield import HopfieldNetwork
from ..memory import MODES
from ..patterns import flip, letters, overlap
from ._render import play_toggled, say_error, svg_bars, svg_trace, titled

__all__ = ["PatternEditor", "RecallExplorer"]

# Dragging paints: ipywidgets' buttons only report clicks, so this script, run by the page when
# the editor is shown (the onload of an invisible 1-pixel image: an HTML widget runs no <script>),
# clicks for the reader each square a held mouse button enters whose colour differs from the
# colour the first square turned to. Outside an editor (a still of it) it does nothing.
PAINT_JS = """<img alt="" style="display:none" \
src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" \
onload="(function (img) {
  var root = img.closest('.hopfield-editor');
  var grid = root && root.querySelector('.hopfield-editor-grid');
  if (!grid || grid.dataset.painting) return;
  grid.dataset.painting = 'yes';
  var paint = null, start = null;
  function ink(square) { return getComputedStyle(square).backgroundColor === 'rgb(0, 0, 0)'; }
  grid.addEventListener('mousedown', function (event) {
    var square = event.target.closest('button');
    if (square) { paint = !ink(square); start = square; event.preventDefault(); }
  });
  grid.addEventListener('mouseover', function (event) {
    var square = event.target.closest('button');
    if (paint === null || !square || square === start) return;
    if (start) { if (ink(start) !== paint) start.click(); start = null; }
    if (ink(square) !== paint) square.click();
  });
  document.addEventListener('mouseup', function () { paint = null; start = null; });
})(this)">"""


class RecallExplorer(widgets.VBox):
    """Recall a stored letter from a corrupted cue, one sweep at a time.

    Letters are stored in a Hebbian network; a cue is one of them with a fraction of its
    pixels flipped. "Sweep" runs one sweep (asynchronous: every unit once in random order;
    synchronous: all units at once); "Next flip" runs the asynchronous sweep on to the next unit
    that flips, and "Recall" plays the recall flip by flip (sweep by sweep when synchronous), so
    the reader can watch it. The energy trace falls at every asynchronous step; the bars show the
    overlap of the state with every stored letter. A step after the recall has settled changes
    nothing, and the readout says so.

    Parameters
    ----------
    text : str, optional
        The letters to store (at least one, each shown 16 × 16). The default, HXO, are letters
        far enough apart that each is a fixed point, and about 5 cues in 6 at the default noise
        come back to their letter; of all of HOPFIELD none is a fixed point (the letters
        overlap too much: chapter 6).
    noise : float, optional
        The fraction of flipped pixels in the cue, from 0 to 0.6 (0.4 by default: a cue that
        takes a few sweeps to clean).
    mode : {"async", "sync"}, optional
    seed : int, optional

    Attributes
    ----------
    stored, target, noise, mode, new_cue, step_button, flip_button, play : the controls
    state_image, target_image : ipywidgets.Image
    energy_trace, overlap_bars, readout : ipywidgets.HTML
    network : HopfieldNetwork
    dynamics : hopfield_edu.memory.Dynamics, the recall in progress
    state : numpy.ndarray, energies : list of float
    """

    FRAME_SECONDS = 0.08  # slow enough to watch each flip: a recall of 100 flips takes 8 s
    SWEEP_SECONDS = 0.6   # and each synchronous sweep

    def __init__(self, text: str = "HXO", *, noise: float = 0.4, mode: str = "async",
                 seed: int = 0):
        self._generator = as_generator(check_int(seed, "seed", minimum=0))
        self.stored = widgets.Text(value=check_text(text, "text"), description="stored",
                                   continuous_update=False)
        self.target = widgets.Dropdown(description="cue from")
        # a slider clips a value beyond its range without a word: check it first
        self.noise = widgets.FloatSlider(value=check_real(noise, "noise", minimum=0.0,
                                                          maximum=0.6), min=0.0, max=0.6,
                                         step=0.01, description="noise", readout_format=".0%")
        self.mode = widgets.Dropdown(options=MODES, value=check_choice(mode, "mode", MODES),
                                     description="updates")
        self.new_cue = widgets.Button(description="New cue", icon="refresh")
        self.step_button = widgets.Button(description="Sweep", icon="step-forward")
        self.flip_button = widgets.Button(description="Next flip",
                                          tooltip="update units until one of them flips")
        self.play = widgets.ToggleButton(description="Recall", icon="play")
        self.state_image = widgets.Image(format="png")
        self.target_image = widgets.Image(format="png")
        self.energy_trace, self.overlap_bars, self.readout = (widgets.HTML() for _ in range(3))
        self._animation = None

        self.stored.observe(self._on_stored, names="value")
        for control in (self.target, self.noise, self.mode):
            control.observe(lambda change: self.reset(), names="value")
        self.new_cue.on_click(lambda button: self.reset())
        self.step_button.on_click(lambda button: self.step())
        self.flip_button.on_click(lambda button: self.next_flip())
        self.play.observe(self._toggle, names="value")
        super().__init__([
            widgets.HBox([self.stored, self.target, self.mode]),
            widgets.HBox([self.noise, self.new_cue, self.step_button, self.flip_button,
                          self.play]),
            widgets.HBox([titled("state", self.state_image), titled("target", self.target_image),
                          widgets.VBox([self.energy_trace, self.overlap_bars])]),
            self.readout])
        self._store()

    def _on_stored(self, change) -> None:
        try:
            self._store()
        except ValueError as error:  # a character the font cannot draw, or nothing at all
            self.readout.value = say_error(f"Cannot store that: {error}")

    def _store(self) -> None:
        self.patterns = letters(self.stored.value, size=16)
        self.network = HopfieldNetwork.from_patterns(self.patterns)
        self.target.options = [(char, k) for k, char in enumerate(self.stored.value)]
        self.target.value = 0
        self.reset()  # (choosing the target may already have reset the cue: harmless)

    @property
    def sweeps(self) -> int:
        """Sweeps run since the cue was drawn."""
        return self.dynamics.steps

    @property
    def settled(self) -> bool:
        """Whether the recall has reached a fixed point or a two-cycle."""
        return self.dynamics.converged

    def reset(self) -> None:
        """A new cue: the chosen letter with the chosen fraction of pixels flipped."""
        self.state = flip(self.patterns[self.target.value], self.noise.value,
                          rng=self._generator)
        self.dynamics = self.network.dynamics(self.state, mode=self.mode.value,
                                              rng=self._generator)
        self.energies = [self.dynamics.energy]
        self.flip_button.disabled = self.mode.value == "sync"
        self._draw()

    def step(self) -> None:
        """One sweep of the chosen dynamics (the rest of the sweep in progress, if any)."""
        if self.settled:
            self._draw(again=True)
            return
        self.dynamics.step()
        self._moved()

    def next_flip(self) -> None:
        """Asynchronous updates, unit by unit, until one unit flips or the recall settles."""
        if self.mode.value == "sync":
            raise ValueError("Next flip applies to asynchronous updates; a synchronous step "
                             "updates every unit at once")
        if self.settled:
            self._draw(again=True)
            return
        while not self.dynamics.step(units=1) and not self.settled:
            pass
        self._moved()

    def _moved(self) -> None:
        self.state = self.dynamics.state
        self.energies.append(self.dynamics.energy)
        self._draw()

    def _toggle(self, change) -> None:
        self._animation = play_toggled(self.play, change, "Recall", self._animation, self.animate)

    async def animate(self, frames: int = 1000) -> None:
        """Flip by flip (sweep by sweep when synchronous) while ``play`` is on, until the state
        settles or ``frames`` steps have run."""
        sync = self.mode.value == "sync"
        for _ in range(check_int(frames, "frames", minimum=1)):
            if not self.play.value or self.settled:
                break
            self.step() if sync else self.next_flip()
            await asyncio.sleep(self.SWEEP_SECONDS if sync else self.FRAME_SECONDS)
        self.play.value = False

    def _draw(self, again: bool = False) -> None:
        """Show the state; ``again`` when a step was asked for after the recall settled."""
        target = self.patterns[self.target.value]
        self.state_image.value = pattern_png(self.state)
        self.target_image.value = pattern_png(target)
        low = min(self.energies) - 1
        high = max(self.energies) + 1
        self.energy_trace.value = svg_trace(self.energies, low=round(low), high=round(high),
                                             label="energy E = -½ sᵀWs",
                                             x_label="steps (sweeps or flips)")
        overlaps = overlap(self.patterns, self.state)
        self.overlap_bars.value = svg_bars(overlaps, self.stored.value,
                                            label="overlap with each stored letter")
        buttons = "Sweep or Recall" if self.mode.value == "sync" else "Sweep, Next flip or Recall"
        status = ("a two-cycle: the synchronous state flips back and forth"
                  if self.dynamics.cycle_length == 2
                  else "settled: a fixed point" if self.settled
                  else f"the cue: press {buttons}" if len(self.energies) == 1
                  else "running")
        if again:
            status = (f"<b>already converged</b> ({status}): another step changes nothing; "
                      "press New cue for another cue")
        where = (f" and {self.dynamics.position} of {self.state.size} units"
                 if self.dynamics.position else "")
        self.readout.value = (f"{self.sweeps} sweeps{where} &nbsp;·&nbsp; "
                              f"E = {self.energies[-1]:.1f} "
                              f"&nbsp;·&nbsp; overlap with the target m = "
                              f"{overlap(target, self.state):+.3f} &nbsp;·&nbsp; {status}")


class PatternEditor(widgets.VBox):
    """Draw a pattern on a grid, then store it or use it as a cue.

    Each square of the grid is a button that a click toggles: black is +1 (ink), white is -1.
    Dragging across the grid with the mouse button held paints every square it enters the
    colour the first square turned to (a few lines of JavaScript in the page, :data:`PAINT_JS`,
    that click the squares for the reader). "Store" adds the drawing to the network's memories
    (Hebb's rule); "Recall" runs asynchronous recall from it and shows where it ends, with its
    overlap with every stored pattern, each named (a letter, or "drawing 1", ...), and says so
    when recall changed nothing. A change to the drawing clears the recall shown.

    Parameters
    ----------
    side : int, optional
        The grid is ``side × side``, from 5 to 16.
    stored : str, optional
        Letters to store from the start (drawn at ``side`` pixels).
    seed : int, optional

    Attributes
    ----------
    cells : list of ipywidgets.Button, row by row; a click toggles the square
    letter, load_button, clear_button, store_button, recall_button : the controls
    result_image : ipywidgets.Image, the recalled state
    readout : ipywidgets.HTML
    memories : list of numpy.ndarray, the stored patterns
    names : list of str, their names
    """

    def __init__(self, side: int = 12, *, stored: str = "", seed: int = 0):
        self.side = check_int(side, "side", minimum=5, maximum=16)
        self._generator = as_generator(check_int(seed, "seed", minimum=0))
        stored = check_text(stored, "stored", allow_empty=True)
        self.memories = [row for row in (letters(stored, size=self.side) if stored else [])]
        self.names = list(stored)
        self._ink = np.zeros(self.side * self.side, dtype=bool)
        self.cells = [widgets.Button(layout=widgets.Layout(width="22px", height="22px",
                                                           padding="0", border="1px solid #bbb"))
                      for _ in range(self.side * self.side)]
        for index, cell in enumerate(self.cells):
            cell.style.button_color = "white"
            cell.on_click(lambda button, index=index: self._toggle(index))
        grid = widgets.GridBox(self.cells, layout=widgets.Layout(
            grid_template_columns=f"repeat({self.side}, 22px)", grid_gap="1px",
            width=f"{23 * self.side + 8}px", margin="0 12px 0 0"))
        grid.add_class("hopfield-editor-grid")
        self.letter = widgets.Text(value="A", description="letter", layout={"width": "150px"})
        self.load_button = widgets.Button(description="Draw letter")
        self.clear_button = widgets.Button(description="Clear")
        self.store_button = widgets.Button(description="Store", icon="save")
        self.recall_button = widgets.Button(description="Recall", icon="search")
        # Grey, the colour of 0, until a recall: a placeholder, not a broken image, and again
        # once the drawing changes, so that a recall is never shown beside another drawing.
        self._placeholder = pattern_png(np.zeros(self.side ** 2), pixels=160)
        self._recalled = False
        self.result_image = widgets.Image(value=self._placeholder, format="png")
        self.readout = widgets.HTML()
        self.load_button.on_click(lambda button: self._load_letter())
        self.clear_button.on_click(lambda button: self.set_pattern(-np.ones(self.side ** 2)))
        self.store_button.on_click(lambda button: self.store())
        self.recall_button.on_click(lambda button: self.recall())
        super().__init__([
            widgets.HBox([self.letter, self.load_button, self.clear_button, self.store_button,
                          self.recall_button]),
            widgets.HBox([grid, titled("recalled", self.result_image)]),
            self.readout, widgets.HTML(PAINT_JS)])
        self.add_class("hopfield-editor")
        self._say(f"{self._stored()}. Click or drag across the squares to draw.")

    @property
    def pattern(self) -> np.ndarray:
        """The drawing as a ±1 pattern, row by row."""
        return np.where(self._ink, 1, -1).astype(np.int8)

    def set_pattern(self, pattern) -> None:
        """Show a ±1 pattern of side × side units on the grid."""
        values = check_states(pattern, "pattern", self.side ** 2)
        for index, value in enumerate(values):
            if self._ink[index] != (value > 0):
                self._toggle(index)

    def _toggle(self, index: int) -> None:
        """A click on a square: ink becomes paper and paper ink."""
        self._ink[index] = not self._ink[index]
        self.cells[index].style.button_color = "black" if self._ink[index] else "white"
        if self._recalled:  # the recall shown was of the drawing before this change
            self._recalled = False
            self.result_image.value = self._placeholder
            self._say(f"{self._stored()}. The drawing changed: press Recall to recall from it.")

    def _load_letter(self) -> None:
        try:
            self.set_pattern(letters(self.letter.value[:1] or " ", size=self.side)[0])
        except ValueError as error:
            self._say(say_error(str(error)))

    def _say(self, message: str) -> None:
        self.readout.value = message

    def _stored(self) -> str:
        names = ", ".join(self.names)
        return f"{len(self.memories)} patterns stored" + (f" ({names})" if names else "")

    def store(self) -> None:
        """Add the drawing to the stored patterns, named "drawing k"."""
        self.memories.append(self.pattern)
        self.names.append(f"drawing {sum(name.startswith('drawing') for name in self.names) + 1}")
        self._say(f"{self._stored()}; load {len(self.memories)}/{self.side ** 2} = "
                  f"{len(self.memories) / self.side ** 2:.3f}.")

    def recall(self) -> None:
        """Run asynchronous recall from the drawing and show the result."""
        if not self.memories:
            self._say("Store at least one pattern first.")
            return
        network = HopfieldNetwork.from_patterns(np.array(self.memories))
        result = network.recall(self.pattern, rng=self._generator)
        self.result_image.value = pattern_png(result.state, pixels=160)
        self._recalled = True
        overlaps = overlap(np.array(self.memories), result.state)
        best = int(np.argmax(np.abs(overlaps)))
        changed = int(np.sum(result.state != self.pattern))
        what = ("Recall changed nothing: the drawing is already a fixed point"
                if changed == 0 else
                f"Recall flipped {changed} squares and settled after {result.steps} sweeps")
        self._say(f"{what}. Overlaps with the stored patterns: "
                  + ", ".join(f"{name} {m:+.2f}" for name, m in zip(self.names, overlaps))
                  + f". Closest: {self.names[best]}"
                  + (" reversed." if overlaps[best] < 0 else "."))
