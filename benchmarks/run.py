#!/usr/bin/env python3
"""`make bench`: every benchmark in benchmarks/, one table, written to benchmarks/RESULTS.md.

Runs the workloads of each bench_*.py (hopfield_edu against a plain NumPy reference, in this
process), fits how their time grows with size, and times the cold start of every notebook and
of the import (cold_start.py). Prints each table as it is measured, then writes them all, with
a description of the machine, to RESULTS.md. A --quick run uses smaller sizes and fewer
repeats to check the machinery; it writes nothing unless given --output.

A subset (--only ising boltzmann cold_start) runs only the benchmarks named and, like --quick,
writes nothing unless given --output: RESULTS.md always holds a whole run.

Usage: python benchmarks/run.py [--quick] [--only NAME ...] [--output PATH]
"""

from __future__ import annotations

import argparse
import importlib
import time
from pathlib import Path

import cold_start
from harness import growth_table, load_average, machine, results_table, warnings

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smaller sizes, fewer repeats, one notebook: not a result")
    parser.add_argument("--output", type=Path,
                        help="where to write the tables (default: RESULTS.md, unless --quick)")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="run only these: bench_NAME.py, and cold_start for the notebooks")
    args = parser.parse_args()
    output = args.output or (None if args.quick or args.only else HERE / "RESULTS.md")
    chosen = lambda name: not args.only or name in args.only  # noqa: E731
    started = time.perf_counter()
    description = machine()
    print("\n".join(description), flush=True)

    results, growth = [], []
    for path in sorted(HERE.glob("bench_*.py")):
        if not chosen(path.stem.removeprefix("bench_")):
            continue
        print(f"\n{path.name}", flush=True)
        more_results, more_growth = importlib.import_module(path.stem).run(args.quick)
        print("\n".join(results_table(more_results)[2:] + growth_table(more_growth)[2:]),
              flush=True)
        for line in warnings(more_results):
            print(line, flush=True)
        results += more_results
        growth += more_growth

    print("\ncold start", flush=True)
    notebooks = []
    for path in cold_start.notebooks(args.quick) if chosen("cold_start") else []:
        notebooks.append(cold_start.time_notebook(path))
        print(cold_start.table(notebooks)[-1], flush=True)
    imported = cold_start.import_line(cold_start.import_time())
    missed = warnings(results) + cold_start.warnings(notebooks)
    minutes = (time.perf_counter() - started) / 60

    report = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`python benchmarks/run.py{' --quick' if args.quick else ''}`)"
        f" in {minutes:.0f} minutes; do not edit by hand.",
        "",
        *description,
        f"- {load_average()} at the end: other work on the machine slows both columns",
        "",
        "## hopfield_edu against plain NumPy, in the same run",
        "",
        "Each time is the median of several runs after a warm-up run (Numba compiled or loaded "
        "from its cache), in CPU time of the benchmark's process, which other work on a shared "
        "machine inflates less than the wall time (`benchmarks/harness.py`). The speed-up is NumPy's time over hopfield_edu's. What each workload "
        "does, and how its NumPy reference is written, is in the docstring of its "
        "`benchmarks/bench_*.py`. `make bench` gives BLAS one thread, as the kernels use one "
        "core.",
        "",
        *results_table(results),
        "",
        *([f"**{line}**" for line in missed] + [""] if missed else []),
        "## How the time grows with size",
        "",
        "The exponent is the slope of log(time) against log(size), by least squares. A fixed "
        "cost per call (input checks, Python) flattens it at the smallest sizes.",
        "",
        *growth_table(growth),
        "",
        "## Cold start",
        "",
        "Each notebook in a new kernel, first with an empty Numba cache, then with the cache "
        "that run filled; kernel start included (`benchmarks/cold_start.py`). The kernel's CPU "
        "time beside the wall times is inflated less by other work on the machine.",
        "",
        *cold_start.table(notebooks),
        "",
        imported,
    ]
    print("\n" + "\n".join(report))
    for line in missed:  # last, where a reader of the terminal sees them
        print(line)
    if output is not None:
        output.write_text("\n".join(report) + "\n", encoding="utf-8")
        print(f"\nwritten to {output}")


if __name__ == "__main__":
    main()
