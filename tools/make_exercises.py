#!/usr/bin/env python3
"""Write the exercise notebooks in exercises/ from the complete ones in solutions/.

In a solution notebook, the code an exercise asks for stands between the nbgrader markers

    ### BEGIN SOLUTION
    ...
    ### END SOLUTION

Each such region becomes a stub, at the indentation of its BEGIN marker:

    # YOUR CODE HERE
    raise NotImplementedError()

and every output is cleared, so learners start from a clean notebook. The markers are those of
nbgrader, so an instructor can grade with it later.

Usage:
    python tools/make_exercises.py            # regenerate exercises/
    python tools/make_exercises.py --check    # fail when exercises/ is out of step
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BEGIN = re.compile(r"^(?P<indent>[ \t]*)### BEGIN SOLUTION[ \t]*$")
END = re.compile(r"^[ \t]*### END SOLUTION[ \t]*$")


def solution_regions(source: str, where: str) -> list[tuple[int, int, str]]:
    """The solution regions of a cell's source: (BEGIN line, END line, BEGIN's indentation) for
    each, lines counted from 0; unbalanced markers raise, naming ``where``."""
    regions, begin = [], None
    for number, line in enumerate(source.splitlines()):
        start = BEGIN.match(line)
        if start:
            if begin is not None:
                raise ValueError(f"{where}, line {number + 1}: BEGIN SOLUTION inside another "
                                 f"region")
            begin = (number, start["indent"])
        elif END.match(line):
            if begin is None:
                raise ValueError(f"{where}, line {number + 1}: END SOLUTION without a BEGIN")
            regions.append((begin[0], number, begin[1]))
            begin = None
    if begin is not None:
        raise ValueError(f"{where}: BEGIN SOLUTION is never closed by END SOLUTION")
    return regions


def strip_solutions(source: str, where: str) -> str:
    """Replace each solution region of a cell's source by a stub that raises."""
    lines, kept, position = source.splitlines(), [], 0
    for begin, end, indent in solution_regions(source, where):
        kept += lines[position:begin] + [f"{indent}# YOUR CODE HERE",
                                         f"{indent}raise NotImplementedError()"]
        position = end + 1
    if position == 0:
        return source
    return "\n".join(kept + lines[position:])


def exercise_from(solution: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The exercise notebook for one solution notebook: stubs in, outputs out."""
    exercise = nbformat.from_dict(solution)
    exercise.metadata.pop("widgets", None)
    regions = 0
    for index, cell in enumerate(exercise.cells):
        cell.pop("id", None)
        if cell.cell_type != "code":
            continue
        stubbed = strip_solutions(cell.source, f"{name}, cell {index}")
        regions += stubbed != cell.source
        cell.source = stubbed
        cell.outputs = []
        cell.execution_count = None
        cell.metadata.pop("execution", None)
    if regions == 0:
        raise ValueError(f"{name} has no ### BEGIN SOLUTION region: it is not an exercise")
    return exercise


def render(notebook: nbformat.NotebookNode) -> str:
    """Notebook text in the form Jupyter writes, with stable cell ids for clean diffs."""
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def expected_exercises(solutions: Path) -> dict[str, str]:
    """The text every exercise notebook should have, by file name."""
    return {path.name: render(exercise_from(nbformat.read(path, as_version=4), path.name))
            for path in sorted(solutions.glob("*.ipynb"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 when exercises/ is out of step")
    parser.add_argument("--solutions", type=Path, default=ROOT / "solutions")
    parser.add_argument("--exercises", type=Path, default=ROOT / "exercises")
    args = parser.parse_args(argv)

    expected = expected_exercises(args.solutions)
    present = {path.name for path in args.exercises.glob("*.ipynb")}
    stale = sorted(name for name, text in expected.items()
                   if not (args.exercises / name).exists()
                   or (args.exercises / name).read_text(encoding="utf-8") != text)
    orphans = sorted(present - set(expected))
    if args.check:
        for name in stale:
            print(f"exercises/{name} is out of step with solutions/{name}")
        for name in orphans:
            print(f"exercises/{name} has no solutions/{name}")
        if stale or orphans:
            print("Run `make exercises` to regenerate exercises/ from solutions/.")
            return 1
        count = len(expected)
        print(f"exercises/ is in step with solutions/ ({count} notebook{'s' * (count != 1)})")
        return 0
    args.exercises.mkdir(exist_ok=True)
    for name in stale:
        (args.exercises / name).write_text(expected[name], encoding="utf-8")
        print(f"wrote exercises/{name}")
    for name in orphans:
        (args.exercises / name).unlink()
        print(f"removed exercises/{name}, which had no solution")
    return 0


if __name__ == "__main__":
    sys.exit(main())
