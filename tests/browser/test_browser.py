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

from hopfield_edu import style, widgets

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
    # The text of a widget output starts with its class (the rest says to run the cell).
    shown = [re.match(r"\w+", "".join(output["data"]["text/plain"])).group()
             for cell in cells for output in cell["outputs"]
             if WIDGET_VIEW in output.get("data", {})]
    return raises, shown


def test_every_widget_is_shown_and_operated():
    """Each widget of the course appears in a notebook and has actions to try."""
    shown = {cls for name in NOTEBOOKS for cls in stored(name)[1]}
    assert set(widgets.__all__) == set(ACTIONS) <= shown


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


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_in_jupyterlab(lab, page, screenshots, name):
    page.goto(f"{lab}/lab/tree/notebooks/{name}?reset")
    run_all(page, name)
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
        f"{len(expected)} ({expected}); {page.evaluate(LOADING)} still loading after 300 s; " \
        f"outputs that mention a widget: {instead}; JavaScript errors: {page.errors}"
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
        settled(page, root)  # photographed at rest, not mid-redraw
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


def folded(notebook: dict) -> list[int]:
    """The indices among the code cells of those whose outputs the notebook folds (the cells
    after "Predict" prompts)."""
    cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    return [index for index, cell in enumerate(cells)
            if cell["metadata"].get("jupyter", {}).get("outputs_hidden")]


def test_lecture_mode_reveals_each_answer_on_demand(present, page, screenshots):
    """In ``make present`` the answer to each "Predict" prompt stays hidden behind a "Show the
    answer" button until the lecturer presses it; the other answers stay hidden."""
    page.goto(present)
    page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)").first.wait_for(timeout=120_000)
    notebook = json.loads((REPO / "notebooks" / "00_start_here.ipynb").read_text())
    answers = page.locator("details.course-answer")
    assert answers.count() == len(folded(notebook)) > 0
    for index in range(answers.count()):
        assert not answers.nth(index).locator(".jp-OutputArea-output").first.is_visible()
    first = answers.first
    first.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "present-prediction-before.png")
    first.locator("summary").click()
    first.locator(".jp-OutputArea-output").first.wait_for(state="visible", timeout=10_000)
    page.screenshot(path=screenshots / "present-prediction-after.png")
    assert not answers.nth(1).locator(".jp-OutputArea-output").first.is_visible()
    # the explanation after each fold, behind a button of its own
    explained = [cell for cell in notebook["cells"]
                 if cell["metadata"].get("jupyter", {}).get("source_hidden")]
    explanations = page.locator("details.course-explanation")
    assert explanations.count() == len(explained) > 0
    explanation = explanations.first.locator(".jp-RenderedMarkdown")
    assert not explanation.is_visible()
    explanations.first.locator("summary").click()
    explanation.wait_for(state="visible", timeout=10_000)
    opening = " ".join("".join(explained[0]["source"]).split("\n\n")[1].split()[:3])
    assert opening in explanation.inner_text()


def test_an_unrun_widget_cell_shows_a_picture(lab, page, screenshots):
    """Opened and not yet run, a widget cell shows a still of the widget and says to run it,
    not a Python text dump of the widget's children."""
    page.goto(f"{lab}/lab/tree/notebooks/11_modern_hopfield.ipynb?reset")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    page.wait_for_timeout(3000)  # for the widget manager, if any, to restore what it can
    cell = page.locator(".jp-CodeCell").filter(has_text="BetaExplorer(beta=")
    cell.scroll_into_view_if_needed()
    output = cell.locator(".jp-OutputArea-output").first
    output.screenshot(path=screenshots / "unrun-BetaExplorer.png")
    text = output.inner_text()
    assert "children=(" not in text, f"the unrun widget cell shows a text dump: {text[:200]}"
    assert output.locator("img").count() >= 1



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


