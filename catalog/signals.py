"""Signals the catalog offers to other apps."""

from django.dispatch import Signal

# Stock availability changed without a Stock/Reservation ``save()`` (bulk ``update()`` in the order services:
# allocation, release, shipping). Sent with ``stock_ids``; the page cache listens (``cms.signal_handlers``), and so do
# the listing rows and the restock alerts (``catalog.signal_handlers``). A move that only takes units (a placement's
# reservations) also sends ``units_left`` (stock pk -> units still free): the listing flags then follow only the rows
# left at zero, and restock alerts, which wait for units to come back, are not looked at.
stock_changed = Signal()

# A store was given its editors' group, image collection and permissions (``catalog.services.stores.
# provision_store``). Sent with ``store``, inside provisioning's transaction: a receiver adds what its app keeps
# per store (``cms.provisioning`` creates the storefront page and grants the group its page permissions), and a
# ``ValidationError`` it raises undoes the whole provisioning. ``provision_store`` is idempotent, so receivers
# must be too. The catalog itself knows nothing of pages: this is how the dependency runs cms -> catalog.
store_provisioned = Signal()

# The published reviews of a product changed (a review written, hidden or shown again, a store's reply). Sent with
# ``product_id`` by the app that keeps reviews (``checkout.services.reviews``); the page cache listens
# (``cms.signal_handlers``), so the product page shows the change at once.
product_reviews_changed = Signal()

# A curator approved a store application and the store was provisioned (``catalog.services.applications.
# approve_application``). Sent with ``application``, ``store`` and ``reviewer``, inside the approval's transaction:
# the payout app turns the application's bank account into a payout account change waiting for an administrator
# (``checkout.payouts.receivers``), so the bank details an applicant typed are not typed again.
store_application_approved = Signal()

# Products were written in bulk (``catalog.services.product_writer``: an import), without a ``save()`` per row.
# Sent with ``product_ids``, inside the transaction; the page cache listens (``cms.signal_handlers``). Listing rows
# are already refreshed when it is sent.
products_changed = Signal()

# A store's shipping rates changed (a rate added, edited or deleted). Sent with ``store_id`` by the app that keeps
# the rates (``checkout.feed_shipping``); the page cache listens (``cms.signal_handlers``), so the product feeds,
# whose ``g:shipping`` comes from the rates (``catalog.shipping_offers``), get a new ETag.
shipping_rates_changed = Signal()
