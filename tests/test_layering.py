"""The apps import downward only, and no two modules import each other.

Every module under src/dxtrack is parsed (nothing is imported or run), and every `import`
counts wherever it is written, inside functions too: a function-level import is still a
dependency, only a later one. Imports under `if TYPE_CHECKING:` are left out: they name a
type for the checker and never run.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "dxtrack"

# Lowest first; an app may import its own modules and those of its layer or below.
LAYERS: list[set[str]] = [
    {
        "accounts",
        "audit",
        "vn_text",
        "sheet_text",
        "timestamps",
        "office",
        "collector",
        "kept",
        "compiled",
        "prepared",
        "postgresql",
    },
    {"agencies"},
    {"plans"},
    {"ingest"},
    {"reporting"},
    {"consolidation"},
    {"documents"},
    {"dashboard", "portal", "forecasting", "exchange", "operations"},
    {"web", "api"},
    {"cli", "settings", "urls", "wsgi", "dxtrack"},
]
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    line: int
    target: str  # the module imported


def module_name(path: Path, root: Path) -> str:
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_of(module: str) -> str:
    """`dxtrack.plans.services` → plans; `dxtrack.cli` → cli; `dxtrack` → dxtrack."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST):
    """Every import statement, at any depth, except those under `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def imports_of(root: Path) -> tuple[set[str], list[Import]]:
    """The package's modules and the imports between them (each to the module named)."""
    paths = {module_name(path, root): path for path in sorted(root.rglob("*.py"))}
    found = []
    for module, path in paths.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in _import_nodes(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                # `from package import module` imports the module; `from module import name`
                # the module itself.
                names = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in paths else base
                    for alias in node.names
                ]
            for name in names:
                while name and name not in paths:
                    name = name.rpartition(".")[0]
                if name and name != module:
                    found.append(Import(module=module, line=node.lineno, target=name))
    unique = sorted(set(found), key=lambda i: (i.module, i.line, i.target))
    return set(paths), unique


def upward_imports(found: list[Import]) -> list[str]:
    return [
        f"{i.module}:{i.line} imports {i.target} ({app_of(i.target)} is above {app_of(i.module)})"
        for i in found
        if RANK[app_of(i.target)] > RANK[app_of(i.module)]
    ]


def import_cycles(modules: set[str], found: list[Import]) -> list[list[str]]:
    """Each set of modules that import one another, directly or through others (Tarjan)."""
    edges: dict[str, set[str]] = {module: set() for module in modules}
    for i in found:
        edges[i.module].add(i.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so a deep chain of imports cannot exhaust the recursion limit.
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return cycles


# ------------------------------------------------------------------ the project's own code


@pytest.fixture(scope="module")
def project():
    return imports_of(SOURCE)


def test_every_app_has_a_place_in_the_layers(project):
    modules, _found = project

    assert {app_of(module) for module in modules} - set(RANK) == set()


def test_no_module_imports_a_higher_app(project):
    _modules, found = project

    assert upward_imports(found) == []


def test_no_modules_import_each_other(project):
    modules, found = project

    assert import_cycles(modules, found) == []


# ------------------------------------------------------------------ the checks themselves


def _package(root: Path, files: dict[str, str]) -> Path:
    package = root / "dxtrack"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_an_import_inside_a_function_counts_and_one_for_type_checking_does_not(tmp_path):
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            "plans/__init__.py": "",
            "plans/services.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n"
                "    from dxtrack.ingest.readers import Document\n"
                "def revision():\n"
                "    from dxtrack.reporting.models import TaskUpdate\n"
                "    return TaskUpdate\n"
            ),
            "ingest/__init__.py": "",
            "ingest/readers.py": "from dxtrack.plans import services\n",
            "reporting/__init__.py": "",
            "reporting/models.py": "",
        },
    )

    modules, found = imports_of(package)

    assert upward_imports(found) == [
        "dxtrack.plans.services:5 imports dxtrack.reporting.models (reporting is above plans)"
    ]
    assert import_cycles(modules, found) == []


def test_modules_that_import_each_other_through_a_third_are_a_cycle(tmp_path):
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            "ingest/__init__.py": "",
            "ingest/readers.py": (
                "def read():\n    from .xlsx_reader import read_xlsx\n    return read_xlsx\n"
            ),
            "ingest/xlsx_reader.py": "from dxtrack.ingest.sheets import Sheet\n",
            "ingest/sheets.py": "from dxtrack.ingest import readers\n",
        },
    )

    modules, found = imports_of(package)

    assert upward_imports(found) == []
    assert import_cycles(modules, found) == [
        ["dxtrack.ingest.readers", "dxtrack.ingest.sheets", "dxtrack.ingest.xlsx_reader"]
    ]
