"""Every notebook run in JupyterLab in Chromium, every widget of the course moved by hand, and
lecture mode (Voilà) shown as an instructor would project it.

A widget can pass every pytest check and still be blank in a browser: its front end may fail to
render, or a callback may raise where nobody sees it. So each notebook is opened in a real
JupyterLab, all its cells are run, and the page must show no error output, no uncaught
JavaScript error and every widget the notebook displays. Then each widget's controls are
operated as a reader would (a slider key, a dropdown, a button, a click on the editor's grid),
and what the widget draws (its images, its readouts, the editor's squares) must change.

Screenshots of every notebook and widget go to ``tests/browser/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from hopfield_edu import widgets

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
    "RecallExplorer": [("button", "Sweep", None), ("slider", "noise", "ArrowRight"),
                       ("dropdown", "updates", "sync"), ("button", "New cue", None)],
    "PatternEditor": [("grid", "", 40), ("button", "Recall", None),
                      ("button", "Draw letter", None)],
    "DenseExplorer": [("dropdown", "dense F", "exponential"), ("slider", "letters", "ArrowLeft"),
                      ("button", "New cue", None)],
    "BetaExplorer": [("slider", "β", "ArrowRight"), ("dropdown", "letter", "A"),
                     ("dropdown", "corruption", "blank lower half")],
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
    shown = ["".join(output["data"]["text/plain"]).partition("(")[0]
             for cell in cells for output in cell["outputs"]
             if WIDGET_VIEW in output.get("data", {})]
    return raises, shown


def test_every_widget_is_shown_and_operated():
    """Each widget of the course appears in a notebook and has actions to try."""
    shown = {cls for name in NOTEBOOKS for cls in stored(name)[1]}
    assert set(widgets.__all__) == set(ACTIONS) <= shown


def run_all(page, timeout: float = 180_000) -> None:
    """Clear the stored outputs, run every cell from the menus, and wait until all have run."""
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    for menu, item in (("Edit", "Clear Outputs of All Cells"), ("Run", "Run All Cells")):
        page.get_by_role("menuitem", name=menu, exact=True).click()
        page.get_by_role("menuitem", name=item, exact=True).click()
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))
                      .every(prompt => /\\[\\d+\\]/.test(prompt.textContent))""",
        timeout=timeout)


# The outputs that show a widget's view. JupyterLab puts such an output on the page at once,
# saying "Loading widget...", and the widget manager fills it in later, asynchronously: after a
# cell's prompt shows its number, and later still on a loaded machine or while the manager
# itself is being loaded for the first kernel of the session.
VIEWS = ".jp-OutputArea-output:has(> .jupyter-widgets)"
LOADING = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))
                    .filter(output => output.textContent.trim() === 'Loading widget...').length"""


def widgets_shown(page, expected: int, timeout: float = 120_000) -> int:
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


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_in_jupyterlab(lab, page, screenshots, name):
    page.goto(f"{lab}/lab/tree/notebooks/{name}?reset")
    run_all(page)
    stem = Path(name).stem

    raises, expected = stored(name)
    shown = page.locator(f".jp-OutputArea-output[data-mime-type='{STDERR}']").all_inner_texts()
    assert error_cells(page) == raises, f"{name}: errors where none were expected:\n" + \
        "\n".join(shown)

    count = widgets_shown(page, len(expected))
    # What stands where a view should be: a widget's text form shows that no widget manager
    # rendered it at all, "Error displaying widget" that it failed.
    instead = [text[:120] for text in page.locator(".jp-OutputArea-output").all_inner_texts()
               if "widget" in text.lower() or any(f"{cls}(" in text for cls in expected)]
    assert count == len(expected), f"{name}: {count} widget outputs, expected " \
        f"{len(expected)} ({expected}); {page.evaluate(LOADING)} still loading after 120 s; " \
        f"outputs that mention a widget: {instead}"
    views = page.locator(VIEWS)
    for index, cls in enumerate(expected):
        root = views.nth(index)
        root.scroll_into_view_if_needed()
        # A widget that rendered has a view of its own, not an error message.
        root.locator(".jupyter-widgets").first.wait_for(timeout=30_000)
        assert "Error displaying widget" not in root.inner_text()
        box = root.bounding_box()
        assert box["width"] > 100 and box["height"] > 10, f"{cls} is not visible: {box}"
        assert not page.errors, f"JavaScript errors in {name}: {page.errors}"
        if cls not in ACTIONS:  # the progress bars of long experiments
            continue
        root.screenshot(path=screenshots / f"{stem}-{index}-{cls}.png")
        for kind, label, value in ACTIONS[cls]:
            check_changes(page, root, kind, label, value, f"{cls} in {name}")
        root.screenshot(path=screenshots / f"{stem}-{index}-{cls}-after.png")

    # The whole notebook in one picture: a window as tall as the notebook's scrolled content.
    height = page.evaluate("document.querySelector('.jp-WindowedPanel-outer').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(height + 200, 16_000)})
    page.wait_for_timeout(1500)  # for JupyterLab to lay the page out again
    page.evaluate("document.querySelector('.jp-WindowedPanel-outer').scrollTop = 0")
    page.screenshot(path=screenshots / f"{stem}.png")
    assert error_cells(page) == raises, f"{name}: an error appeared while using its widgets"
    assert not page.errors, f"JavaScript errors in {name}: {page.errors}"


def test_lecture_mode(present, page, screenshots):
    """``make present`` shows the notebook's text, figures and widgets, and none of its code."""
    page.goto(present)
    root = page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)").first
    root.locator(".widget-vbox").first.wait_for(timeout=120_000)
    page.screenshot(path=screenshots / "present-00_start_here.png", full_page=True)
    notebook = json.loads((REPO / "notebooks" / "00_start_here.ipynb").read_text())
    title = "".join(notebook["cells"][0]["source"]).splitlines()[0].lstrip("# ")
    assert page.get_by_role("heading", name=title).count() == 1
    assert page.locator(".jp-OutputArea-output img").count() > 1  # the figures
    assert page.locator(".jp-CodeCell .jp-InputArea, .jp-InputArea-editor").count() == 0
    assert "import hopfield_edu" not in page.content()
    check_changes(page, root, "slider", "flipped", "ArrowRight", "in lecture mode, NoiseExplorer")
    assert not page.errors, f"JavaScript errors in lecture mode: {page.errors}"
