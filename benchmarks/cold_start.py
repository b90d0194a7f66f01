#!/usr/bin/env python3
"""Cold start: each notebook run with an empty Numba cache and again with a warm one, and the
time of `import hopfield_edu` in a fresh process.

Each notebook runs top to bottom in a new kernel, as `make notebooks` runs it, twice, with
NUMBA_CACHE_DIR set to a new folder of its own: first empty, so that every kernel the notebook
uses is compiled (cold), then again, loading them from the cache (warm). The time includes
starting the kernel, since a reader waits for that too. "Compiled" counts the kernel
signatures the cold run wrote to the cache. Beside each time, the CPU time of the kernel's
process (user and system, from the operating system's account of the finished child), which
other work on a shared machine inflates less than the wall clock. Targets (issue 24, tighter
than issue 9's 30 s): every notebook under 20 s cold and under 10 s warm on 2 cores; the import
under 1 s.

Usage: python benchmarks/cold_start.py [--quick] [notebook ...]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from harness import median_seconds

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from execute_notebooks import run  # noqa: E402

COLD_TARGET, WARM_TARGET, IMPORT_TARGET = 20.0, 10.0, 1.0


@dataclass(frozen=True)
class NotebookTime:
    path: Path
    cold: float
    warm: float
    compiled: int
    cold_cpu: float = float("nan")
    warm_cpu: float = float("nan")

    @property
    def met(self) -> bool:
        return self.cold < COLD_TARGET and self.warm < WARM_TARGET


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the kernels once shut down)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_run(path: Path, timeout: int, env: dict) -> tuple[float, float]:
    """The wall seconds of one run and the CPU seconds of its kernel."""
    before = _children_cpu()
    _, seconds = run(path, timeout, env)
    return seconds, _children_cpu() - before


def time_notebook(path: Path, timeout: int = 600) -> NotebookTime:
    with tempfile.TemporaryDirectory(prefix="numba-cold-") as cache:
        env = {**_with_bytecode(), "NUMBA_CACHE_DIR": cache}
        cold, cold_cpu = _timed_run(path, timeout, env)
        compiled = sum(1 for _ in Path(cache).rglob("*.nbc"))
        warm, warm_cpu = _timed_run(path, timeout, env)
    return NotebookTime(path, cold, warm, compiled, cold_cpu, warm_cpu)


def _with_bytecode() -> dict[str, str]:
    """This environment, but Python allowed to write and read its bytecode, as in a learner's
    install (pip compiles it). With PYTHONDONTWRITEBYTECODE set, every process compiles NumPy,
    Numba and the rest from source: `import hopfield_edu` took 1.5 s instead of 0.45 s on an AMD
    EPYC (Zen 4)."""
    return {key: value for key, value in os.environ.items()
            if key != "PYTHONDONTWRITEBYTECODE"}


def import_time() -> float:
    """The median seconds of a fresh Python running `import hopfield_edu`, its own start
    included, its bytecode warm (the warm-up run writes it). (That the import compiles no kernel
    is a unit test: tests/test_cold_start.py.)"""
    env = _with_bytecode()
    return median_seconds(lambda: subprocess.run([sys.executable, "-c", "import hopfield_edu"],
                                                 check=True, env=env), clock=time.perf_counter)


def notebooks(quick: bool) -> list[Path]:
    """Every notebook that `make test` runs; a quick check takes one that compiles kernels."""
    if quick:
        return [ROOT / "notebooks" / "03_hopfield_network.ipynb"]
    return sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "solutions").glob("*.ipynb")])


def table(times: list[NotebookTime]) -> list[str]:
    lines = [f"| notebook | cold cache | warm cache | kernel CPU, cold / warm | kernels compiled "
             f"| under {COLD_TARGET:g} s / {WARM_TARGET:g} s |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for t in times:
        lines.append(f"| {t.path.relative_to(ROOT)} | {t.cold:.1f} s | {t.warm:.1f} s | "
                     f"{t.cold_cpu:.1f} s / {t.warm_cpu:.1f} s | {t.compiled} | "
                     f"{'yes' if t.met else '**NO**'} |")
    return lines


def warnings(times: list[NotebookTime]) -> list[str]:
    """One line for every notebook that missed a target."""
    return [f"WARNING: target missed: {t.path.relative_to(ROOT)} took {t.cold:.1f} s cold and "
            f"{t.warm:.1f} s warm; the targets are {COLD_TARGET:g} s and {WARM_TARGET:g} s"
            for t in times if not t.met]


def import_line(seconds: float) -> str:
    met = "yes" if seconds < IMPORT_TARGET else "**NO**"
    return (f"`import hopfield_edu` in a fresh process: {seconds:.2f} s (median of 5, Python's "
            f"start included; it compiles no kernel); target under {IMPORT_TARGET:g} s: {met}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one notebook, to check the tool")
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all)")
    args = parser.parse_args()
    times = []
    for path in [p.resolve() for p in args.paths] or notebooks(args.quick):
        times.append(time_notebook(path))
        print(table(times)[-1], flush=True)
    print("\n".join(table(times)))
    print(import_line(import_time()))
    for line in warnings(times):
        print(line)


if __name__ == "__main__":
    main()
