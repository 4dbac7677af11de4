"""The package layout: one package per stage, imports that run one way, docs that match."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import copyhound
from copyhound import compat

PACKAGE = Path(copyhound.__file__).parent
ROOT = PACKAGE.parents[1]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path) -> set[str]:
    """copyhound modules ``name`` imports anywhere in its code (functions and type checks too)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            submodules = {f"{target}.{a.name}" for a in node.names} & MODULES.keys()
            # ``from package import module`` depends on the module, not the package's names.
            found.update(submodules or {target})
    return {m for m in found if m in MODULES and m != "copyhound" and m != name}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def test_no_import_cycles():
    assert find_cycles(GRAPH) == []


def test_cycle_finder_finds_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_top_level_holds_packages_and_a_handful_of_modules():
    modules = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert modules == ["__main__", "api", "compat", "errors", "model"]
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    for stage in ("read", "normalise", "seed", "extend", "filter", "judge", "report"):
        assert stage in packages


def test_stages_depend_downwards_only():
    """No stage imports the command line, and no pipeline stage imports a later one."""
    order = ["read", "normalise", "seed", "extend", "filter", "engine", "judge", "report"]
    for name, deps in GRAPH.items():
        parts = name.split(".")
        if len(parts) < 2 or parts[1] not in order:
            continue
        here = order.index(parts[1])
        for dep in deps:
            assert not dep.startswith("copyhound.cli"), (name, dep)
            dep_stage = dep.split(".")[1]
            if dep_stage in order:
                assert order.index(dep_stage) <= here, (name, dep)


def test_architecture_doc_names_only_packages_that_exist():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`copyhound\.([a-z_.]+)`", doc))
    assert len(named) >= 12
    for dotted in named:
        assert f"copyhound.{dotted}" in MODULES, dotted
    for package in {n.split(".")[1] for n in MODULES if n.count(".") >= 1}:
        if (PACKAGE / package).is_dir():
            assert f"`copyhound.{package}`" in doc, package


@pytest.mark.parametrize("old", sorted(compat.MOVED))
def test_old_import_paths_work_and_warn(old):
    code = (
        "import warnings, importlib\nwarnings.simplefilter('always')\n"
        "import copyhound\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        f"    m = importlib.import_module({old!r})\n"
        "print(m.__name__); print(any(issubclass(x.category, DeprecationWarning) for x in w))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=120, text=True, check=True
    ).stdout.split()
    assert out == [compat.new_name(old), "True"]


def test_old_submodule_path_is_the_same_module():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old = importlib.import_module("copyhound.formats.docx")
    assert old is importlib.import_module("copyhound.read.formats.docx")
    assert old.__name__ == "copyhound.read.formats.docx"


def test_engine_names_from_the_old_judge_module_warn():
    import copyhound.judge as judge
    from copyhound.engine import lexical_kind

    with pytest.warns(DeprecationWarning, match="copyhound.engine.lexical_kind"):
        assert judge.lexical_kind is lexical_kind


def test_python_dash_m_copyhound_runs_the_cli():
    out = subprocess.run(
        [sys.executable, "-m", "copyhound", "--version"],
        capture_output=True,
        timeout=120,
        text=True,
    )
    assert out.returncode == 0 and "copyhound" in out.stdout


def test_python_docx_is_a_test_dependency_only():
    """The .docx reader parses the parts with lxml; python-docx only makes the tests'
    documents, so it is in the ``test`` extra and no module of the package imports it."""
    import tomllib

    importers = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                top = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                top = {(node.module or "").split(".")[0]}
            else:
                continue
            if "docx" in top:
                importers.append(name)
    assert importers == []
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(d.startswith("python-docx") for d in project["dependencies"])
    assert any(d.startswith("python-docx") for d in project["optional-dependencies"]["test"])
