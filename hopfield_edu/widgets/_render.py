"""What the explorers share: figures as PNG bytes, small inline SVG charts, the animation loop."""

from __future__ import annotations

import asyncio
import io

import ipywidgets as widgets
import numpy as np

from .._validate import check_int
from ..style import VERMILION


def titled(title: str, image) -> widgets.VBox:
    """An image under a bold title, at the image's own size (a box stretches its children to
    its width, which a long title sets: images side by side would differ in size), with a
    gap after it for the next one."""
    return widgets.VBox([widgets.HTML(f"<b>{title}</b>"), image],
                        layout=widgets.Layout(align_items="flex-start", margin="0 16px 0 0"))


def log_slider(value: float, *, low: float, high: float, step: float, description: str,
               readout_format: str) -> widgets.FloatLogSlider:
    """A slider over ``low`` to ``high`` on a log scale, its base-10 exponent moving by ``step``,
    set to the point of that grid nearest ``value``: the browser's slider snaps its value to the
    grid when it is drawn, and the explorer must show what it computed (``value`` already on the
    grid is kept exactly)."""
    lowest, highest = np.log10(low), np.log10(high)
    steps = (np.log10(value) - lowest) / step
    if abs(steps - round(steps)) > 1e-9:
        value = float(min(high, 10.0 ** (lowest + round(steps) * step)))
    return widgets.FloatLogSlider(value=value, base=10, min=lowest, max=highest, step=step,
                                  description=description, readout_format=readout_format)


def say_error(message: str) -> str:
    """An error for a readout, in vermilion."""
    return f"<span style='color:{VERMILION}'>{message}</span>"


def render(figure) -> bytes:
    """The figure as PNG bytes, drawn off-screen (no pyplot, so nothing is shown twice)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def svg_trace(values, *, low: float, high: float, reference=None, label: str,
              width: int = 360, height: int = 110, x_label: str = "sweeps") -> str:
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
             f'<text x="{left + inner_w}" y="{height - 6}" text-anchor="end">{x_label}</text>']
    for ref in ([] if reference is None else np.atleast_1d(reference)):
        parts.append(f'<line x1="{left}" x2="{left + inner_w}" y1="{y(ref):.1f}" '
                     f'y2="{y(ref):.1f}" stroke="{VERMILION}" stroke-dasharray="4 3"/>')
    values = np.clip(np.asarray(values, dtype=float), low, high)
    if values.size > 1:
        xs = left + inner_w * np.arange(values.size) / (values.size - 1)
        points = " ".join(f"{x:.1f},{y(v):.1f}" for x, v in zip(xs, values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="black" '
                     f'stroke-width="1.2"/>')
    elif values.size == 1:  # the start, before any step: a dot where the line will begin
        parts.append(f'<circle cx="{left}" cy="{y(values[0]):.1f}" r="3" fill="black"/>')
    parts.append("</svg>")
    return "".join(parts)


def play_toggled(play, change, idle: str, running, animate):
    """The explorer's play toggle was pressed or released: label it ("Pause", or ``idle``), and
    start ``animate()`` when pressed (see :func:`start_animation`). Returns the animation."""
    play.icon = "pause" if change["new"] else "play"
    play.description = "Pause" if change["new"] else idle
    return start_animation(running, animate) if change["new"] else running


async def animate_frames(play, step, frames: int, seconds: float) -> None:
    """Call ``step()`` while ``play`` is on, at most ``frames`` times, ``seconds`` apart, yielding
    to the kernel between frames so that the controls stay live; then release ``play``."""
    for _ in range(check_int(frames, "frames", minimum=1)):
        if not play.value:
            break
        step()
        await asyncio.sleep(seconds)
    play.value = False


def start_animation(running, animate):
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


def svg_bars(values, labels, *, label: str, low: float = -1.0, width: int = 360,
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
                     f'fill="{"black" if value >= 0 else VERMILION}"/>')
        parts.append(f'<text x="{x + 0.35 * step:.1f}" y="{height - 4}" '
                     f'text-anchor="middle">{name}</text>')
    parts.append("</svg>")
    return "".join(parts)
