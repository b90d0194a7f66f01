#!/usr/bin/env python3
"""The versions `make test` installs, one constraints file per Python: `make lock` writes them.

pip resolves the course with the extras the Makefile's test environment installs, as it would
install them into a fresh virtual environment (``pip install --dry-run --ignore-installed
--report``: nothing is installed), and each resolution is written to
``constraints/py<major>.<minor>.txt``, one ``name==version`` line per package. `make lab` and
`make test` install with ``-c`` that file, so every clone on that Python gets the same versions.

The Python running this script is resolved first: it is the one `make notebooks` builds .venv/
with, so its versions are those the stored outputs were made with. A newer Python is held to the
same versions wherever a version supports it (its ``Requires-Python``), pip choosing only the
rest (NumPy makes releases that only newer Pythons take). An older Python gets pip's newest
versions for it, which are the same except where a package, or one it needs, has dropped that
Python (NumPy and matplotlib have dropped 3.10, for example); holding it to the first Python's
versions would send pip's resolver backtracking through every older release instead.

The resolution is pip's on this platform (the header of each file says which): a package that
only another platform needs is not in it, and is installed there unpinned.

Usage:
    python3.11 tools/lock.py --extras lab,test,site python3.10 python3.13  # write the files
    python tools/lock.py --pip-option     # "-c constraints/py3.X.txt" for this Python, or ""
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "constraints"
PROJECT = "hopfield-edu"


def path_for(version: tuple[int, int]) -> Path:
    return FOLDER / f"py{version[0]}.{version[1]}.txt"


def canonical(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def resolve(python: str, extras: str, held: dict[str, dict]) -> tuple[str, str, list[dict]]:
    """What pip would install for ``.[extras]`` into a fresh environment of ``python``, with the
    versions in ``held`` where that Python can take them: that Python's full version, its
    platform and each package's metadata (the course itself left out)."""
    full, where = about(python)
    held = {name: version for name, version in held.items()
            if version["requires_python"] is None or admits(version["requires_python"], full)}
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as constraints:
        constraints.write("".join(f"{name}=={item['version']}\n" for name, item in held.items()))
        constraints.flush()
        result = subprocess.run(
            [python, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
             "--disable-pip-version-check", "--report", "-", "-c", constraints.name,
             f".[{extras}]"],
            capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"{python}: pip cannot resolve .[{extras}] with the first Python's "
                         f"versions where they support Python {full}:\n{result.stderr}")
    metadata = [item["metadata"] for item in json.loads(result.stdout)["install"]]
    return full, where, [item for item in metadata if canonical(item["name"]) != PROJECT]


def about(python: str) -> tuple[str, str]:
    """A Python's full version and its platform."""
    lines = subprocess.run(
        [python, "-c", "import platform, sys; print(platform.python_version()); "
                       "print(sys.platform, platform.machine())"],
        check=True, capture_output=True, text=True).stdout.split("\n")
    return lines[0], lines[1]


def admits(requires_python: str, full: str) -> bool:
    """Whether a Requires-Python specifier admits this Python version (pip's own parser when
    `packaging` is not installed)."""
    try:
        from packaging.specifiers import SpecifierSet
    except ImportError:
        from pip._vendor.packaging.specifiers import SpecifierSet

    return SpecifierSet(requires_python).contains(full, prereleases=True)


def write(full: str, where: str, extras: str, metadata: list[dict]) -> Path:
    version = tuple(int(part) for part in full.split(".")[:2])
    path = path_for(version)
    pins = sorted(f"{canonical(item['name'])}=={item['version']}" for item in metadata)
    lines = [f"# The versions `make test` installs on Python {version[0]}.{version[1]}: written by "
             f"`make lock` (tools/lock.py),",
             f"# pip's resolution of .[{extras}] for Python {full} on {where}. Do not edit.",
             *pins]
    FOLDER.mkdir(exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pythons", nargs="*", help="the interpreters to lock for")
    parser.add_argument("--extras", help="the extras the test environment installs, e.g. lab,test")
    parser.add_argument("--pip-option", action="store_true",
                        help="print pip's option for this Python's constraints file, or nothing "
                             "(and a note on stderr) when it has none")
    args = parser.parse_args(argv)
    if args.pip_option:
        path = path_for(sys.version_info[:2])
        if path.exists():
            print(f"-c {path.relative_to(ROOT)}")
        else:
            tested = ", ".join(sorted(p.stem[2:] for p in FOLDER.glob("py*.txt")))
            print(f"note: no constraints file for Python {platform.python_version()} "
                  f"(locked: {tested}); installing the newest versions pyproject.toml allows",
                  file=sys.stderr)
        return 0
    if not args.pythons or not args.extras:
        parser.error("give --extras and at least one Python to lock for")
    first, held, written = sys.version_info[:2], {}, set()
    for python in [sys.executable, *args.pythons]:
        minor = tuple(int(part) for part in about(python)[0].split(".")[:2])
        if minor in written:  # the first Python, named again
            continue
        written.add(minor)
        full, where, metadata = resolve(python, args.extras, held if minor > first else {})
        if not held:  # the first Python's versions, and what each of them supports
            held = {canonical(item["name"]): {"version": item["version"],
                                               "requires_python": item.get("requires_python")}
                    for item in metadata}
        path = write(full, where, args.extras, metadata)
        print(f"{python}: {path.relative_to(ROOT)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
