"""The shape of the code between apps, read from the source with ``ast`` (no import is executed).

Every ``.py`` file of the library apps (``catalog``, ``checkout``, ``checkout.payments``, ``cms``, ``themes``) and of
the reference shop (``shop``) is parsed, and each of these counts as a dependency of the file's app on another app:

- an ``import``/``from ... import`` at module level **or inside a function** (hiding an import in a function does
  not remove the dependency, it only hides it), ``if TYPE_CHECKING:`` blocks included;
- ``importlib.import_module("...")`` and ``import_string("...")`` with a literal dotted path;
- ``apps.get_model("<app_label>", ...)`` with a literal app label (a dependency through the app registry), outside
  migrations.

Migrations are included for their imports: a migration that imports another app's code is a real dependency of
the installed app. Their ``apps.get_model`` calls are not counted: those are historical models of the migration
graph, whose dependencies Django checks itself (``catalog.0006`` reads ``cms`` and ``checkout`` tables only when
those apps are installed, ``LookupError`` otherwise). The apps' ``tests`` packages are not read: tests exercise the
apps together (checkout's tests build storefront pages), and they are not what a project installing one app
depends on.

The rules (docs/architecture.md, "Dependency direction"):

- no cycle between apps;
- the library apps never import ``shop``;
- ``catalog`` never imports ``cms`` (storefronts hang off ``catalog.signals.store_provisioned``);
- ``checkout`` never imports ``checkout.payments`` (what it needs goes through ``checkout.payment_port``);
- the edges between apps are exactly the documented ones (a new one is a decision: change the doc and this test).

Pinned alongside, as lists that may only shrink: the catalog's ORM lookups through cms's ``Store.storefront``
relation (a dependency no import shows), the function-level imports the library keeps (each with its reason), and
the functions longer than 60 lines.
"""

from __future__ import annotations

import ast
import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ("catalog", "checkout", "checkout.payments", "checkout.payouts", "cms", "themes")
APPS = ("checkout.payments", "checkout.payouts", "catalog", "checkout", "cms", "themes", "shop")  # most specific first
APP_LABELS = {
    "catalog": "catalog",
    "checkout": "checkout",
    "payments": "checkout.payments",
    "payouts": "checkout.payouts",
    "cms": "cms",
    "themes": "themes",
    "shop": "shop",
}

# app -> the apps it may import. docs/architecture.md draws the same graph.
ALLOWED_EDGES = {
    "catalog": set(),
    "checkout": {"catalog"},
    "checkout.payments": {"checkout", "catalog"},
    "checkout.payouts": {"checkout", "catalog"},
    "cms": {"catalog", "themes"},
    "themes": set(),
    "shop": {"catalog", "checkout", "checkout.payments", "checkout.payouts", "cms", "themes"},
}

# Function-level imports the library keeps, as "path::function: import", each for a reason:
# - ``AppConfig.ready``: modules that import models (signal receivers, checks, the payment port, the admin form-field
#   override of ``catalog.admin_links``, which must precede the redirects app building its form) can only be
#   imported once the app registry is ready;
# - ``checkout/tasks.py``: the services enqueue the tasks (module level, services -> tasks); the task that runs a
#   service imports it when it runs (tasks -> services), so neither module needs the other half-initialised.
# A new entry needs a reason here: never to dodge an import cycle between apps. An entry whose import is gone is
# removed (the list is exact).
ALLOWED_FUNCTION_LEVEL_IMPORTS = {
    "catalog/apps.py::CatalogConfig.ready: from . import admin_links, checks, db_statistics, signal_handlers, spreadsheet",
    "checkout/apps.py::CheckoutConfig.ready: from . import feed_shipping, review_selectors",
    "checkout/apps.py::CheckoutConfig.ready: from .services import cart, digests, expiry",
    "checkout/payments/apps.py::PaymentsConfig.ready: from . import port",
    "checkout/payouts/apps.py::PayoutsConfig.ready: from . import receivers",
    "checkout/payouts/apps.py::PayoutsConfig.ready: from .services import batches",
    "cms/apps.py::CmsConfig.ready: from . import image_limits, provisioning, signal_handlers",
    "checkout/tasks.py::release_expired_reservations_task: from .services.expiry import release_expired_reservations",
}

# The catalog's queries that follow the reverse relation ``Store.storefront`` (declared by ``cms.StorefrontPage``):
# a dependency on cms that no import shows (docs/architecture.md). Counted per file; they may only shrink.
CATALOG_LOOKUPS_INTO_CMS = {"catalog/selectors.py": 7, "catalog/services/listings.py": 3}
STOREFRONT_LOOKUP = re.compile(r"(^|__)storefront(__|$)")

