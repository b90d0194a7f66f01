"""The public API of hopfield_edu, read off the modules' ``__all__``: what every guard walks.

A public module is one whose dotted path has no part starting with an underscore. A public name
is a name in a public module's ``__all__``; an object re-exported by several modules (``ising``
re-exports ``theory``'s exact results, the package its front door) is listed once, under the
shortest public module path that exports it, preferring the module it is defined in. A class
contributes its public methods, inherited ones included when they are defined in hopfield_edu,
each as ``module.Class.method``. Properties are attributes, not entries.

``python tools/public_api.py`` prints the names, one per line.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import hopfield_edu  # noqa: E402


@dataclass(frozen=True)
class Entry:
    """A public name: where it lives, and the object."""

    name: str          # "ising.simulate", "hopfield.HopfieldNetwork.recall"
    module: str        # "hopfield_edu.ising"
    obj: object
    kind: str          # "function", "class", "method", "constant"
    owner: type | None = None  # the class of a method

    @property
    def parameters(self) -> set[str]:
        """The names a caller can pass (none for a constant; ``self`` and ``cls`` left out)."""
        if self.kind == "constant":
            return set()
        try:
            parameters = inspect.signature(self.obj).parameters
        except (TypeError, ValueError):  # an exception class: takes a message
            return {"args"}
        return set(parameters) - {"self", "cls"}

    @property
    def takes_input(self) -> bool:
        """Whether a caller passes it anything: a constant or a method of ``self`` alone does not."""
        return bool(self.parameters)


def public_modules() -> list:
    """The package and every public module in it, imported."""
    modules = [hopfield_edu]
    for info in pkgutil.walk_packages(hopfield_edu.__path__, "hopfield_edu."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            modules.append(importlib.import_module(info.name))
    return modules


def _ours(obj) -> bool:
    return getattr(obj, "__module__", "").startswith("hopfield_edu")


def _home(obj, exporters: list[str]) -> str:
    """The shortest exporting module, preferring the one that defines ``obj``."""
    defined = getattr(obj, "__module__", "") or ""
    return min(exporters, key=lambda m: (m.count("."), not defined.startswith(m), m))


def entries() -> list[Entry]:
    """Every public name, once, sorted."""
    exporters: dict[int, list[str]] = {}
    objects: dict[int, tuple[str, object]] = {}
    for module in public_modules():
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            key = id(obj)
            if module is not hopfield_edu:
                exporters.setdefault(key, []).append(module.__name__)
            objects.setdefault(key, (name, obj))
    found = []
    for key, (name, obj) in objects.items():
        module = _home(obj, exporters.get(key) or ["hopfield_edu"])
        short = module.removeprefix("hopfield_edu").lstrip(".")
        label = f"{short}.{name}" if short else name
        if inspect.isclass(obj):
            found.append(Entry(label, module, obj, "class"))
            # the methods of its hopfield_edu classes, inherited ones too; read without calling
            # any descriptor (ipywidgets' class properties warn when read)
            attributes = {attribute for klass in obj.__mro__ if _ours(klass)
                          for attribute in vars(klass) if not attribute.startswith("_")}
            for attribute in sorted(attributes):
                static = inspect.getattr_static(obj, attribute)
                if isinstance(static, (staticmethod, classmethod)) or inspect.isfunction(static):
                    found.append(Entry(f"{label}.{attribute}", module,
                                       getattr(obj, attribute), "method", obj))
        elif callable(obj):
            found.append(Entry(label, module, obj, "function"))
        else:
            found.append(Entry(label, module, obj, "constant"))
    return sorted(found, key=lambda entry: entry.name)


if __name__ == "__main__":
    for entry in entries():
        print(f"{entry.name}  ({entry.kind}{'' if entry.takes_input else ', no input'})")
