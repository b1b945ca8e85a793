"""Disbursement gateways by name (``OPOP_DISBURSEMENT_GATEWAY``); a project adds its own with ``register``."""

from __future__ import annotations

from collections.abc import Callable

from .base import DisbursementGateway
from .midtrans import MidtransPayouts
from .simulator import SimulatedDisbursement

_GATEWAYS: dict[str, Callable[[], DisbursementGateway]] = {
    "simulator": SimulatedDisbursement,
    "midtrans": MidtransPayouts,
}


def register(name: str, factory: Callable[[], DisbursementGateway]) -> None:
    _GATEWAYS[name] = factory


def get_disbursement_gateway(name: str) -> DisbursementGateway:
    try:
        return _GATEWAYS[name]()
    except KeyError:
        raise LookupError(f"unknown disbursement gateway {name!r}") from None
