"""Chapter 10: the two layers of a Krotov-Hopfield memory settling, and its energy falling."""

from __future__ import annotations

import asyncio
import time

import ipywidgets as widgets
import numpy as np

from .._images import pattern_png
from .._validate import as_generator, check_choice, check_int, check_real
from ..lagrangian import lagrangian
from ..patterns import ALPHABET, flip, letters
from ..theory.graded import critical_gain
from ..two_layer import TwoLayerMemory
from ._render import log_slider, play_toggled, svg_bars, svg_trace, titled

__all__ = ["EnergyExplorer"]

N = 256  # 16 × 16 letters


def _network(choice: str, gain: float, tau_memory: float, beta: float):
    """The two-layer memory of the 26 letters for one menu entry, and the scale that maps its
    memory activations to [-1, 1].

    The synapses are scaled so that a fully retrieved letter drives each feature neuron with an
    input of size 1 (for the polynomial n max-overlap^(n-1) c^n N^(n-1) = 1), so the gain means
    the same for every Lagrangian.
    """
    xi = letters(ALPHABET).astype(np.float64)
    feature = lagrangian("log-cosh", gain=gain)
    if choice.startswith("quadratic"):
        c = N ** -0.5
        memory, full = lagrangian("quadratic"), c * N  # f = h = c ξ·g, at most c N
    elif choice.startswith("polynomial"):
        c = (4 * N**3) ** -0.25
        memory, full = lagrangian("polynomial", degree=4), 4 * (c * N) ** 3
    else:
        c, full = 1.0, 1.0
        memory = lagrangian("log-sum-exp", beta=beta / N)  # softmax(β m) over the overlaps m
        if choice.endswith("(modern)"):
            feature = lagrangian("quadratic")
    network = TwoLayerMemory(c * xi, feature=feature, memory=memory, tau_memory=tau_memory)
    return network, full