def test_a_prediction_answer_is_hidden_until_the_reader_runs_or_opens_it(lab, page, screenshots):
    """Opened, a notebook shows each "Predict" prompt with the answer below it folded away;
    opening the fold shows it, and so does running the cell."""
    name = "00_start_here.ipynb"
    page.goto(f"{lab}/lab/tree/notebooks/{name}?reset")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    notebook = json.loads((REPO / "notebooks" / name).read_text())
    code = page.locator(".jp-CodeCell")
    first, second = (code.nth(index) for index in folded(notebook)[:2])
    first.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    # the first line says what is measured; the answer comes after it
    answer = "".join(cells[folded(notebook)[0]]["outputs"][0]["text"]).splitlines()[1]
    output = first.locator(".jp-OutputArea-output").first
    assert answer not in first.inner_text()
    assert not output.is_visible()  # the stored answer is there, folded away
    first.screenshot(path=screenshots / "prediction-folded.png")
    first.locator(".jp-OutputPlaceholder").click()  # the reader opens the fold
    output.wait_for(state="visible", timeout=10_000)
    assert answer in output.inner_text()
    first.screenshot(path=screenshots / "prediction-opened.png")
    # Running every cell shows every answer, the next fold's too.
    assert not second.locator(".jp-OutputArea").is_visible()
    run_all(page, name)
    second.locator(".jp-OutputArea").wait_for(state="visible", timeout=10_000)


def test_beta_away_and_back_gives_the_same_query(lab, page, screenshots):
    """In BetaExplorer, moving β changes the retrieval, not the query; moving it back gives
    the same query and retrieval again."""
    open_and_run(page, lab, "11_modern_hopfield.ipynb")
    root = widget(page, "BetaExplorer")
    root.screenshot(path=screenshots / "BetaExplorer-before.png")
    # What each image shows (its pixels: a redrawn image gets a new blob: address anyway).
    pictures = """root => Array.from(root.querySelectorAll('img'), image => {
        const canvas = document.createElement('canvas');
        [canvas.width, canvas.height] = [image.naturalWidth, image.naturalHeight];
        canvas.getContext('2d').drawImage(image, 0, 0);
        return canvas.toDataURL();
    })"""
    before = settled(page, root) and root.evaluate(pictures)
    for key in ("ArrowRight", "ArrowLeft"):
        operate(page, root, "slider", "β", key)
        settled(page, root)
        if key == "ArrowRight":
            moved = root.evaluate(pictures)
            root.screenshot(path=screenshots / "BetaExplorer-beta-moved.png")
            assert moved[0] == before[0] and moved[1:] != before[1:]
    assert root.evaluate(pictures) == before
    operate(page, root, "button", "New noise", None)
    settled(page, root)
    assert root.evaluate(pictures)[0] != before[0]
    operate(page, root, "dropdown", "corruption", "blank lower half")
    settled(page, root)
    slider = root.locator(".widget-slider").filter(
        has=labelled(page.locator(".widget-label"), "flipped"))
    assert "mod-disabled" in (slider.get_attribute("class") or "") or \
        slider.locator(".noUi-target[disabled]").count() == 1
    settled(page, root)  # photographed at rest, not mid-redraw
    root.screenshot(path=screenshots / "BetaExplorer-after.png")


def test_dragging_across_the_editor_paints(lab, page, screenshots):
    """A press on a square of the PatternEditor, held while the mouse moves along a row, inks
    every square it crosses (and only those)."""
    open_and_run(page, lab, "03_hopfield_network.ipynb")
    root = widget(page, "PatternEditor")
    root.screenshot(path=screenshots / "PatternEditor-before.png")
    squares = root.locator(".widget-gridbox button")
    colours = "root => Array.from(root.querySelectorAll('.widget-gridbox button'), " \
              "square => getComputedStyle(square).backgroundColor)"
    assert set(root.evaluate(colours)) == {"rgb(255, 255, 255)"}
    row = [13 + k for k in range(8)]  # the second row, from its second square
    boxes = [squares.nth(index).bounding_box() for index in row]
    page.mouse.move(boxes[0]["x"] + 5, boxes[0]["y"] + 5)
    page.mouse.down()
    for box in boxes[1:]:
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
    page.mouse.up()
    page.wait_for_function(
        f"root => ({colours})(root).filter(colour => colour === 'rgb(0, 0, 0)').length === "
        f"{len(row)}", arg=root.element_handle(), timeout=15_000)
    inked = [index for index, colour in enumerate(root.evaluate(colours))
             if colour == "rgb(0, 0, 0)"]
    assert inked == row
    operate(page, root, "button", "Recall", None)
    page.wait_for_function("root => root.innerText.includes('Closest:')",
                           arg=root.element_handle(), timeout=15_000)
    settled(page, root)  # photographed at rest, not mid-redraw
    root.screenshot(path=screenshots / "PatternEditor-after.png")


