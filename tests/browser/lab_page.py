"""Driving JupyterLab in Chromium as a reader does, for the browser tests: open a notebook, run
every cell from the menus, wait for its widgets, and operate their controls.

test_chapters.py runs every chapter this way; test_browser.py the learner's paths through a few.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from execute_notebooks import widget_class  # tools/, on the path from the repository's conftest.py

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(path.name for path in (REPO / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STDERR = "application/vnd.jupyter.stderr"

# For every widget of the course, what a reader does to it: (control kind, its label, a value:
# the option to choose, the key to press on a slider, the square to click).
ACTIONS = {
    "NoiseExplorer": [("slider", "flipped", "ArrowRight"), ("dropdown", "letter", "O"),
                      ("button", "New noise", None)],
    "IsingExplorer": [("button", "Step", None), ("slider", "T", "ArrowRight"),
                      ("dropdown", "algorithm", "wolff"), ("toggle", "Run", None)],
    "RecallExplorer": [("button", "Sweep", None), ("button", "Next flip", None),
                       ("slider", "noise", "ArrowRight"),
                       ("dropdown", "updates", "sync"), ("button", "New cue", None)],
    "PatternEditor": [("grid", "", 40), ("button", "Recall", None),
                      ("button", "Draw letter", None)],
    "DenseExplorer": [("dropdown", "dense F", "exponential"), ("slider", "letters", "ArrowLeft"),
                      ("button", "New cue", None)],
    "BetaExplorer": [("slider", "β", "ArrowRight"), ("dropdown", "letter", "A"),
                     ("button", "New noise", None), ("dropdown", "corruption", "blank lower half")],
    "EnergyExplorer": [("dropdown", "memory L", "quadratic (classical)"),
                       ("slider", "gain", "ArrowRight"), ("button", "Step", None),
                       ("toggle", "Run", None), ("button", "New cue", None)],
    "PhaseExplorer": [("button", "Sweep", None), ("slider", "T", "ArrowRight"),
                      ("toggle", "Run", None), ("button", "Restart", None),
                      ("slider", "α", "ArrowRight")],
    "DreamExplorer": [("button", "Step", None), ("dropdown", "clamp", "left half"),
                      ("dropdown", "start from", "noise"), ("slider", "T", "ArrowLeft"),
                      ("toggle", "Dream", None)],
}

# What a widget shows, as opposed to its controls: its images, its HTML readouts, and the
# colours of the pattern editor's squares.
VIEW_JS = """root => [
    ...Array.from(root.querySelectorAll('img'), image => image.src),
    ...Array.from(root.querySelectorAll('.widget-html-content'), html => html.innerHTML),
    ...Array.from(root.querySelectorAll('.widget-gridbox button'),
                  button => getComputedStyle(button).backgroundColor),
].join('|')"""


def stored(name: str) -> tuple[list[bool], list[str]]:
    """From a notebook's stored form: which code cells are meant to raise (tag
    ``raises-exception``, as for nbval), and the classes of the widgets it displays, in order."""
    cells = [cell for cell in json.loads((REPO / "notebooks" / name).read_text())["cells"]
             if cell["cell_type"] == "code"]
    raises = ["raises-exception" in cell["metadata"].get("tags", []) for cell in cells]
    shown = [widget_class("".join(output["data"]["text/plain"]))
             for cell in cells for output in cell["outputs"]
             if WIDGET_VIEW in output.get("data", {})]
    return raises, shown


def opened(page, name: str, timeout: float = 120_000) -> None:
    """Wait until the page shows notebook ``name`` as stored, every one of its cells, and its
    kernel is up.

    Not merely its first cell: JupyterLab shows a notebook's panel, with one empty cell, before
    its content has loaded, and on a loaded machine (the first notebooks of a session, while the
    server is still warming up) it loads seconds later. Menu actions taken in between act on the
    empty cell; the stored notebook then appears with its stored prompt numbers and its stored
    widget outputs (a still, no view), so a test that ran "every cell" counted stored outputs: issue 24's "0 widget outputs, expected 1" in chapters
    0 to 2."""
    cells = len(json.loads((REPO / "notebooks" / name).read_text())["cells"])
    page.wait_for_function(
        "cells => document.querySelectorAll('.jp-Notebook .jp-Cell').length === cells",
        arg=cells, timeout=timeout)
    # The status bar, not the toolbar's execution indicator: that one says idle before any
    # kernel exists.
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.jp-StatusBar-TextItem'))
                      .some(item => / \\| Idle$/.test(item.textContent.trim()))""",
        timeout=timeout)


