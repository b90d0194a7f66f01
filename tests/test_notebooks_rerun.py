"""Every notebook shows exactly the same outputs when it runs again, figures included.

The outputs stored in notebooks/ and solutions/ are one execution, made by `make notebooks`
with tools/execute_notebooks.py. This test executes each notebook once more with the same
tool, in a fresh kernel, and compares every output of every cell with the stored one, so each
notebook has run twice and the two runs must agree.

nbval, in the same `make test`, also re-runs every notebook, but it compares only text after
its sanitising, and skips figures, widget views and the cells tagged nbval-ignore-output. What
this test adds is everything a reader sees: each PNG is compared pixel for pixel (decoded, so
that matplotlib's version stamp inside the file does not count), and widget views and ignored
cells are compared too. Text is sanitised as nbval does it (tests/nbval_sanitize.cfg), and
consecutive pieces of printed output are joined, as Jupyter shows them: how the kernel splits
them into messages depends on timing (chapter 11 showed it).

Pixels are compared only against pictures drawn by the same programs: each PNG names what drew
it (matplotlib and its version for a figure; for a widget's still, the Chromium that took it and
the matplotlib that drew the widget's images),
and another version draws the same picture with other pixels (text rendering, antialiasing,
form controls). On a Python where constraints/ must pin another matplotlib than the one the
stored outputs were made with (matplotlib 3.11 needs Python 3.11, so 3.10 draws with 3.10), or
on a machine whose Chromium is another release than the one that photographed the stills, those
pictures are compared only as being there, where they were, and the text as always; the test
summary lists these notebooks, so the weaker comparison is never silent.

Why once more and not twice: the stored copy is itself a run of the same tool, so one more run
shows the same thing at half the cost: about 75 s of one core for the 16 notebooks, as much as
nbval's pass over them. If it fails, a notebook is not deterministic (or this matplotlib was
built against another FreeType, as conda's may be), and the message names the cell; after
`make lock` moves matplotlib, `make notebooks` refreshes the stored figures.
"""

import base64
import configparser
import hashlib
import importlib.util
import io
import re
from pathlib import Path

import matplotlib
import matplotlib.image
import nbformat
import pytest
from PIL import Image

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


def software(png: str) -> str:
    """What drew a stored PNG, from its Software text: "Matplotlib version3.11.2, https://..."
    for a figure, "Chromium 150.0.7871.100 with images by Matplotlib 3.11.2" for a widget's still
    (tools/widget_stills.py: the widgets' own images are matplotlib's)."""
    return Image.open(io.BytesIO(base64.b64decode(png))).info.get("Software", "")


def _seen(value, key=None, pixels=frozenset()):
    """An output as a reader sees it: PNGs as their decoded pixels when drawn by a program in
    ``pixels`` (else only as a figure, and what drew it), text sanitised."""
    if key == "image/png":
        if software(value) not in pixels:
            return "a figure"
        decoded = matplotlib.image.imread(io.BytesIO(base64.b64decode(value)), format="png")
        return f"{decoded.shape} pixels {hashlib.sha256(decoded.tobytes()).hexdigest()}"
    if isinstance(value, dict):
        return {k: _seen(v, k, pixels) for k, v in value.items()}
    if isinstance(value, list):
        return [_seen(item, pixels=pixels) for item in value]
    if isinstance(value, str):
        for pattern, replacement in SANITIZE:
            value = pattern.sub(replacement, value)
    return value


def outputs(notebook, pixels=frozenset()) -> list:
    """Each code cell's source and outputs, as seen."""
    notebook = execute_notebooks.join_streams(notebook)
    return [(cell.source, _seen(cell.outputs, pixels=pixels)) for cell in notebook.cells
            if cell.cell_type == "code"]


def drawn_by(notebook) -> set[str]:
    """What drew a notebook's PNGs: the Software texts of its figures and stills."""
    return {software(output.data["image/png"]) for cell in notebook.cells
            for output in cell.get("outputs", []) if "image/png" in output.get("data", {})}


def named(programs) -> str:
    return ", ".join(sorted(name.partition(",")[0] or "a program that did not sign them"
                            for name in programs))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_notebook_shows_the_same_outputs_when_run_again(path, record_property):
    notebook = nbformat.read(path, as_version=4)
    again, _ = execute_notebooks.run(path, timeout=600)
    here = drawn_by(again)
    assert all(name.startswith("Matplotlib version" + matplotlib.__version__ + ",")
               or name.startswith("Chromium ") and name.endswith(" with images by Matplotlib "
                                                                  + matplotlib.__version__)
               for name in here), here
    stored_by = drawn_by(notebook)
    others = stored_by - here
    if others:  # conftest.py lists these notebooks at the end of the run
        record_property("figures not compared pixel for pixel",
                        f"drawn by {named(others)}, this machine draws with {named(here)}")
    both = stored_by & here
    stored = outputs(notebook, pixels=both)
    for index, (before, after) in enumerate(zip(stored, outputs(again, pixels=both))):
        assert after == before, (f"{path.name}, code cell {index} ({before[0][:60]!r}...): "
                                 f"its outputs differ from the stored ones")
    assert len(outputs(again)) == len(stored)
