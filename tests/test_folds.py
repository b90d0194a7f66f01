"""A prediction's answer stays out of sight until the reader opens it (issue 16).

Each cell after a "Predict" prompt stores its outputs folded (``jupyter.outputs_hidden``). A
folded output is not quite hidden: JupyterLab 4 writes a preview in the fold's placeholder, the
first non-empty line of the first output, taken from its first MIME type in the order below
(``CodeCell.getOutputPlaceholderText`` in @jupyterlab/cells). So that line must not give the
answer away: it says what the cell measures, with no number and no verdict. The explanation just
after the fold is folded too (``jupyter.source_hidden``), and JupyterLab previews a folded
markdown cell by the first line of its source, so that line asks the question instead of
answering it. The browser test ``test_a_folded_cell_previews_no_answer`` checks both in Chromium.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb")) + sorted((REPO / "solutions").glob("*.ipynb"))

# The MIME types JupyterLab 4 previews, in its order of preference.
PREVIEWED = ("text/html", "image/svg+xml", "application/pdf", "text/markdown", "text/plain",
             "application/vnd.jupyter.stderr", "application/vnd.jupyter.stdout", "text")
# Words that would answer a prediction's question by themselves.
VERDICTS = re.compile(r"\b(yes|no|true|false|none|never|always)\b", re.IGNORECASE)


def text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def preview(output: dict) -> str | None:
    """What JupyterLab 4 writes in the placeholder of a folded cell whose first output is
    ``output``."""
    data = dict(output.get("data", {}))
    if output["output_type"] == "stream":
        data = {f"application/vnd.jupyter.{output['name']}": output["text"]}
    elif output["output_type"] == "error":
        data = {"application/vnd.jupyter.error": output["evalue"]}
    for mime in PREVIEWED:
        if isinstance(data.get(mime), (str, list)):
            return next((line for line in text(data[mime]).split("\n") if line != ""), None)
    return None


def folds(path: Path):
    cells = json.loads(path.read_text())["cells"]
    for index, cell in enumerate(cells):
        if cell["cell_type"] == "code" and cell["metadata"].get("jupyter", {}).get("outputs_hidden"):
            yield cell, cells[index + 1] if index + 1 < len(cells) else None


def test_the_course_folds_its_predictions():
    """The checks below have cells to check: every prediction cell (tag ``prediction``) is
    folded, and every folded cell is a prediction cell."""
    cells = [cell for path in NOTEBOOKS for cell in json.loads(path.read_text())["cells"]]
    tagged = [cell for cell in cells if "prediction" in cell["metadata"].get("tags", [])]
    folded = [cell for cell in cells if cell["metadata"].get("jupyter", {}).get("outputs_hidden")]
    assert len(tagged) > 40 and [id(cell) for cell in tagged] == [id(cell) for cell in folded]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_a_folded_output_previews_what_is_measured_not_the_answer(path):
    for cell, _ in folds(path):
        assert cell["outputs"], f"{path.name}: a folded cell stores no output"
        line = preview(cell["outputs"][0])
        where = f"{path.name}, the fold of {text(cell['source']).splitlines()[1]!r}"
        assert line is not None and line.startswith("Measured: "), \
            f"{where} previews {line!r}, not what it measures"
        assert not re.search(r"\d", line) and not VERDICTS.search(line), \
            f"{where} previews {line!r}, a number or a verdict"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_the_explanation_after_a_fold_is_folded_behind_a_question(path):
    """The markdown just after a fold explains the answer: folded, previewed by its question.
    (Unless it opens a new section, a heading: then it does not explain this answer.)"""
    for cell, following in folds(path):
        if following is None or following["cell_type"] != "markdown":
            continue
        source = text(following["source"])
        if source.startswith("#"):
            continue
        assert following["metadata"].get("jupyter", {}).get("source_hidden"), \
            f"{path.name}: the explanation {source[:60]!r} after a fold is not folded"
        assert source.split("\n")[0] == "Did your prediction match?"
