"""Old import paths, kept working for one release with a ``DeprecationWarning``.

Before 0.2 every stage was a flat module (``copyhound.verdict``, ``copyhound.formats.docx``,
...). ``import copyhound`` installs a finder that serves each old name as the module it moved
to, so code written against 0.1 keeps running and is told where to look. Names of modules that
became packages (``copyhound.read``, ``copyhound.engine``, ...) need no alias: the packages
export the same public names. CHANGELOG.md lists every move.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import warnings

#: Old module -> the module it is now. A package's submodules move with it.
MOVED = {
    "copyhound.formats": "copyhound.read.formats",
    "copyhound.stopwords": "copyhound.normalise.stopwords",
    "copyhound.fingerprint": "copyhound.seed.fingerprint",
    "copyhound.wordalign": "copyhound.judge.wordalign",
    **{
        f"copyhound.{m}": f"copyhound.judge.{m}"
        for m in (
            "attribution",
            "misquote",
            "quotes",
            "references",
            "similarity",
            "source_names",
            "split",
            "structure",
            "verdict",
        )
    },
    **{
        f"copyhound.{m}": f"copyhound.semantic.{m}"
        for m in ("combine", "embed", "language", "sentences", "summary", "tfidf")
    },
    "copyhound.cli_options": "copyhound.cli.options",
    "copyhound.judge_cli": "copyhound.cli.options",
    "copyhound.semantic_cli": "copyhound.cli.options",
    "copyhound.output": "copyhound.cli.output",
    "copyhound.index_cli": "copyhound.cli.index",
    "copyhound.spark_cli": "copyhound.cli.spark",
}


def new_name(old: str) -> str | None:
    """Where an old module name now lives, or None if it did not move."""
    for prefix, target in MOVED.items():
        if old == prefix or old.startswith(prefix + "."):
            return target + old[len(prefix) :]
    return None


class _Alias:
    """A loader (duck-typed: ``importlib.abc`` costs tens of ms at start-up)."""

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec):
        warnings.warn(
            f"{spec.name} moved to {self.target}; the old name goes in 0.3",
            DeprecationWarning,
            stacklevel=4,
        )
        module = importlib.import_module(self.target)
        self._own = (module.__name__, module.__spec__, getattr(module, "__loader__", None))
        return module

    def exec_module(self, module) -> None:
        """The target module already ran; give back the name and spec the import set."""
        module.__name__, module.__spec__, module.__loader__ = self._own


class MovedModuleFinder:
    """A meta path finder for the old names (duck-typed, as ``_Alias``)."""

    def find_spec(self, fullname, path=None, target=None):
        moved = new_name(fullname)
        if moved is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _Alias(moved))


def install() -> None:
    if not any(isinstance(f, MovedModuleFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, MovedModuleFinder())  # before the path finder: no second copy
