#!/usr/bin/env python3
"""Write docs/api.md, the API reference, from the docstrings of every public name.

The names come from the modules' ``__all__`` (``tools/public_api.py``), each listed once under
the module a reader imports it from, with its signature and the first sentence of its
docstring. ``tests/test_api_docs.py`` fails when docs/api.md is out of date.

Usage:
    python tools/make_api.py          # write docs/api.md
    python tools/make_api.py --check  # exit 1 if docs/api.md is out of date
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import public_api  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "api.md"

HEADER = """# hopfield_edu: the API reference

Every public name of the library: what `__all__` exports, module by module, with its signature
and the first sentence of its docstring (`help(name)` in a notebook gives the rest). Written by
`python tools/make_api.py` from the docstrings; `tests/test_api_docs.py` fails when this page is
out of date, so it is always the library's own account of itself.

Conventions that hold everywhere: patterns are rows, `(n_patterns, n_neurons)`; binary states
are `int8` arrays of -1/+1 (0/1 for sparse codes); every function that draws takes `rng` (None,
an int seed or a `numpy.random.Generator`) and the same seed gives the same result; a unit whose
field is exactly zero keeps its state; results are frozen dataclasses; bad input raises a
`ValueError` (or `TypeError`) that names the argument, what it got and what was expected.
"""


def summary(obj) -> str:
    """The first paragraph of a docstring, on one line."""
    doc = inspect.getdoc(obj) or ""
    return " ".join(doc.split("\n\n")[0].split()).replace("|", "\\|")


def signature(entry) -> str:
    name = entry.name.split(".")[-1]
    if entry.kind == "constant":
        return f"{name} = {entry.obj!r}" if len(repr(entry.obj)) <= 60 else name
    try:
        full = inspect.signature(entry.obj)
    except (TypeError, ValueError):
        return name
    bare = full.replace(return_annotation=inspect.Signature.empty, parameters=[
        p.replace(annotation=inspect.Parameter.empty) for p in full.parameters.values()
        if p.name not in ("self", "cls")])
    return ("." if entry.kind == "method" else "") + name + str(bare)


def constant_comment(entry) -> str:
    """The ``#:`` comment above a constant's assignment in its module's source."""
    name = entry.name.split(".")[-1]
    for module in public_api.public_modules():
        try:
            source = inspect.getsource(module)
        except OSError:  # pragma: no cover
            continue
        match = re.search(rf"#: (.+(?:\n#: .+)*)\n{name} = ", source)
        if match:
            return " ".join(line.removeprefix("#: ") for line in match.group(1).split("\n"))
    return ""


def module_summary(module_name: str) -> str:
    return summary(sys.modules[module_name])


def render() -> str:
    entries = public_api.entries()
    modules: dict[str, list] = {}
    for entry in entries:
        modules.setdefault(entry.module, []).append(entry)
    lines = [HEADER]
    top = [e for e in entries if e.kind != "method" and e.obj in
           [getattr(sys.modules["hopfield_edu"], n) for n in sys.modules["hopfield_edu"].__all__]]
    lines.append("At the top level, `import hopfield_edu as hf` gives: "
                 + ", ".join(f"`{e.name.split('.')[-1]}`" for e in top) + ".\n")
    for module in sorted(modules):
        lines.append(f"## `{module}`\n")
        lines.append(module_summary(module) + "\n")
        lines.append("| name | what it does |")
        lines.append("| --- | --- |")
        for entry in modules[module]:
            text = f"`{signature(entry)}`".replace("|", "\\|")
            if entry.kind == "class":
                text = f"**{text}**"
            what = constant_comment(entry) if entry.kind == "constant" else summary(entry.obj)
            lines.append(f"| {text} | {what} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if docs/api.md is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print("docs/api.md is out of date: run python tools/make_api.py", file=sys.stderr)
            return 1
        print(f"docs/api.md is up to date ({text.count(chr(10) + '| `')} names)")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