def test_every_chapter_links_resolve(lab, page):
    """Every link of every chapter, as JupyterLab renders it, leads to a file of the course and,
    when it names an anchor, to a heading or target that exists there; and each chapter links
    to the chapters before and after it and to its exercises, the learner's copy in work/."""
    links, anchors = {}, {}
    for name in NOTEBOOKS:
        page.goto(f"{lab}/lab/tree/notebooks/{name}?reset")
        page.locator(".jp-Notebook .jp-MarkdownCell").first.wait_for(timeout=60_000)
        # open every folded explanation ("Did your prediction match?"): its links count too
        folded = page.locator(".jp-MarkdownCell .jp-InputPlaceholder")
        while folded.count():
            folded.first.click()
        # every markdown cell rendered (its headings get their ids then)
        page.wait_for_function("""() => {
            const cells = document.querySelectorAll('.jp-MarkdownCell');
            return cells.length > 0 && Array.from(cells).every(
                cell => cell.querySelector('.jp-RenderedMarkdown') !== null);
        }""", timeout=60_000)
        notebook = page.locator(".jp-Notebook")
        # JupyterLab 4 names a heading's anchor by data-jupyter-id (not id, which a page can clobber)
        anchors[name] = set(notebook.evaluate("""node => Array.from(
            node.querySelectorAll('.jp-RenderedMarkdown [id], .jp-RenderedMarkdown [data-jupyter-id]'),
            element => element.getAttribute('data-jupyter-id') || element.id)"""))
        links[name] = notebook.evaluate("""node => Array.from(
            node.querySelectorAll('.jp-MarkdownCell a[href]:not(.jp-InternalAnchorLink)'),
            a => a.getAttribute('href'))""")
    from urllib.parse import unquote, urlsplit

    for k, name in enumerate(NOTEBOOKS):
        reached = set()
        for href in links[name]:
            url = urlsplit(href)
            if url.scheme in ("http", "https") and not href.startswith(lab):
                continue  # the papers and sites cited: not the course's to check offline
            path = ("notebooks/" + name if not url.path
                    else unquote(url.path).removeprefix("/files/"))
            assert page.request.get(f"{lab}/api/contents/{path}?content=0").ok, \
                f"{name} links to {path}, which is not in the course"
            reached.add(path)
            if url.fragment and path.startswith("notebooks/"):
                target = path.removeprefix("notebooks/")
                assert unquote(url.fragment) in anchors[target], \
                    f"{name} links to #{unquote(url.fragment)} in {target}, which has no such anchor"
        neighbours = {f"notebooks/{NOTEBOOKS[j]}" for j in (k - 1, k + 1)
                      if 0 <= j < len(NOTEBOOKS)}
        # the exercises: the learner's copy in work/, never the course's own file in exercises/
        exercises = {f"work/{path.name}" for path in (REPO / "exercises").glob(f"{name[:2]}_*")}
        assert not any(path.startswith("exercises/") for path in reached), \
            f"{name} links to the course's exercises/, not to the learner's copy in work/"
        assert len(exercises) == 1 and neighbours | exercises <= reached, \
            f"{name} does not link to {sorted(neighbours | exercises - reached)}"