MAX_FUNCTION_LINES = 60
# Functions of the library longer than MAX_FUNCTION_LINES today, with their length: each may only shrink, and the
# list empties as they are split (issue 12, "the knots"). Nothing may be added.
LONG_FUNCTIONS_ALLOWED: dict[str, int] = {}  # empty: no function of the library is over the limit


@dataclass(frozen=True)
class Edge:
    source: str  # app
    target: str  # app
    where: str  # path:line
    what: str  # the statement

    def __str__(self):
        return f"{self.where}: {self.what}  ({self.source} -> {self.target})"


def app_of(module: str) -> str | None:
    for app in APPS:
        if module == app or module.startswith(app + "."):
            return app
    return None


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files():
    for top in ("catalog", "checkout", "cms", "themes", "shop"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "tests" not in path.relative_to(ROOT).parts:
                yield path


def imported_modules(node: ast.AST, module: str, is_package: bool) -> list[str]:
    """The dotted modules an import statement (or a call that imports by name) reaches."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            package = module.split(".") if is_package else module.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join(package + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        # ``from checkout import payments`` reaches ``checkout.payments``: try each name as a submodule too.
        return [base] + [f"{base}.{alias.name}" for alias in node.names]
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        value = node.args[0].value
        if not isinstance(value, str):
            return []
        if name in ("import_module", "import_string"):
            return [value]
        if name == "get_model" and ".migrations." in f".{module}.":
            return []  # historical models: the migration graph's business
        if name == "get_model" and value in APP_LABELS:
            return [APP_LABELS[value]]
        if name == "get_model" and "." in value:  # get_model("catalog.Product")
            label = value.split(".")[0]
            return [APP_LABELS[label]] if label in APP_LABELS else []
    return []


def target_app(modules: list[str]) -> str | None:
    """The most specific app among the modules a statement reaches (``checkout.payments`` over ``checkout``)."""
    found = [app_of(m) for m in modules if app_of(m)]
    return max(found, key=len) if found else None


@functools.cache
def import_edges() -> tuple[Edge, ...]:
    edges = []
    for path in source_files():
        module = module_name(path)
        source = app_of(module)
        rel = path.relative_to(ROOT)
        for node in ast.walk(ast.parse(path.read_text(), filename=str(rel))):
            target = target_app(imported_modules(node, module, path.name == "__init__.py"))
            if target and target != source:
                edges.append(Edge(source, target, f"{rel}:{node.lineno}", ast.unparse(node)))
    return tuple(edges)


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as [a, b, ..., a], or None."""
    visiting, done = [], set()

    def visit(node):
        if node in visiting:
            return visiting[visiting.index(node) :] + [node]
        if node in done:
            return None
        visiting.append(node)
        for nxt in sorted(graph.get(node, ())):
            cycle = visit(nxt)
            if cycle:
                return cycle
        visiting.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        cycle = visit(start)
        if cycle:
            return cycle
    return None


def report(edges) -> str:
    return "\n" + "\n".join(str(e) for e in edges)


# --- the import graph ------------------------------------------------------------------------------------------------


def test_the_import_graph_is_read_from_every_source_file():
    edges = import_edges()
    assert len(list(source_files())) > 100
    # Known edges, found whatever form the import takes (module level, in a function, through the app registry).
    pairs = {(e.source, e.target) for e in edges}
    assert {
        ("cms", "catalog"),
        ("cms", "themes"),
        ("checkout", "catalog"),
        ("checkout.payments", "checkout"),
    } <= pairs


def test_no_import_cycle_between_apps():
    edges = import_edges()
    graph = defaultdict(set)
    for edge in edges:
        graph[edge.source].add(edge.target)
    cycle = find_cycle(graph)
    if cycle:
        lines = []
        for step in zip(cycle[:-1], cycle[1:], strict=True):
            found = [e for e in edges if (e.source, e.target) == step]
            lines += [str(e) for e in found[:3]] + (
                [f"... and {len(found) - 3} more"] if len(found) > 3 else []
            )
        raise AssertionError(f"import cycle {' -> '.join(cycle)}:\n" + "\n".join(lines))


def test_the_library_never_imports_the_reference_shop():
    offenders = [e for e in import_edges() if e.source in LIBRARY and e.target == "shop"]
    assert not offenders, report(offenders)


def test_catalog_never_imports_cms():
    offenders = [e for e in import_edges() if e.source == "catalog" and e.target == "cms"]
    assert not offenders, report(offenders)


def test_checkout_never_imports_the_payment_app():
    offenders = [e for e in import_edges() if e.source == "checkout" and e.target == "checkout.payments"]
    assert not offenders, report(offenders)


def test_the_edges_between_apps_are_the_documented_ones():
    offenders = [e for e in import_edges() if e.target not in ALLOWED_EDGES[e.source]]
    assert not offenders, "not in docs/architecture.md's dependency graph:" + report(offenders)


def test_the_checker_sees_an_import_hidden_in_a_function():
    tree = ast.parse("def provision():\n    from cms.models import StorefrontPage\n")
    reached = [
        target_app(imported_modules(node, "catalog.services.stores", False)) for node in ast.walk(tree)
    ]
    assert "cms" in reached
    relative = ast.parse("from .. import payments\n").body[0]
    assert target_app(imported_modules(relative, "checkout.services.cart", False)) == "checkout.payments"
    by_name = ast.parse("apps.get_model('cms', 'StorefrontPage')\nimport_string('shop.urls')\n")
    calls = [n for n in ast.walk(by_name) if isinstance(n, ast.Call)]
    assert [target_app(imported_modules(c, "catalog.x", False)) for c in calls] == ["cms", "shop"]
    assert find_cycle({"catalog": {"cms"}, "cms": {"catalog", "themes"}}) == ["catalog", "cms", "catalog"]
    assert find_cycle(ALLOWED_EDGES) is None


def test_the_catalog_follows_cms_relations_only_where_listed():
    found = defaultdict(list)
    for path in source_files():
        rel = path.relative_to(ROOT)
        if rel.parts[0] != "catalog" or "migrations" in rel.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            text = node.value if isinstance(node, ast.Constant) else getattr(node, "arg", None)
            if isinstance(text, str) and STOREFRONT_LOOKUP.search(text):
                found[rel.as_posix()].append(f"{rel}:{node.lineno} {text}")
    grown = [
        line
        for file, lines in found.items()
        if len(lines) > CATALOG_LOOKUPS_INTO_CMS.get(file, 0)
        for line in lines
    ]
    assert not grown, "the catalog reaches into cms's StorefrontPage through the ORM:\n" + "\n".join(grown)


# --- function-level imports and long functions -------------------------------------------------------------------------


def functions_in(node, path: str, prefix: str = ""):
    """(path, qualified name, node) of every function under ``node``, nested ones and methods included."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield path, prefix + child.name, child
            yield from functions_in(child, path, f"{prefix}{child.name}.")
        elif isinstance(child, ast.ClassDef):
            yield from functions_in(child, path, f"{prefix}{child.name}.")
        else:
            yield from functions_in(child, path, prefix)


def library_functions():
    """Every function of the library apps, migrations and tests aside."""
    for path in source_files():
        rel = path.relative_to(ROOT)
        if rel.parts[0] != "shop" and "migrations" not in rel.parts:
            yield from functions_in(ast.parse(path.read_text()), rel.as_posix())


def own_imports(func):
    """The import statements in a function's body; a nested function's or class's are listed under its own name."""
    stack = list(func.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))


