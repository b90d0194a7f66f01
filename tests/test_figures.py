"""The README's pictures: tools/make_figures.py renders them from the library, reproducibly."""

import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_figures  # noqa: E402


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_figures_render_small_and_reproducibly(tmp_path):
    for run in ("first", "second"):
        make_figures.main(["--small", "--out", str(tmp_path / run)])
    for name in make_figures.FIGURES:
        first, second = tmp_path / "first" / f"{name}.png", tmp_path / "second" / f"{name}.png"
        width, height = png_size(first)
        assert width >= 400 and height >= 200, (name, width, height)
        assert first.read_bytes() == second.read_bytes(), f"{name}.png differs between two runs"


def test_readme_shows_every_figure():
    shown = set(re.findall(r"docs/images/(\w+)\.png", (ROOT / "README.md").read_text()))
    assert shown == set(make_figures.FIGURES)
    for name in shown:
        png_size(ROOT / "docs" / "images" / f"{name}.png")
