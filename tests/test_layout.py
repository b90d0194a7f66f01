"""The library's layout keeps its promises: an API reference in step with ``__all__``, modules of a
readable size, no module reaching into another's private names, notebooks that use the public
API and draw patterns with the course's plot functions."""

import ast
import json
from pathlib import Path

import make_api
import public_api
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hopfield_edu"
MODULES = sorted(PACKAGE.rglob("*.py"))
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb"),
                    *ROOT.glob("exercises/*.ipynb")])
#: The package-private modules: shared inside the package, never imported by a notebook.
PRIVATE_MODULES = {"_validate", "_kernels", "_images", "_blocks"}
LONGEST = 420  # lines: "no module over about 400"


def test_the_api_reference_is_in_step_with_the_docstrings():
    text = make_api.render()
    assert (ROOT / "docs" / "api.md").read_text(encoding="utf-8") == text, (
        "docs/api.md is out of date: run python tools/make_api.py")
    for entry in public_api.entries():
        assert entry.name.split(".")[-1] in text


def test_every_public_name_has_a_docstring():
    missing = [entry.name for entry in public_api.entries()
               if entry.kind != "constant" and not (entry.obj.__doc__ or "").strip()]
    assert not missing


def test_the_readme_names_every_public_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = next(line for line in readme.splitlines() if line.startswith("| `hopfield_edu/`"))
    for module in public_api.public_modules()[1:]:
        top = module.__name__.split(".")[1]
        assert f"`{top}`" in layout, top


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_about_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= LONGEST


def _private_uses(tree: ast.AST, own: str):
    """Underscore names this code takes from another hopfield_edu module, as (line, name)."""
    imported_modules = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").lstrip(".") != "":
            source = node.module.split(".")[-1]
            for alias in node.names:
                if alias.name.startswith("_") and source != own:
                    yield node.lineno, f"{node.module}.{alias.name}"
                imported_modules[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom):  # from . import x
            for alias in node.names:
                imported_modules[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                imported_modules[alias.asname or alias.name.split(".")[0]] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__") and isinstance(node.value, ast.Name)
                and node.value.id in imported_modules):
            yield node.lineno, f"{node.value.id}.{node.attr}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_uses_another_modules_private_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not list(_private_uses(tree, path.stem))


def _code_cells(path: Path):
    for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        if cell["cell_type"] == "code":
            yield index, "".join(cell["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebooks_use_only_the_public_api(path):
    for index, source in _code_cells(path):
        tree = ast.parse("\n".join(line for line in source.splitlines()
                                   if not line.lstrip().startswith(("%", "!"))))
        uses = [name for _, name in _private_uses(tree, "")]
        uses += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and node.module and any(part in PRIVATE_MODULES
                                         for part in node.module.split("."))]
        assert not uses, f"cell {index}: {uses}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebooks_draw_patterns_with_the_plot_functions(path):
    """A pattern is drawn by plot_pattern(s); imshow stays for heat maps of other quantities."""
    for index, source in _code_cells(path):
        assert not ("imshow(" in source and "gray" in source), f"cell {index}"
