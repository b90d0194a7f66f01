"""The learner's paths through single chapters in JupyterLab in Chromium (a prediction's answer
folded until asked for, a widget's still before the cell runs, β moved and back, a drawing
dragged across the editor), and lecture mode (Voilà) shown as an instructor would project it.

Every chapter run whole, with all its widgets operated, is test_chapters.py.
Screenshots go to ``tests/browser/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import json

from lab_page import REPO, check_changes, labelled, open_and_run, operate, run_all, settled, widget

from hopfield_edu import style


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
