"""Every notebook shows exactly the same outputs when it runs again, figures included.

The outputs stored in notebooks/ and solutions/ are one execution, made by `make notebooks`
with tools/execute_notebooks.py. This test executes each notebook once more with the same
tool, in a fresh kernel, and compares every output of every cell with the stored one, so each
notebook has run twice and the two runs must agree.

nbval, in the same `make test`, also re-runs every notebook, but it compares only text after
its sanitising, and skips figures, widget views and the cells marked NBVAL_IGNORE_OUTPUT. What
this test adds is everything a reader sees: each PNG is compared pixel for pixel (decoded, so
that matplotlib's version stamp inside the file does not count), and widget views and ignored
cells are compared too. Text is sanitised as nbval does it (tests/nbval_sanitize.cfg), and
consecutive pieces of printed output are joined, as Jupyter shows them: how the kernel splits
them into messages depends on timing (chapter 11 showed it).

Why once more and not twice: the stored copy is itself a run of the same tool, so one more run
shows the same thing at half the cost: about 75 s of one core for the 16 notebooks, as much as
nbval's pass over them. If it fails after an upgrade of matplotlib changed how figures are
drawn, `make notebooks` refreshes the stored outputs; otherwise a notebook is not
deterministic, and the message names the cell.
"""

import base64
import configparser
import hashlib
import importlib.util
import io
import re
from pathlib import Path

import matplotlib.image
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb")])

_spec = importlib.util.spec_from_file_location("execute_notebooks",
                                               ROOT / "tools" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(execute_notebooks)

_sanitize = configparser.ConfigParser()
_sanitize.read(ROOT / "tests" / "nbval_sanitize.cfg", encoding="utf-8")
SANITIZE = [(re.compile(_sanitize[section]["regex"]), _sanitize[section]["replace"])
            for section in _sanitize.sections()]


def _seen(value, key=None):
    """An output as a reader sees it: PNGs as their decoded pixels, text sanitised."""
    if key == "image/png":
        pixels = matplotlib.image.imread(io.BytesIO(base64.b64decode(value)), format="png")
        return f"{pixels.shape} pixels {hashlib.sha256(pixels.tobytes()).hexdigest()}"
    if isinstance(value, dict):
        return {k: _seen(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_seen(item) for item in value]
    if isinstance(value, str):
        for pattern, replacement in SANITIZE:
            value = pattern.sub(replacement, value)
    return value


def outputs(notebook) -> list:
    """Each code cell's source and outputs, as seen."""
    notebook = execute_notebooks.join_streams(notebook)
    return [(cell.source, _seen(cell.outputs)) for cell in notebook.cells
            if cell.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_notebook_shows_the_same_outputs_when_run_again(path):
    stored = outputs(nbformat.read(path, as_version=4))
    again, _ = execute_notebooks.run(path, timeout=600)
    for index, (before, after) in enumerate(zip(stored, outputs(again))):
        assert after == before, (f"{path.name}, code cell {index} ({before[0][:60]!r}...): "
                                 f"its outputs differ from the stored ones")
    assert len(outputs(again)) == len(stored)
