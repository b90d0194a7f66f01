#!/usr/bin/env python3
"""Build the course as a static website, offline, from the outputs stored in the notebooks.

The site holds every chapter in ``notebooks/`` (not re-executed: the figures are the stored
ones), the exercises in ``exercises/`` (not the solutions), the pages in ``docs/`` (the
instructors' pages and the API reference that ``tools/make_api.py`` writes from the docstrings),
the README's front matter as the landing page, and the rest of the README as a page on the
repository. Sphinx builds it with MyST-NB and the book theme; MathJax comes from a copy inside a
Python package (``sphinx-mathjax-offline``), the search from Sphinx's own index: nothing is
fetched from the network, at build time or by the reader's browser.

The sources are first copied into a work folder and changed there: each page gets a box naming
its notebook and how to run it (``make lab``), each widget is replaced by a still of its saved
state (``tools/widget_stills.py``), and a link to a file of the repository that is not a page
goes to the repository (``[project.urls] Repository`` in pyproject.toml) or, without one, becomes
the file's path in code. The notebooks themselves are copied beside their pages, unchanged, to
download.

Usage:
    python tools/make_site.py                  # build _site/ (work files in build/site/)
    python tools/make_site.py --out /tmp/site  # elsewhere
"""

from __future__ import annotations

import argparse
import functools
import posixpath
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))

import widget_stills  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "tools" / "site"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# The README's front matter ends where its instructors' section begins.
README_SPLIT = "\n## For instructors\n"
# An anchor written for JupyterLab (``<a id="symbols"></a>`` on a line of its own), which the
# site needs as a MyST target, ``(symbols)=``.
ANCHOR = re.compile(r'^<a id="([^"]+)"></a>[ \t]*$', re.MULTILINE)
LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(([^)\s]+)\)")

TOCTREE = """
```{{toctree}}
:hidden:
:caption: {caption}

{entries}
```
"""


def index_toc(notebooks: list[str], exercises: list[str], docs: list[str]) -> str:
    """The landing page's hidden tables of contents: the site's navigation."""
    reference = [path for path in docs if path == "docs/api.md"]
    sections = [("The course", notebooks), ("Exercises", exercises),
                ("For instructors", ["repository.md", *(p for p in docs if p not in reference)]),
                ("Reference", reference)]
    return "".join(TOCTREE.format(caption=caption, entries="\n".join(entries))
                   for caption, entries in sections if entries)


def repository_url() -> str:
    """The repository's web address from pyproject.toml (``[project.urls] Repository``), or ''."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project.get("urls", {}).get("Repository", "").rstrip("/")


def in_repository(path: str, text: str, repository: str) -> str:
    """Markdown for a file of the repository: a link to it there, or its path in code."""
    if repository:
        return f"[{text}]({repository}/blob/main/{path})"
    return f"{text} (`{path}` in the repository)" if text.strip("`") != path else f"`{path}`"


@functools.lru_cache(maxsize=None)
def explicit_anchors(path: str) -> frozenset[str]:
    """The names of the anchors written for JupyterLab (see ANCHOR) in the repository's file at
    ``path``, a notebook's markdown cells or a markdown file. They become Sphinx labels, which
    are one namespace for the whole site: each name may be used once."""
    file = ROOT / path
    if file.suffix == ".ipynb":
        text = "\n".join(cell.source for cell in nbformat.read(file, as_version=4).cells
                         if cell.cell_type == "markdown")
    else:
        text = file.read_text() if file.suffix == ".md" else ""
    return frozenset(ANCHOR.findall(text))


def rewrite_links(text: str, here: str, staged: set[str], repository: str) -> str:
    """Keep each relative link of ``text`` (a page at ``here``, repository-relative) that
    reaches a staged file; send one to another file of the repository there."""
    def replace(match: re.Match) -> str:
        bang, label, target = match.groups()
        if re.match(r"[a-z][a-z0-9+.-]*:|#", target):
            return match.group(0)
        path = posixpath.normpath(posixpath.join(posixpath.dirname(here), target.split("#")[0]))
        fragment = target.partition("#")[2]
        if path.startswith("work/"):  # the learner's copy of an exercise: the site's is its page
            path = "exercises/" + path.removeprefix("work/")
            target = posixpath.relpath(path, posixpath.dirname(here) or ".")
            return f"{bang}[{label}]({target})" if path in staged else match.group(0)
        if path in staged and fragment in explicit_anchors(path):
            # a MyST target: linked by its name alone, which every myst-parser resolves across
            # the site (myst-parser 4, the one Python 3.10 gets, finds no target behind page#name)
            return f"{bang}[{label}](#{fragment})"
        if path == "README.md":  # the README is the landing page
            target = posixpath.relpath("index.md", posixpath.dirname(here) or ".")
            return f"{bang}[{label}]({target})"
        if path in staged or not (ROOT / path).exists() or bang:
            return match.group(0)
        return in_repository(path, label, repository)
    return LINK.sub(replace, text)


def title(path: str) -> str:
    """A notebook's title: the first line of its first cell, without the ``#``."""
    return nbformat.read(ROOT / path, as_version=4).cells[0].source.partition("\n")[0][2:]


