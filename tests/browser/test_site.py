"""The course's website (``make site``): built from the stored outputs, then read in Chromium
with every request off this machine refused, as on a laptop with the network cut.

The site is built once into a temporary folder by ``tools/make_site.py`` (the build itself fails
on any Sphinx warning, a broken cross-reference among them) and served on a free localhost
port. Each page must then load with no JavaScript error and no request leaving that server; its
equations must be typeset by the site's own MathJax, with no raw ``$…$`` or TeX error left; its
images must load; it must fit a phone's width. Every link and resource of every page must
resolve inside the site, the search must find what the course teaches, and each widget must
appear as a still with the note on where it moves.

Screenshots go to ``tests/browser/screenshots/site/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CHAPTERS = sorted(f"notebooks/{p.stem}" for p in (REPO / "notebooks").glob("*.ipynb"))
EXERCISES = sorted(f"exercises/{p.stem}" for p in (REPO / "exercises").glob("*.ipynb"))
DOCS = sorted(f"docs/{p.stem}" for p in (REPO / "docs").glob("*.md"))
PAGES = ["index", "repository", *CHAPTERS, *EXERCISES, *DOCS]
BUILD_SECONDS = 120  # the budget for the build, on two cores
PHONE = {"width": 390, "height": 844}
# As in conftest.py: in CI (.ci/run) a site test that cannot run fails instead of skipping.
REQUIRED = os.environ.get("HOPFIELD_EDU_BROWSER") == "required"

# After MathJax's first typesetting: the page's mathematics and what is left of it untypeset.
MATH_JS = """async () => {
    if (window.MathJax && MathJax.startup) await MathJax.startup.promise;
    const article = document.querySelector('article') || document.body;
    const maths = Array.from(article.querySelectorAll('.math'));
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {acceptNode: node =>
        node.parentElement.closest('pre, code, script, style, mjx-container, .highlight')
            ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    const text = [];
    while (walker.nextNode()) text.push(walker.currentNode.nodeValue);
    return {
        count: maths.length,
        untypeset: maths.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent),
        errors: Array.from(article.querySelectorAll('mjx-merror'), e => e.textContent),
        text: text.join(''),
    };
}"""

# Every image of the page, loaded (lazy ones too) or not.
IMAGES_JS = """async () => Promise.all(Array.from(document.images, image => {
    image.loading = 'eager';
    return image.decode().then(() => null, () => image.src.slice(0, 120));
}))"""


def _missing() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install -e '.[test]')"
    for module in ("sphinx", "myst_nb", "sphinx_book_theme"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install -e '.[site]')"
    return None


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, float]:
    """The site, built by tools/make_site.py into a temporary folder, and the seconds it took."""
    reason = _missing()
    if reason is not None:
        (pytest.fail if REQUIRED else pytest.skip)(f"site tests: {reason}")
    folder = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(REPO / "tools" / "make_site.py"),
                             "--out", str(folder / "site"), "--work", str(folder / "work")],
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    assert result.returncode == 0, f"make_site failed:\n{result.stdout}\n{result.stderr}"
    return folder / "site", seconds


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(built) -> str:
    """The URL of the built site, served from localhost."""
    handler = functools.partial(_Quiet, directory=str(built[0]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def reader(browser, site):
    """A page on which every request that is not to the site is refused and recorded (in
    ``reader.outside``), as is every JavaScript error and error logged to the console (in
    ``reader.errors``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors, page.outside = [], []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(site) or url.startswith("data:"):
            request_route.continue_()
        else:
            page.outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error"
            and page.errors.append(f"{message.text} ({message.location.get('url')})"))
    yield page
    context.close()


@pytest.fixture(scope="module")
def shots() -> Path:
    folder = REPO / "tests" / "browser" / "screenshots" / "site"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_site_builds_in_time(built):
    folder, seconds = built
    files = [path for path in folder.rglob("*") if path.is_file()]
    megabytes = sum(path.stat().st_size for path in files) / 2**20
    print(f"site built in {seconds:.1f} s: {len(files)} files, {megabytes:.1f} MiB")
    assert seconds < BUILD_SECONDS, f"the build took {seconds:.0f} s"
    for page in PAGES:
        assert (folder / f"{page}.html").is_file(), f"no page for {page}"
    for notebook in [*CHAPTERS, *EXERCISES]:  # beside its page, to download
        assert (folder / f"{notebook}.ipynb").read_bytes() == (REPO / f"{notebook}.ipynb"
                                                               ).read_bytes()
    assert not list(folder.glob("**/solutions/*")), "the solutions are for instructors only"


def notebook_widgets(name: str) -> list[str]:
    """What the notebook ``name`` (for example ``notebooks/03_hopfield_network``) shows of each
    widget it displays, in order: the widget's text form, as stored."""
    path = REPO / f"{name}.ipynb"
    if not name.startswith("notebooks/"):
        return []
    cells = json.loads(path.read_text())["cells"]
    return ["".join(output["data"]["text/plain"]) for cell in cells
            for output in cell.get("outputs", []) if WIDGET_VIEW in output.get("data", {})]


