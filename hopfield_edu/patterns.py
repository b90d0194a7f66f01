"""Binary patterns: random ones, letters, and corrupted copies of them.

A pattern is a state of ``n`` binary neurons, coded as an ``int8`` array of -1 and +1. Several
patterns are stored as the rows of an ``(n_patterns, n_neurons)`` array.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ._blocks import block_rows
from ._validate import (as_generator, check_fraction, check_int, check_real, check_spins,
                        check_text)

__all__ = ["ALPHABET", "flip", "letters", "mask", "overlap", "random_patterns"]

#: The 26 capital letters, the correlated patterns the course stores again and again.
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# The glyphs are drawn from DejaVu Sans Bold, which ships inside matplotlib, so no font or data
# set is ever downloaded. Bold strokes stay two pixels wide even at 12 x 12.
_FONT_FAMILY = "DejaVu Sans"
_FONT_WEIGHT = "bold"
_CAP_HEIGHT = 0.729  # height of a capital letter in DejaVu Sans, in em


def random_patterns(n_patterns: int, n_neurons: int, *, bias: float = 0.0,
                    rng=None) -> np.ndarray:
    """Draw independent random ±1 patterns.

    Parameters
    ----------
    n_patterns, n_neurons : int
        The shape of the result, at least 1 each.
    bias : float, optional
        Each unit is +1 with probability ``(1 + bias) / 2``; ``bias`` lies in [-1, 1] and the
        mean activity of a pattern is ``bias``. The default 0 gives unbiased patterns.
    rng : None, int or numpy.random.Generator, optional
        The source of randomness; the same seed gives the same patterns.

    Returns
    -------
    numpy.ndarray
        An ``int8`` array of shape ``(n_patterns, n_neurons)`` holding -1 and +1.
    """
    n_patterns = check_int(n_patterns, "n_patterns", minimum=1)
    n_neurons = check_int(n_neurons, "n_neurons", minimum=1)
    bias = check_real(bias, "bias", minimum=-1.0, maximum=1.0)
    generator = as_generator(rng)
    patterns = np.empty((n_patterns, n_neurons), dtype=np.int8)
    # draw a block of rows at a time: the same numbers as one call, without a float64 array
    # the size of the result (K = 10^5 patterns of 1000 units would take 800 MB)
    rows = block_rows(n_neurons)
    for start in range(0, n_patterns, rows):
        block = generator.random((min(rows, n_patterns - start), n_neurons))
        # True/False written as the bytes 1/0 into the result, then 2b - 1 in place: the same
        # ±1 as np.where, in cheap passes and without a temporary array
        chunk = patterns[start:start + rows]
        np.less(block, (1.0 + bias) / 2.0, out=chunk.view(np.bool_))
        chunk += chunk
        chunk -= 1
    return patterns


def _change_units(state: np.ndarray, fraction: float, generator: np.random.Generator,
                  value: int | None) -> np.ndarray:
    """``state`` (a fresh copy, changed in place and returned) with ``round(fraction * n)``
    distinct units of each row flipped (``value`` None) or set to ``value``.

    The units are the first ones of a random permutation, so for one seed a larger fraction
    changes a superset of the units a smaller fraction changes: a slider that raises the noise
    adds flips instead of drawing a new picture.
    """
    rows = state.reshape(-1, state.shape[-1])
    count = int(round(fraction * rows.shape[1]))
    for row in rows:
        units = generator.permutation(row.size)[:count]
        row[units] = -row[units] if value is None else value
    return state


def flip(pattern, fraction: float, *, rng=None) -> np.ndarray:
    """Return a copy of ``pattern`` with exactly ``round(fraction * n)`` distinct units flipped.

    Parameters
    ----------
    pattern : array of ±1, shape ``(n,)`` or ``(k, n)``
        One pattern, or several as rows; each row gets its own random units.
    fraction : float
        The fraction of units to flip, in [0, 1]. Flipping all units gives ``-pattern``.
    rng : None, int or numpy.random.Generator, optional
        The same seed flips the same units; for one seed a larger fraction flips a superset of
        the units a smaller one flips.

    Returns
    -------
    numpy.ndarray
        A new ``int8`` array of the same shape; ``pattern`` is left unchanged.
    """
    state = check_spins(pattern, "pattern")
    fraction = check_fraction(fraction, "fraction")
    return _change_units(state, fraction, as_generator(rng), None)


def mask(pattern, fraction: float, *, rng=None, value: int = -1) -> np.ndarray:
    """Return a copy of ``pattern`` with a random ``fraction`` of its units set to ``value``.

    Unlike :func:`flip`, a masked unit keeps its value when it already equals ``value``: masking
    hides information rather than inverting it.

    Parameters
    ----------
    pattern : array of ±1, shape ``(n,)`` or ``(k, n)``
    fraction : float
        The fraction of units to mask, ``round(fraction * n)`` of them, in [0, 1].
    rng : None, int or numpy.random.Generator, optional
    value : {-1, 0, +1}, optional
        What a masked unit becomes. The default -1 keeps a binary pattern binary; 0 marks a
        unit as unknown for the continuous networks of chapters 11 and 12.

    Returns
    -------
    numpy.ndarray
        A new ``int8`` array of the same shape.
    """
    state = check_spins(pattern, "pattern")
    fraction = check_fraction(fraction, "fraction")
    value = check_int(value, "value", minimum=-1, maximum=1)
    return _change_units(state, fraction, as_generator(rng), value)


def overlap(a, b):
    """The overlap ``a·b / n`` of ±1 patterns: 1 for equal patterns, -1 for opposite ones.

    Parameters
    ----------
    a, b : arrays of ±1, shape ``(n,)`` or ``(k, n)`` and ``(n,)`` or ``(m, n)``

    Returns
    -------
    float or numpy.ndarray
        A float for two single patterns; otherwise the overlap of every row of ``a`` with every
        row of ``b``, shape ``(k, m)``, ``(k,)`` or ``(m,)``. Two independent random patterns
        have an overlap of order ``1/sqrt(n)``.
    """
    a = check_spins(a, "a")
    b = check_spins(b, "b")
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(f"a and b must have the same number of units (their last axis), got "
                         f"{a.shape[-1]} and {b.shape[-1]}")
    # Products of ±1 summed in float64 are exact integers, and the matrix product uses BLAS.
    # A block of rows at a time, so that no float64 copy of all of a or b is made (10^5
    # patterns of 1000 units would take 800 MB).
    n = a.shape[-1]
    rows = block_rows(n)
    a2, b2 = np.atleast_2d(a), np.atleast_2d(b)
    result = np.empty((len(a2), len(b2)))
    for i in range(0, len(a2), rows):
        block = a2[i:i + rows].astype(np.float64)
        for j in range(0, len(b2), rows):
            result[i:i + rows, j:j + rows] = block @ b2[j:j + rows].astype(np.float64).T
    result = (result / n).reshape(a.shape[:-1] + b.shape[:-1])
    return float(result) if result.ndim == 0 else result


@lru_cache(maxsize=1)
def _font():
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    properties = FontProperties(family=_FONT_FAMILY, weight=_FONT_WEIGHT)
    return properties, FT2Font(findfont(properties, fallback_to_default=False))


@lru_cache(maxsize=4096)
def _glyph(char: str, size: int) -> np.ndarray:
    """Rasterise one character: a pixel is on when its centre lies inside the glyph's outline."""
    from matplotlib.path import Path
    from matplotlib.textpath import TextPath

    properties, face = _font()
    if face.get_char_index(ord(char)) == 0:
        raise ValueError(f"text contains {char!r} (U+{ord(char):04X}), which the course font "
                         f"({_FONT_FAMILY}) cannot draw")
    polygons = []
    if char.isprintable() and not char.isspace():
        outline = TextPath((0, 0), char, size=1, prop=properties)
        polygons = outline.to_polygons(closed_only=True)
    extents = outline.get_extents() if polygons else None
    if extents is None or extents.width <= 0 or extents.height <= 0:
        raise ValueError(f"text contains {char!r} (U+{ord(char):04X}), which draws no pixels; "
                         f"use visible characters")
    # One scale for all characters (a capital letter fills the grid less a one-pixel margin),
    # shrunk only for glyphs too wide or tall to fit; each glyph is centred on the grid.
    inner = size - 2
    scale = min(inner / _CAP_HEIGHT, inner / extents.width, inner / extents.height)
    centres = np.arange(size) + 0.5 - size / 2
    x, y = np.meshgrid(centres, -centres)
    points = np.column_stack([x.ravel() / scale + (extents.x0 + extents.x1) / 2,
                              y.ravel() / scale + (extents.y0 + extents.y1) / 2])
    inside = np.zeros(len(points), dtype=bool)
    for polygon in polygons:  # even-odd rule: the hole of an "A" is inside two outlines
        inside ^= Path(polygon).contains_points(points)
    if not inside.any():
        raise ValueError(f"text contains {char!r} (U+{ord(char):04X}), which is too thin to "
                         f"show at size {size}; use a larger size")
    glyph = np.where(inside, 1, -1).astype(np.int8)
    glyph.flags.writeable = False
    return glyph


def letters(text: str, *, size: int = 16) -> np.ndarray:
    """Images of the characters in ``text`` as ±1 patterns, one row per character.

    The glyphs are rendered from DejaVu Sans Bold, a font that ships with matplotlib: a pixel is
    +1 (ink) when its centre lies inside the character's outline. Letters are correlated
    patterns, unlike random ones: "E" and "F" share most of their pixels.

    Parameters
    ----------
    text : str
        The characters to draw, at least one; each must be visible in the font.
    size : int, optional
        The side of the square image in pixels, from 8 to 128.

    Returns
    -------
    numpy.ndarray
        An ``int8`` array of shape ``(len(text), size * size)``; reshape a row to
        ``(size, size)`` to see it.
    """
    text = check_text(text, "text")
    size = check_int(size, "size", minimum=8, maximum=128)
    return np.stack([_glyph(char, size).ravel() for char in text])