class EnergyExplorer(widgets.VBox):
    """Watch the feature and memory neurons of a two-layer memory settle, energy falling.

    The 26 letters are stored as the synapses between 256 feature neurons (log-cosh
    Lagrangian, activation tanh of the chosen gain) and 26 memory neurons (the chosen
    Lagrangian). The network starts from a corrupted letter with its memory neurons silent and
    follows Krotov & Hopfield's (2021) equations; each frame integrates half a time constant.

    Parameters
    ----------
    memory : str, optional
        One of :attr:`MEMORIES`.
    gain : float, optional
        The gain λ of the feature neurons, from 0.05 to 50 (the slider moves in 20 steps a
        decade and starts at the step nearest ``gain``).
    letter : str, optional
        The letter the cue comes from.
    noise : float, optional
        The fraction of flipped pixels in the cue, from 0 to 0.5.
    seed : int, optional

    Attributes
    ----------
    memory, gain, letter, noise, step_button, play, new_cue : the controls
    feature_image : ipywidgets.Image, the feature activations g
    memory_bars, energy_trace, readout : ipywidgets.HTML
    network : TwoLayerMemory
    v, h : numpy.ndarray, the current states; time : float; energies : list of float
    """

    MEMORIES = ("quadratic (classical)", "polynomial, degree 4 (dense)",
                "log-sum-exp (exponential)", "log-sum-exp, linear features (modern)")
    BETA = 20.0        # the softmax acts on β times the overlaps
    TAU_MEMORY = 0.25  # memory neurons four times faster than feature neurons
    DT = 0.05          # the integration step, in units of the feature time constant
    FRAME_TIME = 0.5   # time integrated per frame
    FRAME_SECONDS = 0.05

    def __init__(self, memory: str = "log-sum-exp (exponential)", *, gain: float = 5.0,
                 letter: str = "E", noise: float = 0.25, seed: int = 0):
        self._generator = as_generator(check_int(seed, "seed", minimum=0))
        self._letters = letters(ALPHABET)
        self._critical = critical_gain(self._letters.T @ self._letters / N)
        self._animation = None
        self.memory = widgets.Dropdown(options=self.MEMORIES,
                                       value=check_choice(memory, "memory", self.MEMORIES),
                                       description="memory L",
                                       layout=widgets.Layout(width="340px"))
        self.gain = log_slider(check_real(gain, "gain", minimum=0.05, maximum=50.0), low=0.05,
                               high=50.0, step=0.05, description="gain", readout_format=".2f")
        self.letter = widgets.Dropdown(options=list(ALPHABET),
                                       value=check_choice(letter, "letter", tuple(ALPHABET)),
                                       description="letter")
        self.noise = widgets.FloatSlider(value=check_real(noise, "noise", minimum=0.0,
                                                          maximum=0.5), min=0.0, max=0.5,
                                         step=0.01, description="noise", readout_format=".0%")
        self.step_button = widgets.Button(description="Step", icon="step-forward")
        self.play = widgets.ToggleButton(description="Run", icon="play")
        self.new_cue = widgets.Button(description="New cue", icon="refresh")
        self.feature_image = widgets.Image(format="png")
        self.memory_bars, self.energy_trace, self.readout = (widgets.HTML() for _ in range(3))

        for control in (self.memory, self.gain):
            control.observe(lambda change: self.restart(), names="value")
        for control in (self.letter, self.noise):
            control.observe(lambda change: self.reset(), names="value")
        self.new_cue.on_click(lambda button: self.reset())
        self.step_button.on_click(lambda button: self.step())
        self.play.observe(self._toggle, names="value")
        super().__init__([
            widgets.HBox([self.memory, self.gain]),
            widgets.HBox([self.letter, self.noise]),
            widgets.HBox([self.step_button, self.play, self.new_cue]),
            widgets.HBox([titled("feature neurons g", self.feature_image),
                          widgets.VBox([self.memory_bars, self.energy_trace])]),
            self.readout])
        self.reset()

    def reset(self) -> None:
        """Draw a new cue from the chosen letter and start again."""
        target = self._letters[ALPHABET.index(self.letter.value)]
        self.cue = flip(target, self.noise.value, rng=self._generator)
        self.restart()

    def restart(self) -> None:
        """Start again from the same cue, with the chosen Lagrangian and gain."""
        self.gain.disabled = self.memory.value.endswith("(modern)")
        self.network, self._full = _network(self.memory.value, self.gain.value,
                                            self.TAU_MEMORY, self.BETA)
        self.v = 0.2 * self.cue.astype(np.float64)
        self.h = np.zeros(self.network.n_memories)
        self.time = 0.0
        self.energies = [self.network.energy(self.v, self.h)]
        self._draw()

    def step(self) -> float:
        """Integrate one frame; return how far the feature activations moved (largest change)."""
        before = self.network.feature.activation(self.v)
        run = self.network.run(self.v, self.h, duration=self.FRAME_TIME, dt=self.DT,
                               record=False)
        self.v, self.h = run.v, run.h
        self.time += self.FRAME_TIME
        self.energies.append(float(run.energies[-1]))
        self._draw()
        return float(np.abs(run.state - before).max())

    def _toggle(self, change) -> None:
        self._animation = play_toggled(self.play, change, "Run", self._animation, self.animate)

    async def animate(self, frames: int | None = None) -> None:
        """Step while ``play`` is on (or for ``frames`` frames) until the state stops moving."""
        frames = None if frames is None else check_int(frames, "frames", minimum=1)
        count = 0
        while self.play.value and (frames is None or count < frames):
            started = time.perf_counter()
            if self.step() < 1e-6:
                self.play.value = False
            count += 1
            await asyncio.sleep(max(0.0, self.FRAME_SECONDS - (time.perf_counter() - started)))

    def _draw(self) -> None:
        g = self.network.feature.activation(self.v)
        f = self.network.memory.activation(self.h) / self._full
        target = self._letters[ALPHABET.index(self.letter.value)]
        self.feature_image.value = pattern_png(np.clip(g, -1.0, 1.0), pixels=160)
        self.memory_bars.value = svg_bars(np.clip(f, -1.0, 1.0), ALPHABET, width=480,
                                          label="memory neurons: activation f (scaled to 1)")
        low, high = min(self.energies), max(self.energies)
        # axis limits rounded outwards to two digits of the range, so that the labels stay short
        unit = 10.0 ** (np.floor(np.log10(max(high - low, 0.05 * max(1.0, abs(high))))) - 1)
        self.energy_trace.value = svg_trace(
            self.energies, low=float(np.floor(low / unit - 1) * unit),
            high=float(np.ceil(high / unit + 1) * unit), width=480, label="energy E(v, h)",
            x_label=f"time (frames of {self.FRAME_TIME:g} τ)")
        strongest = ("the cue, the memory neurons at rest: press Step or Run"
                     if self.time == 0 else
                     f"most active memory neuron: {ALPHABET[int(np.argmax(f))]}"
                     if np.ptp(f) > 1e-9 else "memory neurons all alike")
        gain_note = ("linear features: no gain" if self.gain.disabled else
                     f"gain λ = {self.gain.value:.2f}")
        critical = (f" (the features fall to zero below λ = {self._critical:.3f})"
                    if self.memory.value.startswith("quadratic") else "")
        self.readout.value = (
            f"t = {self.time:.1f} τ &nbsp;·&nbsp; E = {self.energies[-1]:.4f} &nbsp;·&nbsp; "
            f"overlap g·ξ/N with {self.letter.value}: {g @ target / N:+.3f} &nbsp;·&nbsp; "
            f"{strongest}<br>{gain_note}{critical}")
