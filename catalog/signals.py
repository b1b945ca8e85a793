"""Signals the catalog offers to other apps."""

from django.dispatch import Signal

# Stock availability changed without a Stock/Reservation ``save()`` (bulk ``update()`` in the order services:
# allocation, release, shipping). Sent with ``stock_ids``; the page cache listens (``cms.signal_handlers``).
stock_changed = Signal()
