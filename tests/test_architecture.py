"""Imports flow one way: views -> services -> models / importers / exporters."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules() -> list[tuple[str, set[str]]]:
    return [
        (path.relative_to(PACKAGE.parent).as_posix(), _imports(path))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def _uses(imports: set[str], prefix: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for name in imports)


def test_qt_only_in_views_and_composition_root() -> None:
    offenders = [
        module
        for module, imports in _modules()
        if _uses(imports, "PySide6")
        and not module.startswith("tracker/views/")
        and module != "tracker/app.py"
    ]
    assert offenders == []


def test_composition_root_imports_qt_lazily() -> None:
    tree = ast.parse((PACKAGE / "app.py").read_text(encoding="utf-8"))
    top_level = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    for node in top_level:
        module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
        assert not (module or "").startswith(("PySide6", "tracker.views"))


@pytest.mark.parametrize(
    "layer",
    [
        "tracker/importing/",
        "tracker/exporting/",
        "tracker/papers/",
        "tracker/domain.py",
        "tracker/settings.py",
        "tracker/workdays.py",
        "tracker/schedules.py",
    ],
)
def test_pure_layers_use_no_database_and_no_qt(layer: str) -> None:
    for module, imports in _modules():
        if not module.startswith(layer):
            continue
        for forbidden in (
            "sqlalchemy",
            "alembic",
            "PySide6",
            "tracker.db",
            "tracker.models",
            "tracker.services",
            "tracker.views",
        ):
            assert not _uses(imports, forbidden), f"{module} imports {forbidden}"


def test_sqlalchemy_only_in_data_layers() -> None:
    allowed = ("tracker/db/", "tracker/models/", "tracker/services/", "tracker/migrations/")
    offenders = [
        module
        for module, imports in _modules()
        if (_uses(imports, "sqlalchemy") or _uses(imports, "alembic"))
        and not module.startswith(allowed)
    ]
    assert offenders == []


def test_nothing_reaches_up_into_the_composition_root() -> None:
    """``tracker/app.py`` builds everything; views and services are handed what they need."""
    offenders = [
        module
        for module, imports in _modules()
        if module != "tracker/app.py" and _uses(imports, "tracker.app")
    ]
    assert offenders == []


def test_views_do_not_reach_into_the_database() -> None:
    for module, imports in _modules():
        if module.startswith("tracker/views/"):
            for forbidden in ("sqlalchemy", "tracker.db", "tracker.models"):
                assert not _uses(imports, forbidden), f"{module} imports {forbidden}"


def test_sqlite_specifics_live_in_one_module() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE.parent).as_posix()
        if module in ("tracker/db/sqlite.py",):
            continue
        text = path.read_text(encoding="utf-8")
        if "PRAGMA" in text or "import sqlite3" in text:
            offenders.append(module)
    assert offenders == []


def test_no_module_grows_past_six_hundred_lines() -> None:
    """A module that long holds more than one concern: split it along its seams."""
    long = {
        path.relative_to(PACKAGE.parent).as_posix(): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}
