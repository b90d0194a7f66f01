#!/usr/bin/env python3
"""Frames per second of IsingExplorer at L = 128, one sweep per frame, Python side.

A frame is one Monte Carlo sweep plus a redraw: the lattice as a PNG written directly, the
traces as inline SVG. The baseline, in the same run, redraws the same picture the plain way,
with matplotlib (an image and two line plots, saved as PNG). The browser adds its own time to
display a frame; this measures what the kernel side must deliver for 20 frames per second.
(The explorer paces its frames from the kernel, at most 25 a second: a browser-side timer such
as ipywidgets.Play waits for a round trip per frame and reached only 17-18 a second in headless
Chromium on a 2-core machine, against 24 for kernel pacing.)

Usage: python benchmarks/bench_widgets.py [--frames 200]
"""

from __future__ import annotations

import argparse
import io
import time

import numpy as np
from matplotlib.figure import Figure

from hopfield_edu import ising
from hopfield_edu.widgets import IsingExplorer


def matplotlib_frame(figure, axes, spins, magnetization, energy) -> bytes:
    """The plain way: redraw lattice and traces with matplotlib and encode a PNG."""
    for ax in axes:
        ax.clear()
    axes[0].imshow(spins, cmap="gray_r", vmin=-1, vmax=1, interpolation="nearest")
    axes[1].plot(magnetization, "k")
    axes[2].plot(energy, "k")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=int, default=200)
    args = parser.parse_args()

    explorer = IsingExplorer(L=128, T=ising.CRITICAL_TEMPERATURE)
    for _ in range(5):  # warm up: compile, fill the traces
        explorer.step()
    start = time.perf_counter()
    for _ in range(args.frames):
        explorer.step()
    ours = (time.perf_counter() - start) / args.frames

    figure = Figure(figsize=(8, 4))
    axes = [figure.add_subplot(1, 2, 1), figure.add_subplot(2, 2, 2), figure.add_subplot(2, 2, 4)]
    spins = explorer.spins
    history_m, history_e = list(explorer._magnetization), list(explorer._energy)
    frames = max(5, args.frames // 10)
    start = time.perf_counter()
    for _ in range(frames):
        run = ising.simulate(128, ising.CRITICAL_TEMPERATURE, sweeps=1, start=spins, rng=0)
        spins = run.spins
        history_m = (history_m + [run.magnetization[-1]])[-300:]
        history_e = (history_e + [run.energy[-1]])[-300:]
        matplotlib_frame(figure, axes, spins, np.array(history_m), np.array(history_e))
    plain = (time.perf_counter() - start) / frames

    print("IsingExplorer, L = 128, one sweep per frame")
    print(f"  hopfield_edu (PNG + SVG) : {ours * 1e3:6.1f} ms per frame = {1 / ours:6.0f} frames/s")
    print(f"  matplotlib redraw        : {plain * 1e3:6.1f} ms per frame = {1 / plain:6.0f} frames/s")
    print(f"  ratio                    : {plain / ours:6.1f}x   (target: >= 20 frames/s: "
          f"{'met' if 1 / ours >= 20 else 'NOT met'})")


if __name__ == "__main__":
    main()
