"""The website's two tools without a browser: widgets drawn from their saved state
(tools/widget_stills.py) and the links of a page rewritten for the site (tools/make_site.py).

tests/browser/test_site.py builds the whole site and reads it in Chromium; these tests pin the
pieces it cannot see: a repository address that is not set there, and a widget that the course
does not use yet.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

import widget_stills

make_site = pytest.importorskip("make_site")  # needs only nbformat, in every extra

ROOT = Path(__file__).resolve().parent.parent
STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"
PNG = base64.b64encode(b"\x89PNG fake").decode()


def model(name: str, **state) -> dict:
    return {"model_name": name, "state": {"description": "", **state}}


def explorer() -> dict:
    """A small explorer's saved state: a slider, a dropdown and a button over an image."""
    return {
        "box": model("VBoxModel", children=["IPY_MODEL_row", "IPY_MODEL_picture"]),
        "row": model("HBoxModel", children=["IPY_MODEL_slider", "IPY_MODEL_menu",
                                            "IPY_MODEL_button"]),
        "slider": model("FloatSliderModel", description="noise", value=0.25, min=0.0,
                        max=0.5, step=0.01, readout_format=".0%"),
        "menu": model("DropdownModel", description="letter", index=1,
                      _options_labels=["A", "B <b>", "C"]),
        "button": model("ButtonModel", description="New cue"),
        "picture": {**model("ImageModel", format="png", width="", height=""),
                    "buffers": [{"data": PNG, "encoding": "base64", "path": ["value"]}]},
    }


def test_still_draws_the_saved_state():
    html = widget_stills.still(explorer(), "box")
    assert 'value="0.25"' in html and ">25%<" in html  # the slider at its value, its readout
    assert "<option selected>B &lt;b&gt;</option>" in html  # the chosen option, escaped
    assert f"data:image/png;base64,{PNG}" in html
    controls = re.findall(r"<(?:input|select|button)\b[^>]*>", html)
    assert len(controls) == 3 and all(" disabled" in tag for tag in controls)
    assert "make lab" in html and "use its controls" in html


def test_a_progress_bar_has_no_note():
    state = {"bar": model("IntProgressModel", description="networks", value=4, max=4)}
    html = widget_stills.still(state, "bar")
    assert '<progress value="4" max="4">' in html and "4 of 4" in html
    assert not widget_stills.interactive(state, "bar") and "make lab" not in html


def test_log_slider_sits_at_its_exponent():
    state = {"beta": model("FloatLogSliderModel", description="β", value=0.01, min=-4.0,
                           max=1.0, base=10.0, readout_format=".4f")}
    html = widget_stills.still(state, "beta")
    assert 'value="-2"' in html and "0.0100" in html


def test_an_unknown_widget_stops_the_build():
    state = {"w": model("ColorPickerModel")}
    with pytest.raises(ValueError, match="ColorPickerModel"):
        widget_stills.still(state, "w")


def test_every_stored_widget_of_the_course_draws():
    count = 0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = json.loads(path.read_text())
        state = notebook["metadata"].get("widgets", {}).get(STATE, {}).get("state", {})
        for cell in notebook["cells"]:
            for output in cell.get("outputs", []):
                if VIEW in output.get("data", {}):
                    html = widget_stills.still(state, output["data"][VIEW]["model_id"])
                    assert html.startswith('<div class="widget-still">'), path.name
                    count += 1
    assert count > 0


STAGED = {"notebooks/00_start_here.ipynb", "notebooks/03_hopfield_network.ipynb", "docs/api.md",
          "docs/images/recall.png", "exercises/03_hopfield.ipynb"}


@pytest.mark.parametrize("repository, text, expected", [
    ("", "[chapter 3](../notebooks/03_hopfield_network.ipynb)",
     "[chapter 3](../notebooks/03_hopfield_network.ipynb)"),
    ("", "[the solutions](../solutions/03_hopfield.ipynb)",
     "the solutions (`solutions/03_hopfield.ipynb` in the repository)"),
    ("", "[`LICENSE`](../LICENSE)", "`LICENSE`"),
    ("https://example.org/course", "[`LICENSE`](../LICENSE)",
     "[`LICENSE`](https://example.org/course/blob/main/LICENSE)"),
    ("", "[the README](../README.md)", "[the README](../index.md)"),
    ("", "[Hebb](https://example.org/hebb#rule)", "[Hebb](https://example.org/hebb#rule)"),
    ("", "[below](#energy)", "[below](#energy)"),
    # an anchor written for JupyterLab is a MyST target, reached by its name alone
    ("", "[symbols](../notebooks/00_start_here.ipynb#symbols)", "[symbols](#symbols)"),
    ("", "[chapter 3, §2](../notebooks/03_hopfield_network.ipynb#2.-Energy)",
     "[chapter 3, §2](../notebooks/03_hopfield_network.ipynb#2.-Energy)"),
    # a chapter's link to the learner's copy (work/, made by `make lab`): the exercises' page
    ("", "[the exercises](../work/03_hopfield.ipynb)",
     "[the exercises](../exercises/03_hopfield.ipynb)"),
    ("", "![recall](images/recall.png)", "![recall](images/recall.png)"),
    ("", "[gone](../no_such_file.md)", "[gone](../no_such_file.md)"),  # Sphinx then fails
])
def test_links_rewritten_for_the_site(repository, text, expected):
    assert make_site.rewrite_links(text, "docs/page.md", STAGED, repository) == expected