def function_level_imports():
    return {
        (f"{path}::{name}: {ast.unparse(node)}", f"{path}:{node.lineno}")
        for path, name, func in library_functions()
        for node in own_imports(func)
    }


def test_function_level_imports_are_only_the_listed_ones():
    new = sorted(
        f"{where}  {key}"
        for key, where in function_level_imports()
        if key not in ALLOWED_FUNCTION_LEVEL_IMPORTS
    )
    assert not new, (
        "import at module level, or list it with its reason in ALLOWED_FUNCTION_LEVEL_IMPORTS:\n"
        + "\n".join(new)
    )
    gone = ALLOWED_FUNCTION_LEVEL_IMPORTS - {key for key, _where in function_level_imports()}
    assert not gone, f"remove these from ALLOWED_FUNCTION_LEVEL_IMPORTS, their imports are gone: {sorted(gone)}"


def test_no_function_of_the_library_is_longer_than_60_lines_except_the_listed_ones_which_only_shrink():
    problems = []
    for path, name, func in library_functions():
        key, length = f"{path}::{name}", func.end_lineno - func.lineno + 1
        if length > LONG_FUNCTIONS_ALLOWED.get(key, MAX_FUNCTION_LINES):
            problems.append(
                f"{path}:{func.lineno} {name} is {length} lines (limit {LONG_FUNCTIONS_ALLOWED.get(key, MAX_FUNCTION_LINES)})"
            )
    assert not problems, "\n".join(problems)