def banner(path: str, repository: str, exercises: str | None, explorers: int) -> str:
    """The box at the top of a notebook's page: which notebook it is and how to run it (and,
    with ``explorers`` widgets that have controls, where those move)."""
    name = posixpath.basename(path)
    where = in_repository(path, f"`{path}`", repository)
    download = f'<a href="{name}" download>download it</a>'
    if path.startswith("exercises/"):
        what = (f"This page is the exercise notebook {where} ({download}). The exercises are "
                "functions to write where a cell says `# YOUR CODE HERE`, each followed by a "
                "self-check: do them in JupyterLab. From a clone of the repository, `make lab` "
                "starts it (the first time it also installs the course into `.venv/`) and "
                "copies the exercises into `work/`, your own folder: do them there.")
    else:
        stills = ("; its widgets appear as stills. To run it and use their controls"
                  if explorers else ". To run it")
        what = (f"This page is the notebook {where} ({download}), shown with the outputs "
                f"stored in the repository{stills}: in a clone of the repository, `make lab` "
                "starts JupyterLab on the course (the first time it also installs it into "
                "`.venv/`).")
        if exercises:
            what += f" Its exercises: [{title(exercises)}](../{exercises})."
    return f"```{{admonition}} Run it yourself\n:class: tip\n\n{what}\n```\n"


def replace_widgets(notebook: nbformat.NotebookNode) -> int:
    """Replace every widget output by a still of its saved state, and drop the state; return
    how many of the widgets have controls."""
    state = notebook.metadata.pop("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    explorers = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is None:
                continue
            if view["model_id"] not in state:
                raise ValueError(f"the widget {view['model_id']} has no saved state: "
                                 "re-execute the notebook with tools/execute_notebooks.py")
            output["data"] = {"text/html": widget_stills.still(state, view["model_id"])}
            explorers += widget_stills.interactive(state, view["model_id"])
    return explorers


def stage_notebook(path: str, work: Path, staged: set[str], repository: str,
                   exercises: str | None) -> None:
    notebook = nbformat.read(ROOT / path, as_version=4)
    explorers = replace_widgets(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = ANCHOR.sub(r"(\1)=",
                                     rewrite_links(cell.source, path, staged, repository))
    first = notebook.cells[0]
    heading, _, rest = first.source.partition("\n")
    if first.cell_type != "markdown" or not heading.startswith("# "):
        raise ValueError(f"{path} must open with a markdown cell whose first line is its title")
    first.source = f"{heading}\n\n{banner(path, repository, exercises, explorers)}\n{rest}"
    (work / path).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, work / path)


def stage(work: Path, repository: str) -> list[str]:
    """Copy the site's sources into ``work``, changed for the site; return the notebooks."""
    if work.exists():
        shutil.rmtree(work)
    notebooks = sorted(f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.ipynb"))
    exercises = sorted(f"exercises/{p.name}" for p in (ROOT / "exercises").glob("*.ipynb"))
    docs = sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))
    images = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs" / "images").glob("*"))
    staged = {*notebooks, *exercises, *docs, *images}
    by_number = {posixpath.basename(p)[:2]: p for p in exercises}
    for path in notebooks:
        stage_notebook(path, work, staged, repository,
                       by_number.get(posixpath.basename(path)[:2]))
    for path in exercises:
        stage_notebook(path, work, staged, repository, None)
    for path in images:
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / path, work / path)
    for path in docs:
        (work / path).write_text(rewrite_links((ROOT / path).read_text(), path, staged,
                                               repository))
    readme = rewrite_links((ROOT / "README.md").read_text(), "README.md", staged, repository)
    front, split, rest = readme.partition(README_SPLIT)
    if not split:
        raise ValueError(f"README.md has no {README_SPLIT.strip()!r} section to end the front "
                         "matter at")
    (work / "index.md").write_text(front.rstrip() + "\n" + index_toc(notebooks, exercises, docs))
    (work / "repository.md").write_text("# The repository: for instructors, tests, speed and "
                                        "layout\n" + split + rest)
    return notebooks + exercises


