"""Signals of the order domain, sent inside the transaction of the change they report (with the order locked), so
a receiver that writes rows (the payout ledger) commits or rolls back with the change itself.

- ``order_status_changed(sender=Order, order, from_status, to_status, event)``: every move of the state machine
  (``services.orders.transition``); ``event`` is the ``OrderEvent`` that records it.
- ``order_refunded(sender=Order, order, amount, chargeback, event)``: money returned to the buyer was recorded on the
  order (``services.orders.apply_refund``); ``chargeback`` is True when the card's bank took it back (a dispute),
  ``event`` the ``OrderEvent`` that records it (one per refund: receivers use its pk to post once).
"""

from django.dispatch import Signal

order_status_changed = Signal()
order_refunded = Signal()