def test_lecture_mode_is_readable_on_a_projector(presenter, browser, screenshots):
    """At 1280 × 720, the size of a common projector, ``make present`` on chapter 11 writes its
    text at 18 px or more, and the labels of BetaExplorer's bars and the letters of the figure of
    the three regimes at 18 px or more on screen; every figure fits on the screen."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    with presenter("notebooks/11_modern_hopfield.ipynb") as url:
        page.goto(url)
        root = page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)").first
        root.locator(".widget-html-content svg").first.wait_for(timeout=180_000)
        text = page.locator(".jp-RenderedMarkdown p").first
        size = float(text.evaluate("p => getComputedStyle(p).fontSize").removesuffix("px"))
        assert size >= 18, f"the lecture's body text is {size} px"
        label = root.locator(".widget-html-content svg text").last  # the letter under a bar
        shown = label.evaluate("""text => {
            const svg = text.ownerSVGElement;  // its font size times the svg's scale on screen
            return parseFloat(getComputedStyle(text).fontSize)
                * svg.getBoundingClientRect().height / svg.height.baseVal.value;
        }""")
        assert shown >= 18, f"the bar labels are {shown:.1f} px on screen"
        # every figure fits on the screen whole (the β figure was 840 px tall), and the
        # explorer's three images have one size (a long title stretched one of them)
        heights = page.locator(".jp-RenderedImage img").evaluate_all(
            "images => images.map(image => image.getBoundingClientRect().height)")
        assert heights and max(heights) <= 720, f"figures {heights} px tall at 1280 × 720"
        sizes = root.locator(".widget-image").evaluate_all(
            "images => images.map(image => [image.width, image.height])")
        assert len(sizes) == 3 and len({tuple(size) for size in sizes}) == 1, sizes
        root.scroll_into_view_if_needed()
        page.screenshot(path=screenshots / "present-11-BetaExplorer-1280x720.png")
        # the figure of the three regimes, just above the widget: its 26 letters
        figure = page.locator(".jp-OutputArea-output:not(:has(.jupyter-widgets)) img").last
        figure.scroll_into_view_if_needed()
        page.screenshot(path=screenshots / "present-11-beta-figure-1280x720.png")
        # Its letters take the style's tick-label size (the cell sets no font size of its own):
        # in points at the lecture dpi, times the scale at which the page shows the image.
        cell = next(cell for cell in json.loads(
            (REPO / "notebooks" / "11_modern_hopfield.ipynb").read_text())["cells"]
            if 'list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")' in "".join(cell["source"]))
        assert "fontsize" not in "".join(cell["source"])
        lecture = style.rc(lecture=True)
        scale = figure.evaluate("image => image.getBoundingClientRect().width / image.naturalWidth")
        letters = lecture["xtick.labelsize"] * lecture["figure.dpi"] / 72 * scale
        assert letters >= 18, f"the beta figure's letters are {letters:.1f} px on screen"
    context.close()



def test_a_folded_cell_previews_no_answer(lab, page, screenshots):
    """Opened, chapter 0 shows in the placeholder of each fold only what the cell measures (the
    line JupyterLab 4 previews, tests/test_folds.py checks it in every notebook), none of the
    answer the cell stored after it; and the explanation after each fold is folded behind its
    question until the reader opens it."""
    name = "00_start_here.ipynb"
    page.goto(f"{lab}/lab/tree/notebooks/{name}?reset")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    notebook = json.loads((REPO / "notebooks" / name).read_text())
    cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    code = page.locator(".jp-CodeCell")
    for index in folded(notebook):
        placeholder = code.nth(index).locator(".jp-OutputPlaceholder")
        placeholder.wait_for(timeout=30_000)
        shown = placeholder.inner_text().strip()
        first, *answer = [line for output in cells[index]["outputs"] if "text" in output
                          for line in "".join(output["text"]).splitlines() if line.strip()]
        assert shown == first.strip() and first.startswith("Measured: ")
        assert not any(line.strip() in shown for line in answer), f"the fold previews {shown!r}"
    explanations = page.locator(".jp-MarkdownCell .jp-InputPlaceholder")
    assert explanations.count() == len(folded(notebook))
    assert set(explanations.all_inner_texts()) == {"Did your prediction match?"}
    markdown = [cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
    index, explained = next((index, cell) for index, cell in enumerate(markdown)
                            if cell["metadata"].get("jupyter", {}).get("source_hidden"))
    first = page.locator(".jp-MarkdownCell").nth(index)
    first.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "prediction-explanation-folded.png")
    first.locator(".jp-InputPlaceholder").click()  # the reader opens the explanation
    first.locator(".jp-RenderedMarkdown").wait_for(state="visible", timeout=10_000)
    page.screenshot(path=screenshots / "prediction-explanation-opened.png")
    opening = " ".join("".join(explained["source"]).split("\n\n")[1].split()[:3])
    assert opening in first.locator(".jp-RenderedMarkdown").inner_text()