def check_how_to_run(page, site: str, name: str) -> None:
    """A notebook's page names its notebook, links to it, and says ``make lab``."""
    box = page.locator("div.admonition", has_text="Run it yourself")
    assert box.count() == 1, f"{name}: {box.count()} boxes saying how to run it"
    text = box.inner_text()
    assert f"{name}.ipynb" in text and "make lab" in text, text
    links = box.locator("a").evaluate_all("links => links.map(link => link.href)")
    assert f"{site}{name}.ipynb" in links, links


def check_stills(page, shots: Path, name: str) -> None:
    """Every widget the notebook displays is on its page as a still of its saved state, and
    each one with controls says where they move."""
    shown = notebook_widgets(name)
    stills = page.locator(".widget-still")
    assert stills.count() == len(shown), f"{name}: {stills.count()} stills for {len(shown)}"
    for index, text in enumerate(shown):
        still = stills.nth(index)
        still.scroll_into_view_if_needed()
        still.screenshot(path=shots / f"{name.replace('/', '_')}_widget{index}.png")
        note = still.locator(".still-note")
        if text.startswith(("IntProgress", "FloatProgress")):
            assert note.count() == 0, f"{name}: a progress bar has nothing to move"
        else:
            assert "use its controls" in note.inner_text() and "make lab" in note.inner_text()
            assert still.locator("input, select, button").count() > 0, f"{name}: no controls"


@pytest.mark.parametrize("name", PAGES)
def test_page_reads_offline(reader, site, shots, name):
    """The page loads with no error and no request off the machine; its mathematics is typeset;
    its images load; a notebook's page says how to run it and shows its widgets as stills; the
    page fits a phone's width."""
    reader.goto(f"{site}{name}.html", wait_until="load")
    maths = reader.evaluate(MATH_JS)
    assert not reader.errors, f"{name}: JavaScript errors: {reader.errors}"
    assert not reader.outside, f"{name}: requests off the machine: {reader.outside}"
    assert not maths["untypeset"], f"{name}: equations left untypeset: {maths['untypeset'][:5]}"
    assert not maths["errors"], f"{name}: MathJax could not typeset: {maths['errors'][:5]}"
    for raw in ("$", "\\(", "\\["):
        at = maths["text"].find(raw)
        assert at < 0, f"{name}: raw TeX left in the text: …{maths['text'][at - 60:at + 60]}…"
    if name.startswith("notebooks/"):
        assert maths["count"] > 0, f"{name}: a chapter without one equation typeset?"
    broken = [src for src in reader.evaluate(IMAGES_JS) if src]
    assert not broken, f"{name}: images that did not load: {broken}"
    reader.screenshot(path=shots / f"{name.replace('/', '_')}.png")
    if name.startswith(("notebooks/", "exercises/")):
        check_how_to_run(reader, site, name)
        check_stills(reader, shots, name)
    reader.set_viewport_size(PHONE)
    reader.evaluate("window.scrollTo(0, 0)")
    reader.wait_for_timeout(200)
    widths = reader.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    reader.screenshot(path=shots / f"{name.replace('/', '_')}_phone.png")
    assert widths[0] <= widths[1], f"{name}: {widths[0]} px wide on a {widths[1]} px phone"


@pytest.mark.parametrize("word, expected", [("Hebbian", "notebooks/06_learning_rules.html"),
                                            ("attention",
                                             "notebooks/12_hopfield_and_attention.html")])
def test_search_finds(reader, site, shots, word, expected):
    """The search box, typed into as a reader would, finds the chapters that teach the word."""
    reader.goto(f"{site}index.html", wait_until="load")
    reader.locator("button.search-button__button:visible").first.click()
    # the field the button opens, which has the focus (a dialog in pydata-sphinx-theme 0.16 and
    # later, an overlay in 0.15, which Python 3.10 gets)
    box = reader.locator("input[name='q']:focus")
    box.fill(word)
    box.press("Enter")
    reader.wait_for_url(f"**/search.html?q={word}*")
    results = reader.locator("#search-results li a")
    results.first.wait_for(timeout=20_000)
    found = results.evaluate_all("links => links.map(link => link.href.split('#')[0])")
    reader.screenshot(path=shots / f"search_{word}.png")
    assert not reader.errors and not reader.outside, (reader.errors, reader.outside)
    assert f"{site}{expected}" in found, f"searching {word!r} found {found}"


class _Links(html.parser.HTMLParser):
    """The ids of a page, and the URLs it links to or loads."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.loads = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for key in ("src", "href"):
            if tag in ("img", "script", "link", "source", "iframe") and attrs.get(key):
                self.loads.append(attrs[key])


def test_links_resolve(built):
    """Every link of every page reaches a file of the site (and the id it names); every image,
    script and style sheet is the site's own."""
    folder = built[0]
    pages = {}
    for path in folder.rglob("*.html"):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    broken, outside = [], []
    for path, parser in pages.items():
        for url in parser.loads:
            if urlsplit(url).scheme not in ("", "data"):
                outside.append(f"{path.relative_to(folder)}: {url}")
        for url in parser.links + parser.loads:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            where = f"{path.relative_to(folder)} → {url}"
            if not target.is_file():
                broken.append(where)
            elif parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in pages[target].ids:
                    broken.append(where)
    assert not outside, f"resources from outside the site: {outside[:10]}"
    assert not broken, f"{len(broken)} broken links, e.g. {broken[:10]}"