def run_all(page, name: str, timeout: float = 180_000) -> None:
    """Clear the stored outputs, run every cell from the menus, and wait until all have run
    (their prompts cleared first, so that no stored prompt number passes for a run)."""
    opened(page, name)
    numbered = """() => Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))
                         .%s(prompt => /\\[\\d+\\]/.test(prompt.textContent))"""
    page.get_by_role("menuitem", name="Edit", exact=True).click()
    page.get_by_role("menuitem", name="Clear Outputs of All Cells", exact=True).click()
    page.wait_for_function("() => !(%s)()" % (numbered % "some"), timeout=timeout)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(numbered % "every", timeout=timeout)


# The outputs that show a widget's view. JupyterLab puts such an output on the page at once,
# saying "Loading widget...", and the widget manager fills it in later, asynchronously: after a
# cell's prompt shows its number, and later still on a loaded machine or while the manager
# itself is being loaded for the first kernel of the session.
VIEWS = ".jp-OutputArea-output:has(> .jupyter-widgets)"
LOADING = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))
                    .filter(output => output.textContent.trim() === 'Loading widget...').length"""


def widgets_shown(page, expected: int, timeout: float = 300_000) -> int:
    """Wait until ``expected`` widget views have rendered and none is still loading; return how
    many views the page shows then (or when the wait gave up)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            f"""expected => document.querySelectorAll('{VIEWS}').length >= expected
                           && ({LOADING})() === 0""", arg=expected, timeout=timeout)
    except PlaywrightTimeout:
        pass
    return page.locator(VIEWS).count()


def error_cells(page) -> list[bool]:
    """For each code cell on the page, whether it shows an error (or anything on stderr)."""
    return page.evaluate("""Array.from(document.querySelectorAll('.jp-CodeCell'), cell =>
        cell.querySelector('[data-mime-type="%s"]') !== null)""" % STDERR)


def labelled(locator, label: str):
    """Narrow ``locator`` to the elements whose whole visible text is ``label``."""
    return locator.filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))


def operate(page, root, kind: str, label: str, value) -> None:
    """Do one thing to a control of the widget ``root`` as a reader would."""
    if kind in ("button", "toggle"):
        button = labelled(root.locator("button"), label).element_handle()  # its label may change
        button.click()
        if kind == "toggle":  # let it run for a second, then stop it
            page.wait_for_timeout(1000)
            button.click()
    elif kind == "dropdown":
        box = root.locator(".widget-dropdown").filter(
            has=labelled(page.locator(".widget-label"), label))
        box.locator("select").select_option(label=value)
    elif kind == "slider":
        box = root.locator(".widget-slider").filter(
            has=labelled(page.locator(".widget-label"), label))
        handle = box.locator(".noUi-handle")
        handle.focus()
        for _ in range(5):
            handle.press(value)
    elif kind == "grid":
        root.locator(".widget-gridbox button").nth(value).click()
    else:
        raise ValueError(f"unknown control kind {kind!r}")


def settled(page, root, quiet: float = 1.0, timeout: float = 30.0) -> str:
    """What the widget shows, once it has stopped changing for ``quiet`` seconds."""
    view, since, deadline = root.evaluate(VIEW_JS), time.monotonic(), time.monotonic() + timeout
    while time.monotonic() - since < quiet:
        assert time.monotonic() < deadline, f"the widget kept changing for {timeout} s"
        page.wait_for_timeout(200)
        now = root.evaluate(VIEW_JS)
        if now != view:
            view, since = now, time.monotonic()
    return view


def check_changes(page, root, kind: str, label: str, value, what: str) -> None:
    """Operate a control once the widget is at rest, and require that what it shows changes."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    before = settled(page, root)
    operate(page, root, kind, label, value)
    try:
        page.wait_for_function(f"([root, before]) => ({VIEW_JS})(root) !== before",
                               arg=[root.element_handle(), before], timeout=15_000)
    except PlaywrightTimeout:
        pytest.fail(f"{what}: the view did not change after {kind} {label!r}")


def open_and_run(page, lab: str, name: str) -> None:
    page.goto(f"{lab}/lab/tree/notebooks/{name}?reset")
    run_all(page, name)


def widget(page, cls: str):
    """The output of the (first) widget of class ``cls`` on the page, once drawn."""
    cell = page.locator(".jp-CodeCell").filter(
        has=page.locator(".jp-InputArea", has_text=re.compile(rf"\b{cls}\(")))
    root = cell.locator(".jp-OutputArea-output:has(> .jupyter-widgets)").first
    root.wait_for(timeout=90_000)  # on a loaded machine a widget can take a while
    root.scroll_into_view_if_needed()
    root.locator(".jupyter-widgets").first.wait_for(timeout=30_000)
    return root
