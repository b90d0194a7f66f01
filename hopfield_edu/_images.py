"""How the course draws a pattern, shared by :mod:`hopfield_edu.plots` and the widgets.

A unit's value v in [-1, 1] is a shade of grey: +1 is ink (black), -1 is paper (white), and a
continuous value lies in between, 255 · (1 - v) / 2. Units that differ from a reference are
outlined in vermilion, a colour that stays distinct from black and white for colour-blind
readers (Okabe & Ito 2008). The plots hand this map to matplotlib (``PATTERN_IMAGE``); the
widgets, which redraw 20 times a second, write the same greys straight into a PNG, since a
matplotlib figure takes tens of milliseconds.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

#: The arguments of ``imshow`` that draw values in [-1, 1] as the greys above.
PATTERN_IMAGE = dict(cmap="gray_r", vmin=-1, vmax=1, interpolation="nearest")


def greys(values) -> np.ndarray:
    """The grey level (uint8: 0 black, 255 white) of each value, clipped to [-1, 1]."""
    clipped = np.clip(np.asarray(values, dtype=np.float64), -1.0, 1.0)
    return np.round((1.0 - clipped) * 127.5).astype(np.uint8)


def png_gray(image: np.ndarray) -> bytes:
    """Encode a 2-D uint8 array as a greyscale PNG, fast enough for 20 frames a second.

    PNG: signature, header, zlib-compressed rows (each led by filter byte 0), end.
    """
    height, width = image.shape

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = np.hstack([np.zeros((height, 1), np.uint8), image.astype(np.uint8)])
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + chunk(b"IEND", b""))


def pattern_png(pattern, pixels: int = 192) -> bytes:
    """A square pattern of values in [-1, 1] as a PNG about ``pixels`` wide."""
    side = int(round(np.sqrt(np.size(pattern))))
    image = greys(np.reshape(pattern, (side, side)))
    scale = max(1, pixels // side)
    return png_gray(np.repeat(np.repeat(image, scale, 0), scale, 1))
