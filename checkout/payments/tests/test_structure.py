"""The shape the payments app keeps: checkout never imports it (the port and the job registry go the other way),
refund kinds are a field, not key prefixes."""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps

from checkout.payments.models import Refund, RefundKind

CHECKOUT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = ".".join(path.relative_to(CHECKOUT.parent).with_suffix("").parts[: -node.level]) if node.level else ""
            yield f"{base}.{node.module}" if base else node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_checkout_never_imports_the_payment_app_not_even_inside_a_function():
    offenders = [
        f"{path.relative_to(CHECKOUT.parent)} imports {module}"
        for path in CHECKOUT.rglob("*.py")
        if "payments" not in path.relative_to(CHECKOUT).parts and "tests" not in path.parts
        for module in imported_modules(path)
        if module.startswith("checkout.payments")
    ]
    assert offenders == []


@pytest.mark.django_db
def test_refund_kinds_come_from_the_old_key_prefixes_in_the_data_migration(idr_checkout):
    from checkout.payments.tests.conftest import open_attempt

    migration = importlib.import_module("checkout.payments.migrations.0007_refund_kind_from_key_prefix")
    attempt = open_attempt(idr_checkout)
    order = idr_checkout.orders.get()
    for key in ("rf-admin", "dup-OPOP-1-2-x-1", "auto-OPOP-1-1-x-1", "ext-7"):
        Refund.objects.create(order=order, attempt=attempt, amount=1, reason="r", refund_key=key)
    migration.kinds_from_keys(apps, None)
    assert dict(Refund.objects.values_list("refund_key", "kind")) == {
        "rf-admin": RefundKind.SHOP,
        "dup-OPOP-1-2-x-1": RefundKind.DUPLICATE_PAYMENT,
        "auto-OPOP-1-1-x-1": RefundKind.OUT_OF_STOCK,
        "ext-7": RefundKind.EXTERNAL,
    }
    assert Refund.objects.counted_on_orders().count() == 3 and Refund.objects.started_by_shop().count() == 3
