"""Sales reports of the admin: revenue, orders, units, average order value and refunds of one store or of the whole
marketplace, per day, week or month, per currency; drawn as server-side SVG and exported as CSV or XLSX.

The counting rules are written once, in ``selectors`` (and explained in docs/reports.md). The package lives in the
payments app because refunds (``Refund``, with the moment each one succeeded) are the payments app's rows.
"""
