"""Every notebook run in JupyterLab in Chromium, every widget of the course moved by hand, and
every chapter's links followed.

A widget can pass every pytest check and still be blank in a browser: its front end may fail to
render, or a callback may raise where nobody sees it. So each notebook is opened in a real
JupyterLab, all its cells are run, and the page must show no error output, no uncaught
JavaScript error and every widget the notebook displays. Then each widget's controls are
operated as a reader would (a slider key, a dropdown, a button, a click on the editor's grid),
and what the widget draws (its images, its readouts, the editor's squares) must change.

Screenshots of every notebook and widget go to ``tests/browser/screenshots/`` (git-ignored).
The learner's paths through single chapters (predictions, lecture mode) are in test_browser.py:
a file of their own, so that pytest's two workers share the browser tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lab_page import (ACTIONS, LOADING, NOTEBOOKS, REPO, STDERR, VIEWS, check_changes,
                      error_cells, run_all, settled, stored, widgets_shown)

from hopfield_edu import widgets


def test_every_widget_is_shown_and_operated():
    """Each widget of the course appears in a notebook and has actions to try."""
    shown = {cls for name in NOTEBOOKS for cls in stored(name)[1]}
    assert set(widgets.__all__) == set(ACTIONS) <= shown


# What each chapter links to and the anchors it has, as JupyterLab renders them: read while
# test_notebook_in_jupyterlab has the chapter open (else by test_every_chapter_links_resolve).
RENDERED: dict[str, tuple[list[str], set[str]]] = {}


def rendered_links(page) -> tuple[list[str], set[str]]:
    """The links of the open notebook's markdown (its folded explanations opened: "Did your
    prediction match?" may link too) and the anchors of its headings and targets."""
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
    links = notebook.evaluate("""node => Array.from(
        node.querySelectorAll('.jp-MarkdownCell a[href]:not(.jp-InternalAnchorLink)'),
        a => a.getAttribute('href'))""")
    # JupyterLab 4 names a heading's anchor by data-jupyter-id (not id, which a page can clobber)
    anchors = set(notebook.evaluate("""node => Array.from(
        node.querySelectorAll('.jp-RenderedMarkdown [id], .jp-RenderedMarkdown [data-jupyter-id]'),
        element => element.getAttribute('data-jupyter-id') || element.id)"""))
    return links, anchors


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
    RENDERED[name] = rendered_links(page)


def test_every_chapter_links_resolve(lab, page):
    """Every link of every chapter, as JupyterLab renders it, leads to a file of the course and,
    when it names an anchor, to a heading or target that exists there; and each chapter links
    to the chapters before and after it and to its exercises, the learner's copy in work/."""
    links, anchors = {}, {}
    for name in NOTEBOOKS:
        if name not in RENDERED:  # test_notebook_in_jupyterlab did not get as far
            page.goto(f"{lab}/lab/tree/notebooks/{name}?reset")
            page.locator(".jp-Notebook .jp-MarkdownCell").first.wait_for(timeout=60_000)
            RENDERED[name] = rendered_links(page)
        links[name], anchors[name] = RENDERED[name]
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
