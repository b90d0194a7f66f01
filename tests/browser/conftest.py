"""A real browser for the course: Debian's Chromium driven by Playwright, against servers we start.

The tests need Playwright (in the ``test`` extra) and a Chromium at ``/usr/bin/chromium`` (Debian:
``apt install chromium``), or wherever ``HOPFIELD_EDU_CHROMIUM`` points. When either is missing
they are skipped with one reason, unless ``HOPFIELD_EDU_BROWSER=required`` (set by ``.ci/run``),
in which case a missing browser fails them: in CI a skip would hide a course nobody looked at.

Each server runs on a free localhost port without a token, over a temporary copy of the
notebooks, so nothing a browser does (autosave included) can touch the repository.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HOPFIELD_EDU_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("HOPFIELD_EDU_BROWSER") == "required"


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (Debian: apt install chromium)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(command: list[str], *, root: Path, ready: str, log: Path, **extra: str):
    """Run ``command`` in ``root``, with the environment variables ``extra`` added, while inside
    the block, from the moment ``ready`` (a URL) answers."""
    env = dict(os.environ, **extra,
               JUPYTER_CONFIG_DIR=str(root / ".jupyter"),
               JUPYTER_RUNTIME_DIR=str(root / ".jupyter" / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(root / ".jupyter" / "lab" / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(root / ".jupyter" / "lab" / "workspaces"))
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(ready, timeout=5):
                    break
            except urllib.error.HTTPError:  # an answer, even "log in first", means it is up
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def course_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    for folder in ("notebooks", "exercises"):  # the chapters link to their exercises
        shutil.copytree(REPO / folder, root / folder)
    # ... in work/, the learner's copies, which `make lab` makes: made here by its own recipe
    subprocess.run(["make", "--silent", "--file", str(REPO / "Makefile"), "work"], cwd=root,
                   check=True)
    return root


# Jupyter refuses to run as root unless told; containers often run as root.
ALLOW_ROOT = ["--allow-root"] if os.geteuid() == 0 else []


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """The URL of a JupyterLab over a copy of notebooks/, with every cell kept in the page."""
    root = course_copy(tmp_path_factory)
    settings = root / ".jupyter" / "lab" / "settings"
    # JupyterLab 4 may leave cells that are out of view out of the page; the tests count them.
    # And the settings of `make lab` (tools/lab_overrides.json: no pop-up asking about Jupyter
    # news over the widgets).
    course = json.loads((REPO / "tools" / "lab_overrides.json").read_text())
    for plugin, values in (("@jupyterlab/notebook-extension:tracker", {"windowingMode": "none"}),
                           *course.items()):
        path = settings / f"{plugin.replace(':', '/')}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
               "--ServerApp.password=", f"--ServerApp.root_dir={root}", *ALLOW_ROOT]
    with serve(command, root=root, ready=f"{url}/api/status", log=root / "lab.log"):
        yield url


@contextmanager
def presenting(root: Path, notebook: str):
    """While inside the block, the URL of ``make present NB=notebook`` over the course copy
    ``root``: Voilà on one chapter, as in a lecture."""
    port = free_port()
    command = [sys.executable, "-m", "voila", *present_arguments(notebook),
               "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    with serve(command, root=root, ready=f"http://127.0.0.1:{port}/api/status",
               log=root / f"voila-{Path(notebook).stem}.log", **present_environment()):
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="session")
def course(tmp_path_factory) -> Path:
    """A copy of the course for servers that only read it."""
    return course_copy(tmp_path_factory)


@pytest.fixture(scope="session")
def presenter(course):
    """``presenter(notebook)``: the context manager :func:`presenting` over the course copy."""
    return lambda notebook: presenting(course, notebook)


@pytest.fixture(scope="session")
def present(course):
    """The URL of ``make present NB=notebooks/00_start_here.ipynb``: Voilà on the first chapter."""
    with presenting(course, "notebooks/00_start_here.ipynb") as url:
        yield url


def present_environment() -> dict[str, str]:
    """The environment ``make present`` adds: lecture sizes, and the course's Voilà template."""
    return {"HOPFIELD_EDU_LECTURE": "1", "JUPYTER_PATH": str(REPO / "share" / "jupyter")}


def present_arguments(notebook: str) -> list[str]:
    """The Voilà arguments of ``make present``, read from the Makefile so the two cannot drift."""
    for line in (REPO / "Makefile").read_text().replace("\\\n", " ").splitlines():
        if line.startswith("VOILA_ARGS"):
            return [notebook, *line.partition("=")[2].split()]
    raise AssertionError("the Makefile defines no VOILA_ARGS")


@pytest.fixture(scope="session")
def browser():
    reason = _missing()
    if reason is not None:
        (pytest.fail if REQUIRED else pytest.skip)(f"browser tests: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run"])
        yield chromium
        chromium.close()


def offline(message) -> bool:
    """Whether a console error is only a resource from the internet failing to load: Voilà asks a
    CDN for its Font Awesome icons, and these machines (like many lecture rooms) are offline."""
    return (message.text.startswith("Failed to load resource")
            and not message.location.get("url", "").startswith("http://127.0.0.1"))


@pytest.fixture
def page(browser):
    """A fresh page that records every uncaught JavaScript error, and every error logged to the
    console, in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and not offline(message)
            and page.errors.append(message.text))
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder for screenshots a person can look at; git-ignored."""
    folder = REPO / "tests" / "browser" / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder
