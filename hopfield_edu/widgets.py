"""Interactive explorers for the notebooks, built with ipywidgets.

Each explorer is a widget box: display it as the last line of a cell. It draws with the same
functions as :mod:`hopfield_edu.plots` into a PNG shown by an ``ipywidgets.Image``, and writes
its numbers into an ``HTML`` readout, so its logic can be tested in plain pytest: set a
control's ``value`` and read ``image.value`` and ``readout.value``.
"""

from __future__ import annotations

import asyncio
import io
import struct
import time
import zlib

import ipywidgets as widgets
import numpy as np

from . import ising
from ._validate import (as_generator, check_choice, check_fraction, check_int, check_real,
                        check_spins, check_text)
from .dense import DenseAssociativeMemory
from .hopfield import HopfieldNetwork
from .modern import ModernHopfield, classify_fixed_point
from .patterns import flip, letters, overlap
from .plots import plot_pattern

__all__ = ["BetaExplorer", "DenseExplorer", "IsingExplorer", "NoiseExplorer", "PatternEditor",
           "RecallExplorer"]


def _render(figure) -> bytes:
    """The figure as PNG bytes, drawn off-screen (no pyplot, so nothing is shown twice)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def _png_gray(image: np.ndarray) -> bytes:
    """Encode a 2-D uint8 array as a greyscale PNG, fast enough for 20 frames a second.

    matplotlib takes tens of milliseconds per figure; a lattice needs no axes, so the widgets
    write its pixels directly (PNG: signature, header, zlib-compressed rows, end).
    """
    height, width = image.shape

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = np.hstack([np.zeros((height, 1), np.uint8), image.astype(np.uint8)])  # filter 0
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + chunk(b"IEND", b""))


def _svg_trace(values, *, low: float, high: float, reference=None, label: str,
               width: int = 360, height: int = 110) -> str:
    """A small inline SVG line plot of ``values`` (oldest first), with a dashed reference."""
    left, right, top, bottom = 44, 8, 16, 20
    inner_w, inner_h = width - left - right, height - top - bottom

    def y(value):
        return top + inner_h * (high - value) / (high - low)

    parts = [f'<svg width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
             f'font-family="sans-serif" font-size="11">',
             f'<rect x="{left}" y="{top}" width="{inner_w}" height="{inner_h}" fill="none" '
             f'stroke="#888"/>',
             f'<text x="{left}" y="11">{label}</text>',
             f'<text x="{left - 4}" y="{y(high) + 4:.1f}" text-anchor="end">{high:g}</text>',
             f'<text x="{left - 4}" y="{y(low) + 4:.1f}" text-anchor="end">{low:g}</text>',
             f'<text x="{left + inner_w}" y="{height - 6}" text-anchor="end">sweeps</text>']
    for ref in ([] if reference is None else np.atleast_1d(reference)):
        parts.append(f'<line x1="{left}" x2="{left + inner_w}" y1="{y(ref):.1f}" '
                     f'y2="{y(ref):.1f}" stroke="#D55E00" stroke-dasharray="4 3"/>')
    values = np.clip(np.asarray(values, dtype=float), low, high)
    if values.size > 1:
        xs = left + inner_w * np.arange(values.size) / (values.size - 1)
        points = " ".join(f"{x:.1f},{y(v):.1f}" for x, v in zip(xs, values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="black" '
                     f'stroke-width="1.2"/>')
    parts.append("</svg>")
    return "".join(parts)


def _start_animation(running, animate):
    """Start ``animate()`` on the kernel's event loop unless ``running`` is still going.

    Frames are paced by the kernel, not by the browser: a browser-side timer (such as
    ipywidgets.Play) waits for a round trip per frame, which caps it below 20 a second.
    Outside a Jupyter kernel there is no running loop, and the caller steps by hand.
    """
    if running is not None and not running.done():
        return running
    try:
        return asyncio.get_running_loop().create_task(animate())
    except RuntimeError:
        return None


def _svg_bars(values, labels, *, label: str, low: float = -1.0, width: int = 360,
              height: int = 130) -> str:
    """An inline SVG bar chart of values in [low, 1], one bar per label, from a baseline at 0."""
    left, right, top, bottom = 30, 8, 16, 18
    inner_w, inner_h = width - left - right, height - top - bottom

    def y(value):
        return top + inner_h * (1.0 - value) / (1.0 - low)

    zero = y(0.0)
    step = inner_w / max(1, len(values))
    parts = [f'<svg width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
             f'font-family="sans-serif" font-size="11">',
             f'<text x="{left}" y="11">{label}</text>',
             f'<line x1="{left}" x2="{left + inner_w}" y1="{zero:.1f}" y2="{zero:.1f}" '
             f'stroke="#888"/>',
             f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">1</text>',
             f'<text x="{left - 4}" y="{top + inner_h + 4}" text-anchor="end">{low:g}</text>']
    for k, (value, name) in enumerate(zip(values, labels)):
        x = left + k * step + 0.15 * step
        top_of_bar = y(value)
        parts.append(f'<rect x="{x:.1f}" y="{min(top_of_bar, zero):.1f}" '
                     f'width="{0.7 * step:.1f}" height="{abs(zero - top_of_bar):.1f}" '
                     f'fill="{"black" if value >= 0 else "#D55E00"}"/>')
        parts.append(f'<text x="{x + 0.35 * step:.1f}" y="{height - 4}" '
                     f'text-anchor="middle">{name}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _pattern_png(pattern: np.ndarray, pixels: int = 192) -> bytes:
    """A square pattern as a PNG about ``pixels`` wide: +1 black, -1 white, grey in between."""
    side = int(round(np.sqrt(pattern.size)))
    values = np.clip(np.asarray(pattern, dtype=np.float64).reshape(side, side), -1.0, 1.0)
    image = np.round((1.0 - values) * 127.5).astype(np.uint8)
    scale = max(1, pixels // side)
    return _png_gray(np.repeat(np.repeat(image, scale, 0), scale, 1))


class NoiseExplorer(widgets.VBox):
    """A letter and a copy of it with a chosen fraction of units flipped, and their overlap.

    Parameters
    ----------
    text : str, optional
        The letters to choose from.
    size : int, optional
        The side of each letter image in pixels.
    fraction : float, optional
        The fraction of flipped units to start with.
    seed : int, optional
        Which random units are flipped; "New noise" moves to the next seed. For one seed, a
        larger fraction flips a superset of the units a smaller one flips.

    Attributes
    ----------
    letter, fraction, new_noise : the controls
    image : ipywidgets.Image, the original and the corrupted copy
    readout : ipywidgets.HTML, the overlap and the number of flipped units
    """

    def __init__(self, text: str = "HOPFIELD", *, size: int = 16, fraction: float = 0.1,
                 seed: int = 0):
        from matplotlib.figure import Figure

        self.patterns = letters(text, size=size)
        self.seed = check_int(seed, "seed", minimum=0)
        self.letter = widgets.Dropdown(options=[(char, i) for i, char in enumerate(text)],
                                       value=0, description="letter")
        self.fraction = widgets.FloatSlider(value=check_fraction(fraction, "fraction"),
                                            min=0.0, max=1.0, step=0.01, description="flipped",
                                            readout_format=".0%", continuous_update=True)
        self.new_noise = widgets.Button(description="New noise", icon="refresh")
        self.image = widgets.Image(format="png")
        self.readout = widgets.HTML()
        self._figure = Figure(figsize=(4.4, 2.5), layout="constrained")
        self._axes = self._figure.subplots(1, 2)

        self.letter.observe(self._redraw, names="value")
        self.fraction.observe(self._redraw, names="value")
        self.new_noise.on_click(self._next_seed)
        super().__init__([widgets.HBox([self.letter, self.fraction, self.new_noise]),
                          self.image, self.readout])
        self._redraw()

    @property
    def original(self) -> np.ndarray:
        """The chosen letter as a ±1 pattern."""
        return self.patterns[self.letter.value]

    @property
    def corrupted(self) -> np.ndarray:
        """The chosen letter with the chosen fraction of its units flipped."""
        return flip(self.original, self.fraction.value, rng=self.seed)

    def _next_seed(self, _button=None) -> None:
        self.seed += 1
        self._redraw()

    def _redraw(self, _change=None) -> None:
        original, corrupted = self.original, self.corrupted
        flipped = int(np.sum(original != corrupted))
        m = overlap(original, corrupted)
        for ax in self._axes:
            ax.clear()
        plot_pattern(original, ax=self._axes[0], title="original")
        plot_pattern(corrupted, ax=self._axes[1], reference=original, title="corrupted")
        self.image.value = _render(self._figure)
        self.readout.value = (f"overlap <i>m</i> = {m:+.3f} &nbsp;·&nbsp; {flipped} of "
                              f"{original.size} units flipped &nbsp;·&nbsp; "
                              f"1 − 2·{flipped}/{original.size} = "
                              f"{1 - 2 * flipped / original.size:+.3f}")


class IsingExplorer(widgets.VBox):
    """A live Monte Carlo simulation of the 2-D Ising model.

    Move the temperature while it runs and watch domains grow or melt; the traces of the
    magnetisation and the energy per spin approach the exact values of the infinite lattice
    (dashed: Yang's ±M(T) and Onsager's u(T)).

    Parameters
    ----------
    L : int, optional
        Side of the lattice: 16, 32, 64, 128 or 256.
    T : float, optional
        Temperature, between 0.5 and 5.
    algorithm : str, optional
        One of :data:`hopfield_edu.ising.ALGORITHMS`.
    sweeps_per_frame : int, optional
        Monte Carlo sweeps between two pictures (for Wolff, clusters between two pictures).
    history : int, optional
        How many frames the traces show.
    seed : int, optional

    Attributes
    ----------
    temperature, size, algorithm, sweeps_per_frame, play, step_button, reset_button :
        the controls; ``play`` is a toggle that runs :meth:`step` every ``FRAME_SECONDS``
    lattice : ipywidgets.Image, the spins (+1 black, -1 white)
    traces : ipywidgets.HTML, magnetisation and energy per spin against time
    readout : ipywidgets.HTML, the latest numbers
    spins : numpy.ndarray, the current lattice
    """

    SIZES = (16, 32, 64, 128, 256)
    PIXELS = 384  # the lattice is drawn this many pixels wide, whatever its size
    FRAME_SECONDS = 0.04  # 25 frames a second at most

    def __init__(self, L: int = 64, T: float = 2.0, *, algorithm: str = "metropolis",
                 sweeps_per_frame: int = 1, history: int = 300, seed: int = 0):
        if check_int(L, "L") not in self.SIZES:
            raise ValueError(f"L must be one of {self.SIZES}, got {L!r}")
        T = check_real(T, "T", minimum=0.5, maximum=5.0)
        check_choice(algorithm, "algorithm", ising.ALGORITHMS)
        self.history = check_int(history, "history", minimum=2)
        self._animation = None
        self._generator = as_generator(check_int(seed, "seed", minimum=0))
        self.temperature = widgets.FloatSlider(value=T, min=0.5, max=5.0, step=0.01,
                                               description="T", readout_format=".2f")
        self.size = widgets.Dropdown(options=self.SIZES, value=L, description="L")
        self.algorithm = widgets.Dropdown(options=ising.ALGORITHMS, value=algorithm,
                                          description="algorithm")
        self.sweeps_per_frame = widgets.IntSlider(
            value=check_int(sweeps_per_frame, "sweeps_per_frame", minimum=1, maximum=50),
            min=1, max=50, description="sweeps per frame",
            style={"description_width": "initial"})
        self.play = widgets.ToggleButton(value=False, description="Run", icon="play",
                                         tooltip="run or pause the simulation")
        self.step_button = widgets.Button(description="Step", icon="step-forward")
        self.reset_button = widgets.Button(description="Hot start", icon="fire")
        self.lattice = widgets.Image(format="png", width=self.PIXELS, height=self.PIXELS)
        self.traces = widgets.HTML()
        self.readout = widgets.HTML()

        self.play.observe(self._toggle, names="value")
        self.step_button.on_click(lambda button: self.step())
        self.reset_button.on_click(lambda button: self.reset())
        self.size.observe(lambda change: self.reset(), names="value")
        self.algorithm.observe(lambda change: self.reset(), names="value")
        self.temperature.observe(lambda change: self._draw(), names="value")
        super().__init__([
            widgets.HBox([self.temperature, self.size, self.algorithm]),
            widgets.HBox([self.play, self.step_button, self.reset_button,
                          self.sweeps_per_frame]),
            widgets.HBox([self.lattice, widgets.VBox([self.traces, self.readout])]),
        ])
        self.reset()

    def _toggle(self, change) -> None:
        self.play.icon = "pause" if change["new"] else "play"
        self.play.description = "Pause" if change["new"] else "Run"
        if change["new"]:
            self._animation = _start_animation(self._animation, self.animate)

    async def animate(self, frames: int | None = None) -> None:
        """Step while ``play`` is on (or for ``frames`` frames), at most one frame per
        ``FRAME_SECONDS``, yielding to the kernel between frames so the controls stay live."""
        count = 0
        while self.play.value and (frames is None or count < frames):
            started = time.perf_counter()
            self.step()
            count += 1
            await asyncio.sleep(max(0.0, self.FRAME_SECONDS - (time.perf_counter() - started)))

    def reset(self) -> None:
        """Start again from independent random spins (infinite temperature)."""
        L = self.size.value
        self.spins = np.where(self._generator.random((L, L)) < 0.5, 1, -1).astype(np.int8)
        self.sweeps = 0
        self._magnetization = [float(self.spins.mean())]
        self._energy = [ising.lattice_energy(self.spins) / self.spins.size]
        self._draw()

    def step(self) -> None:
        """Advance the simulation by one frame and redraw."""
        run = ising.simulate(self.size.value, self.temperature.value,
                             sweeps=self.sweeps_per_frame.value,
                             algorithm=self.algorithm.value, start=self.spins,
                             rng=self._generator)
        self.spins = run.spins
        self.sweeps += self.sweeps_per_frame.value
        self._magnetization = (self._magnetization + [run.magnetization[-1]])[-self.history:]
        self._energy = (self._energy + [run.energy[-1]])[-self.history:]
        self._draw()

    def _draw(self) -> None:
        T = self.temperature.value
        scale = max(1, self.PIXELS // self.spins.shape[0])
        pixels = np.where(self.spins > 0, 0, 255).astype(np.uint8)
        self.lattice.value = _png_gray(np.repeat(np.repeat(pixels, scale, 0), scale, 1))
        m_exact, e_exact = ising.exact_magnetization(T), ising.exact_energy(T)
        self.traces.value = (
            _svg_trace(self._magnetization, low=-1, high=1, reference=[m_exact, -m_exact],
                       label="magnetisation per spin m")
            + "<br>"
            + _svg_trace(self._energy, low=-2, high=0, reference=e_exact,
                         label="energy per spin e"))
        self.readout.value = (
            f"sweep {self.sweeps} &nbsp;·&nbsp; m = {self._magnetization[-1]:+.3f} &nbsp;·&nbsp; "
            f"e = {self._energy[-1]:+.3f}<br>infinite lattice at T = {T:.2f}: "
            f"|m| = {m_exact:.3f}, e = {e_exact:+.3f} (dashed)"
            f"<br>T<sub>c</sub> = {ising.CRITICAL_TEMPERATURE:.3f}")


class RecallExplorer(widgets.VBox):
    """Recall a stored letter from a corrupted cue, one sweep at a time.

    Letters are stored in a Hebbian network; a cue is one of them with a fraction of its
    pixels flipped. Each step runs one sweep (asynchronous: every unit once in random order;
    synchronous: all units at once). The energy trace falls at every asynchronous sweep; the
    bars show the overlap of the state with every stored letter.

    Parameters
    ----------
    text : str, optional
        The letters to store (at least one, each shown 16 × 16).
    noise : float, optional
        The fraction of flipped pixels in the cue, from 0 to 0.6.
    mode : {"async", "sync"}, optional
    seed : int, optional

    Attributes
    ----------
    stored, target, noise, mode, new_cue, step_button, play : the controls
    state_image, target_image : ipywidgets.Image
    energy_trace, overlap_bars, readout : ipywidgets.HTML
    network : HopfieldNetwork, state : numpy.ndarray, energies : list of float
    """

    FRAME_SECONDS = 0.15  # slow enough to watch each sweep

    def __init__(self, text: str = "HOPFIELD", *, noise: float = 0.3, mode: str = "async",
                 seed: int = 0):
        self._generator = as_generator(check_int(seed, "seed", minimum=0))
        self.stored = widgets.Text(value=check_text(text, "text"), description="stored",
                                   continuous_update=False)
        self.target = widgets.Dropdown(description="cue from")
        # a slider clips a value beyond its range without a word: check it first
        self.noise = widgets.FloatSlider(value=check_real(noise, "noise", minimum=0.0,
                                                          maximum=0.6), min=0.0, max=0.6,
                                         step=0.01, description="noise", readout_format=".0%")
        self.mode = widgets.Dropdown(options=["async", "sync"],
                                     value=check_choice(mode, "mode", ("async", "sync")),
                                     description="updates")
        self.new_cue = widgets.Button(description="New cue", icon="refresh")
        self.step_button = widgets.Button(description="Sweep", icon="step-forward")
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
        self.play.observe(self._toggle, names="value")
        super().__init__([
            widgets.HBox([self.stored, self.target, self.mode]),
            widgets.HBox([self.noise, self.new_cue, self.step_button, self.play]),
            widgets.HBox([widgets.VBox([widgets.HTML("<b>state</b>"), self.state_image]),
                          widgets.VBox([widgets.HTML("<b>target</b>"), self.target_image]),
                          widgets.VBox([self.energy_trace, self.overlap_bars])]),
            self.readout])
        self._store()

    def _on_stored(self, change) -> None:
        try:
            self._store()
        except ValueError as error:  # a character the font cannot draw, or nothing at all
            self.readout.value = f"<span style='color:#D55E00'>Cannot store that: {error}</span>"

    def _store(self) -> None:
        self.patterns = letters(self.stored.value, size=16)
        self.network = HopfieldNetwork.from_patterns(self.patterns)
        self.target.options = [(char, k) for k, char in enumerate(self.stored.value)]
        self.target.value = 0
        self.reset()  # (choosing the target may already have reset the cue: harmless)

    def reset(self) -> None:
        """A new cue: the chosen letter with the chosen fraction of pixels flipped."""
        self.state = flip(self.patterns[self.target.value], self.noise.value,
                          rng=self._generator)
        self.sweeps = 0
        self.settled = False
        self._previous = None
        self.energies = [self.network.energy(self.state)]
        self._draw()

    def step(self) -> None:
        """One sweep of the chosen dynamics."""
        if self.settled:
            return
        result = self.network.recall(self.state, mode=self.mode.value, max_sweeps=1,
                                     rng=self._generator)
        two_cycle = self._previous is not None and np.array_equal(result.state, self._previous)
        self.settled = result.cycle_length == 1 or two_cycle
        self._previous, self.state = self.state, np.array(result.state)
        self.sweeps += 1
        self.energies.append(self.network.energy(self.state))
        self._draw(two_cycle)

    def _toggle(self, change) -> None:
        self.play.description = "Pause" if change["new"] else "Recall"
        if change["new"]:
            self._animation = _start_animation(self._animation, self.animate)

    async def animate(self, frames: int = 50) -> None:
        """Sweep while ``play`` is on, until the state settles or ``frames`` sweeps have run."""
        for _ in range(frames):
            if not self.play.value or self.settled:
                break
            self.step()
            await asyncio.sleep(self.FRAME_SECONDS)
        self.play.value = False

    def _draw(self, two_cycle: bool = False) -> None:
        target = self.patterns[self.target.value]
        self.state_image.value = _pattern_png(self.state)
        self.target_image.value = _pattern_png(target)
        low = min(self.energies) - 1
        high = max(self.energies) + 1
        self.energy_trace.value = _svg_trace(self.energies, low=round(low), high=round(high),
                                             label="energy E = -½ sᵀWs")
        overlaps = overlap(self.patterns, self.state)
        self.overlap_bars.value = _svg_bars(overlaps, self.stored.value,
                                            label="overlap with each stored letter")
        status = ("a two-cycle: the synchronous state flips back and forth" if two_cycle
                  else "settled: a fixed point" if self.settled else "running")
        self.readout.value = (f"sweep {self.sweeps} &nbsp;·&nbsp; E = {self.energies[-1]:.1f} "
                              f"&nbsp;·&nbsp; overlap with the target m = "
                              f"{overlap(target, self.state):+.3f} &nbsp;·&nbsp; {status}")


class PatternEditor(widgets.VBox):
    """Draw a pattern by clicking a grid, then store it or use it as a cue.

    Each square of the grid is a button that a click toggles: black is +1 (ink), white is -1.
    "Store" adds the drawing to the network's memories (Hebb's rule); "Recall" runs
    asynchronous recall from it and shows where it ends, with its overlap with every stored
    pattern.

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
    """

    def __init__(self, side: int = 12, *, stored: str = "", seed: int = 0):
        self.side = check_int(side, "side", minimum=5, maximum=16)
        self._generator = as_generator(check_int(seed, "seed", minimum=0))
        stored = check_text(stored, "stored", allow_empty=True)
        self.memories = [row for row in (letters(stored, size=self.side) if stored else [])]
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
        self.letter = widgets.Text(value="A", description="letter", layout={"width": "150px"})
        self.load_button = widgets.Button(description="Draw letter")
        self.clear_button = widgets.Button(description="Clear")
        self.store_button = widgets.Button(description="Store", icon="save")
        self.recall_button = widgets.Button(description="Recall", icon="search")
        self.result_image = widgets.Image(format="png")
        self.readout = widgets.HTML()
        self.load_button.on_click(lambda button: self._load_letter())
        self.clear_button.on_click(lambda button: self.set_pattern(-np.ones(self.side ** 2)))
        self.store_button.on_click(lambda button: self.store())
        self.recall_button.on_click(lambda button: self.recall())
        super().__init__([
            widgets.HBox([self.letter, self.load_button, self.clear_button, self.store_button,
                          self.recall_button]),
            widgets.HBox([grid, widgets.VBox([widgets.HTML("<b>recalled</b>"),
                                              self.result_image])]),
            self.readout])
        self._say(f"{len(self.memories)} patterns stored. Click squares to draw.")

    @property
    def pattern(self) -> np.ndarray:
        """The drawing as a ±1 pattern, row by row."""
        return np.where(self._ink, 1, -1).astype(np.int8)

    def set_pattern(self, pattern) -> None:
        """Show a ±1 pattern of side × side units on the grid."""
        values = check_spins(pattern, "pattern", ndim=1)
        if values.size != self.side ** 2:
            raise ValueError(f"pattern must have {self.side ** 2} units, got {values.size}")
        for index, value in enumerate(values):
            if self._ink[index] != (value > 0):
                self._toggle(index)

    def _toggle(self, index: int) -> None:
        """A click on a square: ink becomes paper and paper ink."""
        self._ink[index] = not self._ink[index]
        self.cells[index].style.button_color = "black" if self._ink[index] else "white"

    def _load_letter(self) -> None:
        try:
            self.set_pattern(letters(self.letter.value[:1] or " ", size=self.side)[0])
        except ValueError as error:
            self._say(f"<span style='color:#D55E00'>{error}</span>")

    def _say(self, message: str) -> None:
        self.readout.value = message

    def store(self) -> None:
        """Add the drawing to the stored patterns."""
        self.memories.append(self.pattern)
        self._say(f"{len(self.memories)} patterns stored (load {len(self.memories)}/"
                  f"{self.side ** 2} = {len(self.memories) / self.side ** 2:.3f}).")

    def recall(self) -> None:
        """Run asynchronous recall from the drawing and show the result."""
        if not self.memories:
            self._say("Store at least one pattern first.")
            return
        network = HopfieldNetwork.from_patterns(np.array(self.memories))
        result = network.recall(self.pattern, rng=self._generator)
        self.result_image.value = _pattern_png(result.state, pixels=160)
        overlaps = overlap(np.array(self.memories), result.state)
        best = int(np.argmax(np.abs(overlaps)))
        self._say(f"Recall settled after {result.sweeps} sweeps. Overlaps with the stored "
                  f"patterns: " + ", ".join(f"{m:+.2f}" for m in overlaps)
                  + f". Closest: pattern {best + 1}"
                  + (" reversed." if overlaps[best] < 0 else "."))


class DenseExplorer(widgets.VBox):
    """Recall a corrupted letter with a dense associative memory and with the classical network.

    The first ``stored`` letters of the alphabet are stored, 16 × 16 each; a cue is one of them
    with a fraction of its pixels flipped. Both networks recall from the same cue, with the
    same random order of updates.

    Parameters
    ----------
    interaction : str, optional
        One of :attr:`INTERACTIONS`: a polynomial degree, or the exponential.
    stored : int, optional
        How many letters to store, 1 to 26.
    noise : float, optional
        The fraction of flipped pixels in the cue, from 0 to 0.5.
    seed : int, optional

    Attributes
    ----------
    interaction, stored, target, noise, new_cue : the controls
    cue_image, dense_image, classical_image : ipywidgets.Image
    readout : ipywidgets.HTML
    """

    ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    INTERACTIONS = {"degree 2 (classical)": dict(degree=2), "degree 3": dict(degree=3),
                    "degree 4": dict(degree=4), "degree 8": dict(degree=8),
                    "exponential": dict(interaction="exponential")}

    def __init__(self, interaction: str = "degree 8", *, stored: int = 26, noise: float = 0.2,
                 seed: int = 0):
        self._generator = as_generator(check_int(seed, "seed", minimum=0))
        self._letters = letters(self.ALPHABET)
        self.interaction = widgets.Dropdown(
            options=list(self.INTERACTIONS),
            value=check_choice(interaction, "interaction", tuple(self.INTERACTIONS)),
            description="dense F")
        self.stored = widgets.IntSlider(value=check_int(stored, "stored", minimum=1, maximum=26),
                                        min=1, max=26, description="letters")
        self.target = widgets.Dropdown(options=[(c, k) for k, c in enumerate(self.ALPHABET)],
                                       value=0, description="cue from")
        self.noise = widgets.FloatSlider(value=check_real(noise, "noise", minimum=0.0,
                                                          maximum=0.5), min=0.0, max=0.5,
                                         step=0.01, description="noise", readout_format=".0%")
        self.new_cue = widgets.Button(description="New cue", icon="refresh")
        self.cue_image, self.dense_image, self.classical_image = (
            widgets.Image(format="png") for _ in range(3))
        self.readout = widgets.HTML()
        for control in (self.interaction, self.stored, self.target, self.noise):
            control.observe(lambda change: self.update(), names="value")
        self.new_cue.on_click(lambda button: self.update())
        titled = lambda title, image: widgets.VBox([widgets.HTML(f"<b>{title}</b>"), image])  # noqa
        super().__init__([
            widgets.HBox([self.interaction, self.stored, self.target]),
            widgets.HBox([self.noise, self.new_cue]),
            widgets.HBox([titled("cue", self.cue_image), titled("dense memory", self.dense_image),
                          titled("classical network", self.classical_image)]),
            self.readout])
        self.update()

    def update(self) -> None:
        """Draw a new cue and recall it with both networks."""
        count = self.stored.value
        if self.target.value >= count:  # the cue must come from a stored letter
            self.target.value = 0
            return
        patterns = self._letters[:count]
        target = patterns[self.target.value]
        cue = flip(target, self.noise.value, rng=self._generator)
        seed = int(self._generator.integers(2**32))
        dense = DenseAssociativeMemory(patterns, **self.INTERACTIONS[self.interaction.value])
        self.cue_state = cue
        self.dense_state = dense.recall(cue, rng=seed).state
        self.classical_state = HopfieldNetwork.from_patterns(patterns).recall(cue, rng=seed).state
        for image, state in ((self.cue_image, cue), (self.dense_image, self.dense_state),
                             (self.classical_image, self.classical_state)):
            image.value = _pattern_png(state, pixels=160)
        self.readout.value = (
            f"{count} letters stored in 256 neurons &nbsp;·&nbsp; overlap with "
            f"{self.ALPHABET[self.target.value]}: cue {overlap(cue, target):+.2f}, dense "
            f"{overlap(self.dense_state, target):+.2f}, classical "
            f"{overlap(self.classical_state, target):+.2f}")


class BetaExplorer(widgets.VBox):
    """How β decides what a modern Hopfield network retrieves, on the 26 letters.

    Choose a letter, corrupt it (flip pixels or blank its lower half) and move β: the explorer
    shows the softmax weights of the query over the stored letters, the state after one update
    and at the fixed point, the energies, and the kind of fixed point (global average,
    metastable, single pattern).

    Attributes
    ----------
    beta, letter, corruption, amount : the controls
    weight_bars, readout : ipywidgets.HTML
    query_image, one_step_image, fixed_image : ipywidgets.Image
    """

    ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def __init__(self, beta: float = 0.03, *, letter: str = "E", seed: int = 0):
        self._generator = as_generator(check_int(seed, "seed", minimum=0))
        self.patterns = letters(self.ALPHABET).astype(np.float64)
        self.beta = widgets.FloatLogSlider(
            value=check_real(beta, "beta", minimum=1e-4, maximum=10.0), base=10, min=-4, max=1,
            step=0.05, description="β", readout_format=".4f")
        self.letter = widgets.Dropdown(options=list(self.ALPHABET),
                                       value=check_choice(letter, "letter", tuple(self.ALPHABET)),
                                       description="letter")
        self.corruption = widgets.Dropdown(options=["flip pixels", "blank lower half"],
                                           value="flip pixels", description="corruption")
        self.amount = widgets.FloatSlider(value=0.15, min=0.0, max=0.5, step=0.01,
                                          description="flipped", readout_format=".0%")
        self.query_image, self.one_step_image, self.fixed_image = (
            widgets.Image(format="png") for _ in range(3))
        self.weight_bars, self.readout = widgets.HTML(), widgets.HTML()
        for control in (self.beta, self.letter, self.corruption, self.amount):
            control.observe(lambda change: self.update(), names="value")
        titled = lambda title, image: widgets.VBox([widgets.HTML(f"<b>{title}</b>"), image])  # noqa
        super().__init__([
            widgets.HBox([self.beta, self.letter]),
            widgets.HBox([self.corruption, self.amount]),
            widgets.HBox([titled("query", self.query_image),
                          titled("after one update", self.one_step_image),
                          titled("fixed point", self.fixed_image)]),
            self.weight_bars, self.readout])
        self.update()

    def update(self) -> None:
        """Build the query and retrieve it at the chosen β."""
        target = self.patterns[self.ALPHABET.index(self.letter.value)]
        if self.corruption.value == "flip pixels":
            query = target * np.where(self._generator.random(target.size) < self.amount.value,
                                      -1.0, 1.0)
        else:
            query = target.copy()
            query[target.size // 2:] = 0.0
        network = ModernHopfield(self.patterns, beta=self.beta.value)
        self.one_step = network.update(query)
        self.result = network.retrieve(query, max_steps=200)
        self.kind = classify_fixed_point(self.result.probabilities)
        weights = network.probabilities(query)
        for image, state in ((self.query_image, query), (self.one_step_image, self.one_step),
                             (self.fixed_image, self.result.state)):
            image.value = _pattern_png(state, pixels=144)
        self.weight_bars.value = _svg_bars(weights, self.ALPHABET, low=0.0, width=560,
                                           label="softmax weights of the query over the letters")
        self.readout.value = (
            f"energy: query {network.energy(query):.1f}, after one update "
            f"{network.energy(self.one_step):.1f}, fixed point "
            f"{network.energy(self.result.state):.1f} ({self.result.steps} updates) "
            f"&nbsp;·&nbsp; fixed point: <b>{self.kind}</b>")
