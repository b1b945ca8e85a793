"""The ledger follows the orders: ``checkout.signals`` are sent inside the transaction of the change (order row
locked), so a posting commits or rolls back with it."""

from __future__ import annotations

import logging

from django.utils import timezone

from catalog.services.applications import application_bank_details
from catalog.signals import store_application_approved
from checkout.models import Order, OrderStatus
from checkout.signals import order_refunded, order_status_changed

from . import conf
from .errors import PayoutError
from .services import accounts, ledger

logger = logging.getLogger(__name__)

#: An order that ends here without having been delivered settles at once (its fee stays with the store).
CLOSED_UNDELIVERED = frozenset({OrderStatus.REFUNDED, OrderStatus.CANCELLED})


def on_status_changed(sender, order: Order, from_status: str, to_status: str, **kwargs) -> None:
    if to_status == OrderStatus.PAID:
        ledger.post_sale(order)
    elif to_status == OrderStatus.DELIVERED:
        ledger.make_payable(order, timezone.now() + conf.holding_period())
    elif to_status in CLOSED_UNDELIVERED:
        ledger.make_payable(order, timezone.now())


def on_refunded(sender, order: Order, amount, chargeback: bool = False, event=None, **kwargs) -> None:
    ledger.post_refund(order, amount, event_id=event.pk, chargeback=chargeback)


def on_application_approved(sender, application, store, reviewer, **kwargs) -> None:
    """The bank account typed on the application becomes a change waiting for an administrator's approval (a
    curator approving the store has not checked the account). One the payout rules refuse (a malformed number)
    is left out, logged: the store's setup checklist then asks the editor for it."""
    details = application_bank_details(application)
    if details is None:
        return
    values = {"bank_code": accounts.bank_code_for(details.bank), "bank_name": details.bank,
              "account_number": details.account_number, "holder_name": details.holder}
    try:
        accounts.submit_change(store, values, user=reviewer)
    except PayoutError as error:
        logger.warning("store %s: the application's bank account was not taken: %s", store.slug, error)


def connect() -> None:
    order_status_changed.connect(on_status_changed, sender=Order, dispatch_uid="payouts.order_status_changed")
    order_refunded.connect(on_refunded, sender=Order, dispatch_uid="payouts.order_refunded")
    store_application_approved.connect(on_application_approved, dispatch_uid="payouts.store_application_approved")
