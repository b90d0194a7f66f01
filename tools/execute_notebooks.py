#!/usr/bin/env python3
"""Re-execute notebooks in place, so that the outputs nbval compares against are fresh.

Each notebook runs top to bottom in a new kernel of this Python environment, in its own folder.
The result is written back deterministically: no timing metadata, stable cell ids, the random
ids of widget models replaced by ids derived from the notebook's name, and the pieces of one
cell's printed output joined (how the kernel splits it into messages depends on timing), so
that running the same notebook twice gives the same file (tests/stored_outputs.py checks, in
nbval's run of every notebook, that it shows what it stores). Beside each widget's view goes a
PNG still of it (tools/widget_stills.py, drawn in Chromium) and the line "Run this cell to use
its controls": what JupyterLab shows in place of a widget until the notebook runs. Cell metadata (the folded outputs of prediction cells, tags) is
kept as it was.

Usage:
    python tools/execute_notebooks.py                       # notebooks/ and solutions/
    python tools/execute_notebooks.py notebooks/00_start_here.ipynb
    python tools/execute_notebooks.py --stills notebooks/05_phase_diagram.ipynb
                                        # only (re)draw the widget stills, running nothing
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import platform
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import widget_stills  # noqa: E402  (a module of tools/, beside this one)

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _kernel_env() -> dict[str, str]:
    """What every notebook kernel that writes or checks stored outputs is started with.

    OpenBLAS picks its matrix kernels by CPU, and kernels of different vector widths add in a
    different order, so a printed digit can change between machines: chapter 3 printed an
    overlap of +0.67 on an AMD Zen 5, where OpenBLAS 0.3.31 runs its Haswell kernels, and +0.68
    on a Zen 4, where it runs its Cooperlake (AVX-512) ones. So the notebooks are executed and
    checked with the Haswell (AVX2 and FMA) kernels, which every x86-64 CPU with those
    extensions runs; other CPUs keep their own, and a learner's `make lab` always does.
    """
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return {}
    try:
        flags = set(" ".join(line for line in Path("/proc/cpuinfo").read_text().splitlines()
                             if line.startswith("flags")).split())
    except OSError:  # not Linux: every x86-64 Mac or PC of the last ten years has both
        flags = {"avx2", "fma"}
    return {"OPENBLAS_CORETYPE": "Haswell"} if {"avx2", "fma"} <= flags else {}


KERNEL_ENV = _kernel_env()


def stable_widget_ids(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """Replace the random widget model ids by ids made from the notebook name and an index."""
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    if not state:
        return notebook
    text = json.dumps(notebook)
    for index, model_id in enumerate(sorted(state, key=text.index)):
        text = text.replace(model_id, hashlib.sha1(f"{name}:{index}".encode()).hexdigest()[:32])
    return nbformat.from_dict(json.loads(text))


def widget_class(text: str) -> str:
    """The class of a widget from the text form of its view, which starts with it (ipywidgets'
    repr, or the stored "NoiseExplorer: run this cell to use its controls.")."""
    return re.match(r"\w+", text).group()


def widget_pictures(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Store beside the view of every widget a PNG still of it, and as its text the widget's
    class and, for one with controls, "run this cell to use its controls" (instead of a dump
    of its children), for a notebook opened before it runs. A widget with no controls (a
    progress bar) is photographed as the run left it."""
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    views = [output for cell in notebook.cells if cell.cell_type == "code"
             for output in cell.outputs if WIDGET_VIEW in output.get("data", {})]
    model_ids = [view.data[WIDGET_VIEW]["model_id"] for view in views]
    for output, model_id, png in zip(views, model_ids, widget_stills.pictures(state, model_ids)):
        name = widget_class(output.data["text/plain"])
        output.data["image/png"] = base64.b64encode(png).decode("ascii")
        output.data["text/plain"] = (
            f"{name}: {widget_stills.RUN_ME[0].lower()}{widget_stills.RUN_ME[1:]}."
            if widget_stills.interactive(state, model_id) else f"{name}: as the run left it.")
    return notebook


def join_streams(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Join consecutive stream outputs of the same name (stdout, stderr) in every cell."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.outputs:
            if (output.output_type == "stream" and outputs
                    and outputs[-1].output_type == "stream" and outputs[-1].name == output.name):
                outputs[-1].text += output.text
            else:
                outputs.append(output)
        cell.outputs = outputs
    return notebook


def run(path: Path, timeout: int, env: dict[str, str] | None = None
        ) -> tuple[nbformat.NotebookNode, float]:
    """Run one notebook top to bottom in a new kernel in its folder, started with ``env`` when
    given (else this process's environment) and ``KERNEL_ENV``; return it, made deterministic,
    and the seconds it took, kernel start included."""
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=timeout, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute(
                       env={**(os.environ if env is None else env), **KERNEL_ENV})
    seconds = time.perf_counter() - start
    notebook = widget_pictures(join_streams(stable_widget_ids(notebook, path.name)))
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
        cell.metadata.pop("execution", None)
    nbformat.validate(notebook)
    return notebook, seconds


def execute(path: Path, timeout: int) -> float:
    """Run one notebook in place and return the seconds it took."""
    notebook, seconds = run(path, timeout)
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path,
                        help="notebooks to run (default: notebooks/ and solutions/)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    parser.add_argument("--stills", action="store_true",
                        help="only draw the widget stills from the stored widget state, "
                             "running nothing (the same stills a run stores)")
    args = parser.parse_args(argv)
    paths = args.paths or sorted([*(ROOT / "notebooks").glob("*.ipynb"),
                                  *(ROOT / "solutions").glob("*.ipynb")])
    for path in paths:
        if args.stills:
            notebook = widget_pictures(nbformat.read(path, as_version=4))
            path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
            continue
        print(f"{path}: ", end="", flush=True)
        print(f"{execute(path, args.timeout):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