def prune_mathjax(out: Path) -> None:
    """Remove the MathJax bundles that the site does not load: it loads tex-chtml.js (which
    fetches its fonts and extensions from the folders beside it), not the other 13 MB."""
    mathjax = out / "_static" / "mathjax"
    if not (mathjax / "tex-chtml.js").exists():
        raise FileNotFoundError(f"no MathJax at {mathjax}: is sphinx-mathjax-offline installed?")
    for bundle in [*mathjax.glob("tex-*.js"), *mathjax.glob("mml-*.js"),
                   mathjax / "node-main.js", mathjax / "latest.js"]:
        if bundle.name != "tex-chtml.js":
            bundle.unlink(missing_ok=True)


def build(out: Path, work: Path) -> float:
    """Stage the sources in ``work`` and build the site into ``out``; return the seconds."""
    start = time.perf_counter()
    repository = repository_url()
    pages = stage(work / "src", repository)
    for folder in (out, work / "html"):
        if folder.exists():
            shutil.rmtree(folder)
    # -W: a warning (a broken link, a missing image) fails the build; -E: no stale pickles.
    # One process: sphinx-mathjax-offline does not declare parallel reading safe, and the
    # build takes seconds.
    # Sphinx builds inside the work folder: MyST-NB writes the notebooks' images beside the
    # output folder (into jupyter_execute/), which must not be the repository.
    html = work / "html"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-W", "--keep-going",
               "-q", "-c", str(CONF), "-d", str(work / "doctrees"), str(work / "src"), str(html)]
    subprocess.run(command, check=True)
    shutil.move(html, out)
    prune_mathjax(out)
    shutil.rmtree(out / "_sources", ignore_errors=True)  # empty: html_copy_source is off
    for template in (out / "_static").glob("*.html"):  # the themes' Jinja macros, not pages
        template.unlink()
    for source_map in (out / "_static").rglob("*.map"):  # for debugging the themes' scripts
        source_map.unlink()
    for path in pages:  # the notebooks as they are in the repository, to download
        shutil.copy2(ROOT / path, out / path)
    (out / ".nojekyll").touch()  # GitHub Pages: serve _static/ as it is
    return time.perf_counter() - start


def size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_site", help="the site (_site/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "site",
                        help="the staged sources and Sphinx's doctrees (build/site/)")
    args = parser.parse_args(argv)
    try:
        seconds = build(args.out.resolve(), args.work.resolve())
    except subprocess.CalledProcessError as error:
        print(f"make_site: sphinx-build failed (exit {error.returncode}); see above",
              file=sys.stderr)
        return 1
    count, total = size(args.out)
    print(f"site built in {seconds:.1f} s: {args.out} ({count} files, {total / 2**20:.1f} MiB); "
          f"open {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
