"""nbval's run of every notebook must show exactly the stored outputs, figures and widgets too.

The outputs stored in notebooks/ and solutions/ are one execution, made by `make notebooks`
with tools/execute_notebooks.py. nbval runs every notebook again, cell by cell in one kernel, and
compares each cell's text with the stored text after sanitising (tests/nbval_sanitize.cfg); it
skips figures, widget views and the cells tagged nbval-ignore-output (the widgets' cells). This
plugin (loaded by the repository's conftest.py) takes the outputs of that same run and, once the
last cell of a notebook has run, compares everything a reader sees with the stored notebook:
each PNG pixel for pixel (decoded, so that matplotlib's version stamp inside the file does not
count), and each widget as the still tools/execute_notebooks.py stores beside its view,
photographed again from the widgets' state at the end of this run (asked of the kernel, as
ipywidgets saves it). Text is sanitised as nbval does it, and each cell's printed pieces joined
as nbval joins them. A difference fails the notebook's last cell, naming the cell that differs.
So every notebook runs once in `make test`, not once for nbval and once more for its figures.

Pixels are compared only against pictures drawn by the same programs: each PNG names what drew
it (matplotlib and its version for a figure; for a widget's still, the Chromium that took it and
the matplotlib that drew the widget's images), and another version draws the same picture with
other pixels (text rendering, antialiasing, form controls). On a Python where constraints/ must
pin another matplotlib than the one the stored outputs were made with (matplotlib 3.11 needs
Python 3.11, so 3.10 draws with 3.10), or on a machine whose Chromium is another release than
the one that photographed the stills, those pictures are compared only as being there, where
they were, and the text as always; the test summary lists these notebooks, so the weaker
comparison is never silent.

If the comparison fails, a notebook is not deterministic (or this matplotlib was built against
another FreeType, as conda's may be), or its stored outputs are older than the code: after a
change to what a notebook shows, or after `make lock` moves matplotlib, `make notebooks`
refreshes them.
"""

import base64
import configparser
import copy
import hashlib
import io
import json
import os
import re
from pathlib import Path

import matplotlib
import matplotlib.image
import nbformat
import pytest
from nbval.plugin import IPyNbCell, coalesce_streams
from PIL import Image

import execute_notebooks  # tools/, on the path from the repository's conftest.py
import widget_stills

ROOT = Path(__file__).resolve().parent.parent

_sanitize = configparser.ConfigParser()
_sanitize.read(ROOT / "tests" / "nbval_sanitize.cfg", encoding="utf-8")
SANITIZE = [(re.compile(_sanitize[section]["regex"]), _sanitize[section]["replace"])
            for section in _sanitize.sections()]

# What the kernel prints, after the notebook's last cell, for the widgets' state.
WIDGET_STATE_CODE = ("import json as _json, ipywidgets as _widgets\n"
                     "print(_json.dumps(_widgets.Widget.get_manager_state()))")
WEAKER = "figures not compared pixel for pixel"  # tests/conftest.py lists these at the end
# The stills are photographed in Chromium. Without one (and unless the browser tests are required,
# as in CI), a widget is compared only as being there, by its class, and the summary says so.
PHOTOGRAPHED = (os.access(widget_stills.CHROMIUM, os.X_OK)
                or os.environ.get("HOPFIELD_EDU_BROWSER") == "required")

# For each notebook being run, the outputs of its code cells so far, by cell number.
_RAN: dict[str, dict[int, list]] = {}


def software(png: str) -> str:
    """What drew a stored PNG, from its Software text: "Matplotlib version3.11.2, https://..."
    for a figure, "Chromium 150.0.7871.100 with images by Matplotlib 3.11.2" for a widget's still
    (tools/widget_stills.py: the widgets' own images are matplotlib's)."""
    return Image.open(io.BytesIO(base64.b64decode(png))).info.get("Software", "")


def _seen(value, key=None, pixels=frozenset()):
    """An output as a reader sees it: PNGs as their decoded pixels when drawn by a program in
    ``pixels`` (else only as a figure, and what drew it), text sanitised, no prompt number."""
    if key == "image/png":
        if software(value) not in pixels:
            return "a figure"
        decoded = matplotlib.image.imread(io.BytesIO(base64.b64decode(value)), format="png")
        return f"{decoded.shape} pixels {hashlib.sha256(decoded.tobytes()).hexdigest()}"
    if isinstance(value, dict):
        return {k: _seen(v, k, pixels) for k, v in value.items() if k != "execution_count"}
    if isinstance(value, list):
        return [_seen(item, pixels=pixels) for item in value]
    if isinstance(value, str):
        for pattern, replacement in SANITIZE:
            value = pattern.sub(replacement, value)
    return value


