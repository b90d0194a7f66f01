"""Shared test set-up: an off-screen matplotlib, a summary of the notebook cells nbval ran, and
of the notebooks whose figures tests/stored_outputs.py could not compare pixel for pixel."""

import sys
from collections import Counter
from pathlib import Path

import matplotlib
import pytest
from hypothesis import settings
from stored_outputs import WEAKER

matplotlib.use("Agg")

# tools/public_api.py lists the public names that the guards walk
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

# Property-based tests draw the same examples on every run and write no example database, so a
# run is reproducible and leaves nothing behind.
settings.register_profile("course", derandomize=True, database=None, deadline=None,
                          max_examples=60)
settings.load_profile("course")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def pytest_terminal_summary(terminalreporter):
    """List every notebook nbval ran, with how many of its cells passed and failed."""
    counts = {outcome: Counter() for outcome in ("passed", "failed")}
    for outcome in counts:
        for report in terminalreporter.stats.get(outcome, []):
            path, _, _ = getattr(report, "nodeid", "").partition("::")
            if path.endswith(".ipynb") and report.when == "call":
                counts[outcome][path] += 1
    notebooks = sorted(set(counts["passed"]) | set(counts["failed"]))
    if notebooks:
        terminalreporter.section("nbval: cells checked per notebook")
        for path in notebooks:
            terminalreporter.line(f"{path}: {counts['passed'][path]} passed, "
                                  f"{counts['failed'][path]} failed")

    weaker = sorted((report.nodeid.partition("::")[0], value)
                    for outcome in ("passed", "failed")
                    for report in terminalreporter.stats.get(outcome, [])
                    if report.when == "call"
                    for name, value in getattr(report, "user_properties", [])
                    if name == WEAKER)
    if weaker:
        terminalreporter.section("figures compared as present, not pixel for pixel")
        for notebook, why in weaker:
            terminalreporter.line(f"{notebook}: {why}")
