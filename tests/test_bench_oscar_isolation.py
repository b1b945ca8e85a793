"""django-oscar is a benchmark opponent (``bench/oscar``, ``bench/run.py --oscar``), never part of the shop.

Read from the source with ``ast``: no module of the apps (their tests included) imports Oscar or the packages only
Oscar brings, and ``pyproject.toml`` does not list it, so the suite runs without Oscar installed.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("catalog", "checkout", "cms", "themes", "shop", "tests")
OSCAR_ONLY = {"oscar", "haystack", "treebeard", "sorl", "whoosh", "oscar_bench_site", "oscar_bench"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_app_imports_oscar():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & OSCAR_ONLY)
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if imported_roots(path) & OSCAR_ONLY
    }
    assert offenders == {}


def test_oscar_is_not_a_dependency_of_the_shop():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + [dep for group in project.get("optional-dependencies", {}).values()
                                         for dep in group]
    assert not [dep for dep in declared if "oscar" in dep.lower()]