def _unphotographed(output):
    """A widget's view as a widget of its class, its still and text aside; other outputs as
    they are."""
    data = output.get("data", {})
    if execute_notebooks.WIDGET_VIEW not in data:
        return output
    return {"a widget": execute_notebooks.widget_class(data["text/plain"])}


def outputs(notebook, pixels=frozenset()) -> list:
    """Each code cell's source and outputs, as seen, printed pieces joined as nbval joins them."""
    return [(cell.source, _seen([output if PHOTOGRAPHED else _unphotographed(output) for output
                                 in coalesce_streams(copy.deepcopy(cell.outputs))],
                                pixels=pixels))
            for cell in notebook.cells if cell.cell_type == "code"]


def drawn_by(notebook) -> set[str]:
    """What drew a notebook's PNGs: the Software texts of its figures and stills."""
    return {software(output.data["image/png"]) for cell in notebook.cells
            for output in cell.get("outputs", []) if "image/png" in output.get("data", {})}


def named(programs) -> str:
    return ", ".join(sorted(name.partition(",")[0] or "a program that did not sign them"
                            for name in programs))


def widget_state(cell: IPyNbCell) -> dict:
    """The state of every widget in the kernel of ``cell``'s notebook, as ipywidgets saves it."""
    notebook = cell.parent
    msg_id = notebook.kernel.execute_cell_input(WIDGET_STATE_CODE, allow_stdin=False)
    printed = []
    while True:
        message = notebook.get_kernel_message(timeout=60)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            raise RuntimeError(f"the kernel could not give its widgets' state: "
                               f"{message['content']['evalue']}")
        elif message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            return json.loads("".join(printed))


def this_run(cell: IPyNbCell, stored: nbformat.NotebookNode, name: str,
             ran: dict[int, list]) -> nbformat.NotebookNode:
    """The ``stored`` notebook (file name ``name``) with the outputs nbval's run gave (``ran``, by
    cell number) instead of its own, and the widgets' state and stills of this run, as
    tools/execute_notebooks.py would have stored them."""
    notebook = nbformat.from_dict(stored)  # a copy
    code = [c for c in notebook.cells if c.cell_type == "code"]
    for number, code_cell in enumerate(code):
        code_cell.outputs = [nbformat.from_dict(output) for output in ran[number]]
    notebook.metadata.pop("widgets", None)
    if PHOTOGRAPHED and any(execute_notebooks.WIDGET_VIEW in output.get("data", {})
                            for c in code for output in c.outputs):
        notebook.metadata.widgets = {execute_notebooks.WIDGET_STATE: widget_state(cell)}
    notebook = execute_notebooks.stable_widget_ids(notebook, name)
    return execute_notebooks.widget_pictures(notebook) if PHOTOGRAPHED else notebook


def compare_with_stored(cell: IPyNbCell, ran: dict[int, list]) -> None:
    """After a notebook's last cell: every output of nbval's run of it (``ran``, by cell number)
    equals the stored one."""
    path = Path(str(cell.fspath))
    notebook = nbformat.read(path, as_version=4)
    again = this_run(cell, notebook, path.name, ran)
    here = drawn_by(again)
    assert all(name.startswith("Matplotlib version" + matplotlib.__version__ + ",")
               or name.startswith("Chromium ") and name.endswith(" with images by Matplotlib "
                                                                  + matplotlib.__version__)
               for name in here), here
    stored_by = drawn_by(notebook)
    if not PHOTOGRAPHED:  # the stills are not drawn here: they do not count as figures
        stored_by = {name for name in stored_by if not name.startswith("Chromium ")}
        if any(execute_notebooks.WIDGET_VIEW in output.get("data", {})
               for c in notebook.cells for output in c.get("outputs", [])):
            cell.user_properties.append(
                (WEAKER, f"its widgets only by their class: no Chromium at "
                         f"{widget_stills.CHROMIUM} to photograph their stills"))
    others = stored_by - here
    if others:
        cell.user_properties.append(
            (WEAKER, f"drawn by {named(others)}, this machine draws with {named(here)}"))
    both = stored_by & here
    for index, (before, after) in enumerate(zip(outputs(notebook, both), outputs(again, both))):
        assert after == before, (f"{path.name}, code cell {index} ({before[0][:60]!r}...): "
                                 f"what it shows differs from the stored outputs")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Keep each nbval cell's outputs; after a notebook's last code cell, when every cell of it
    ran in this session, compare the whole run with the stored notebook."""
    result = yield
    if isinstance(item, IPyNbCell):
        ran = _RAN.setdefault(item.parent.nodeid, {})
        ran[item.cell_num] = item.test_outputs
        cells = sum(cell.cell_type == "code" for cell in item.parent.nb.cells)
        if item.cell_num == cells - 1:
            del _RAN[item.parent.nodeid]
            if len(ran) == cells:
                compare_with_stored(item, ran)
    return result
