"""What every benchmark shares: one way to time a workload, one row of the table, one fit of a
growth exponent, and the description of the machine.

A workload is timed by running it once to warm up (Numba compiles, or loads its cache; NumPy
touches its memory), then several more times; the median of those runs is its time. The time is
the CPU time of this process (every workload runs on one core, BLAS given one thread by `make
bench`), which other work on a shared machine inflates far less than the wall time: while other
processes hold the cores, the wall clock runs on and the process's clock does not. Every
benchmark times hopfield_edu and a plain NumPy reference in the same process, one after the
other, so that both see the same machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Callable

import numba
import numpy as np


def median_seconds(work: Callable[[], object], *, repeats: int = 5, warmup: int = 1,
                   clock: Callable[[], float] = time.process_time) -> float:
    """The median time of ``repeats`` calls of ``work``, after ``warmup`` untimed calls, by
    ``clock``: this process's CPU time, unless told otherwise (a workload that waits for
    another process needs the wall clock, time.perf_counter).

    When ``work`` returns a number, how much it did (sweeps, spins flipped), each call's time
    is divided by it first: the median time per unit of work.
    """
    for _ in range(warmup):
        work()
    times = []
    for _ in range(repeats):
        start = clock()
        done = work()
        seconds = clock() - start
        times.append(seconds / done if isinstance(done, (int, float)) else seconds)
    return statistics.median(times)


@dataclass(frozen=True)
class Result:
    """One workload: hopfield_edu's time against the NumPy reference's, for the same work.

    ``ratio`` is the speed-up, NumPy's time over hopfield_edu's. ``met`` is None for a workload
    without a target; ``numpy`` (and ``ratio``) None for one that no NumPy reference runs whole
    (its module's docstring says what the rows beside it compare instead).
    """

    workload: str
    ours: float
    numpy: float | None
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return None if self.numpy is None else self.numpy / self.ours


@dataclass(frozen=True)
class Growth:
    """How hopfield_edu's time grows with the size of a workload, against the expected power."""

    workload: str
    size: str
    sizes: tuple
    seconds: tuple
    expected: float
    why: str

    @property
    def exponent(self) -> float:
        """The slope of log(time) against log(size), fitted by least squares."""
        return float(np.polyfit(np.log(self.sizes), np.log(self.seconds), 1)[0])


def duration(seconds: float) -> str:
    """Seconds in the unit that keeps 3 significant figures readable."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def results_table(results: list[Result]) -> list[str]:
    """A Markdown table of the results, one line per row."""
    lines = ["| workload | hopfield_edu | NumPy | speed-up | target | met |",
             "| --- | ---: | ---: | ---: | --- | --- |"]
    for r in results:
        met = "" if r.met is None else ("yes" if r.met else "**NO**")
        note = f" ({r.note})" if r.note else ""
        numpy, ratio = (("—", "—") if r.numpy is None
                        else (duration(r.numpy), f"{r.ratio:.3g}×"))
        lines.append(f"| {r.workload}{note} | {duration(r.ours)} | {numpy} | {ratio} | "
                     f"{r.target} | {met} |")
    return lines


def growth_table(growth: list[Growth]) -> list[str]:
    """A Markdown table of the growth fits, one line per row."""
    lines = ["| workload | size | hopfield_edu times | exponent | expected | why |",
             "| --- | --- | --- | ---: | ---: | --- |"]
    for g in growth:
        times = ", ".join(f"{n:g}: {duration(s)}" for n, s in zip(g.sizes, g.seconds))
        lines.append(f"| {g.workload} | {g.size} | {times} | {g.exponent:.2f} | "
                     f"{g.expected:g} | {g.why} |")
    return lines


#: The vector extensions worth naming, in the order of /proc/cpuinfo's flags.
VECTOR_FLAGS = ("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl",
                "avx512_vpopcntdq",
                "avx512ifma", "avx512vbmi", "avx512_vnni", "avx512_bf16", "avx512_fp16",
                "amx_tile", "asimd", "sve")


def cpu_description() -> str:
    """The CPU's model name, its family, model and stepping numbers (a model name such as "AMD
    EPYC" alone does not say which generation), its vector extensions, and what Numba (LLVM)
    takes it for, which decides the instructions the kernels are compiled to."""
    fields: dict[str, str] = {}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                key, _, value = line.partition(":")
                if not line.strip():
                    break  # the first processor is enough
                fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    name = fields.get("model name") or platform.processor() or platform.machine()
    numbers = [f"{key} {fields[key]}" for key in ("cpu family", "model", "stepping")
               if key in fields]
    flags = set((fields.get("flags") or fields.get("Features") or "").split())
    vector = [flag for flag in VECTOR_FLAGS if flag in flags]
    try:
        import llvmlite.binding as llvm
        target = f"; Numba compiles for `{llvm.get_host_cpu_name()}`"
    except (ImportError, RuntimeError):
        target = ""
    return (f"{name}" + (f" ({', '.join(numbers)})" if numbers else "")
            + f"; vector extensions: {' '.join(vector) or 'none found'}{target}")


def warnings(results: list[Result]) -> list[str]:
    """One line for every workload that missed its target."""
    return [f"WARNING: target missed: {r.workload}{f' ({r.note})' if r.note else ''}: "
            f"{duration(r.ours)}"
            + ("" if r.ratio is None else f", {r.ratio:.3g}× as fast as its reference")
            + f"; the target is {r.target}"
            for r in results if r.met is False]


def machine() -> list[str]:
    """The machine and software the numbers were measured on, as Markdown list items."""
    cpu = cpu_description()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{blas['name']} {blas.get('version', '')}".strip()
    except (TypeError, KeyError):  # NumPy before 1.26
        blas = "unknown"
    threads = [f"{name}={os.environ[name]}" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")
               if name in os.environ] or ["its default number of threads"]
    return [f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
            f"- CPU: {cpu}, {usable} cores usable ({os.cpu_count()} in the machine)",
            f"- system: {platform.platform()}",
            f"- Python {platform.python_version()}, NumPy {np.__version__} (BLAS: {blas}, "
            f"{', '.join(threads)}), Numba {numba.__version__}",
            f"- {load_average()} at the start"]


def load_average() -> str:
    """The system's load average: near 0 on an idle machine, near the core count when busy."""
    if not hasattr(os, "getloadavg"):
        return "load average unknown"
    return "load average (1, 5, 15 min) " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(run: Callable[[bool], tuple[list[Result], list[Growth]]], doc: str) -> None:
    """Run one benchmark module on its own and print its tables."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smaller sizes and fewer repeats: checks the machinery, not a result")
    results, growth = run(parser.parse_args().quick)
    print("\n".join(results_table(results)))
    for line in warnings(results):
        print(line, file=sys.stderr)
    if growth:
        print()
        print("\n".join(growth_table(growth)))
    sys.stdout.flush()
