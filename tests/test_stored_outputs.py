"""The plugin tests/stored_outputs.py fails a notebook whose figure or widget still differs from
the one it stores, by a single pixel, and names the cell (that an unchanged notebook passes, every
notebook of the course shows in each `make test`).

A two-cell notebook (a figure, a widget) is executed with tools/execute_notebooks.py, as
`make notebooks` does, and checked by nbval in a pytest of its own with the plugin loaded."""

import base64
import io
import re
import subprocess
import sys
from pathlib import Path

import nbformat
from PIL import Image
from PIL.PngImagePlugin import PngInfo

import execute_notebooks  # tools/, on the path from the repository's conftest.py

ROOT = Path(__file__).resolve().parent.parent
CELLS = ["import matplotlib.pyplot as plt\n"
         "plt.figure(figsize=(2, 1))\nplt.plot([0, 1])\nplt.show()",
         "import ipywidgets as widgets\n"
         "widgets.VBox([widgets.HTML('<b>a readout</b>'), widgets.IntSlider(3, description='n')])"]
CONFTEST = f"""import sys
sys.path[:0] = [{str(ROOT / 'tests')!r}, {str(ROOT / 'tools')!r}]
pytest_plugins = ["stored_outputs"]
"""


def repainted(png: str) -> str:
    """The base64 PNG ``png`` with its top left pixel black, still naming what drew it."""
    image = Image.open(io.BytesIO(base64.b64decode(png)))
    info = PngInfo()
    info.add_text("Software", image.info["Software"])
    image.putpixel((0, 0), (0,) * len(image.getbands()))
    out = io.BytesIO()
    image.save(out, "png", pnginfo=info)
    return base64.b64encode(out.getvalue()).decode("ascii")


def test_a_changed_figure_or_still_fails_its_notebook(tmp_path):
    source = tmp_path / "check.ipynb"
    nbformat.write(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(CELLS[0]),  # a widget's cell is tagged, as the course's
               nbformat.v4.new_code_cell(CELLS[1], metadata={"tags": ["nbval-ignore-output"]})],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}}), source)
    stored, _ = execute_notebooks.run(source, timeout=120)
    source.unlink()
    (tmp_path / "conftest.py").write_text(CONFTEST)
    # two copies of one name (the widgets' stored ids come from it): one pixel of cell 0's PNG
    # (the figure) painted black, or one of cell 1's (the widget's still)
    for index, name in enumerate(("figure", "still")):
        changed = nbformat.from_dict(stored)
        (output,) = [output for output in changed.cells[index].outputs
                     if "image/png" in output.get("data", {})]
        output.data["image/png"] = repainted(output.data["image/png"])
        (tmp_path / name).mkdir()
        nbformat.write(changed, tmp_path / name / source.name)

    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-v",
                             "--nbval", "--nbval-current-env", "."],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    outcomes = dict(re.findall(r"^(\w+)/check\S* ?Cell 1 (PASSED|FAILED)", result.stdout,
                               re.M))
    assert outcomes == {"figure": "FAILED", "still": "FAILED"}, \
        result.stdout[-3000:]
    # each failure, under its header "____ figure/check.ipynb::Cell 1 ____", names its cell
    _, *sections = re.split(r"^_+ (\S+)::Cell 1 _+$", result.stdout, flags=re.M)
    failures = dict(zip(sections[::2], sections[1::2]))
    assert "check.ipynb, code cell 0 (" in failures["figure/check.ipynb"]
    assert "check.ipynb, code cell 1 (" in failures["still/check.ipynb"]
