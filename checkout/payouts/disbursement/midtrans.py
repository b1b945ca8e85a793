"""Midtrans Payouts (formerly Iris): a small client on ``requests`` (the official Python client has no Payouts API).

- ``POST {base}/api/v1/payouts`` with the creator's API key (HTTP Basic, key as user name, empty password),
  body ``{"payouts": [{beneficiary_name, beneficiary_account, beneficiary_bank, amount, notes}]}``; answer
  ``{"payouts": [{"status": "queued", "reference_no": ...}]}``. ``X-Idempotency-Key`` carries the payout's key, so a
  retry after a timeout returns the same payout instead of paying twice.
- ``POST {base}/api/v1/payouts/approve`` with the approver's key, ``{"reference_nos": [...]}`` (when the account
  needs approval; without an approver key the payout waits for approval in the Midtrans dashboard).
- ``GET {base}/api/v1/payouts/{reference_no}``: ``status`` queued / approved / processed / completed / rejected /
  failed.

Amounts are whole rupiah (Payouts pays to Indonesian banks only: IDR). The base URL comes from settings
(``MIDTRANS_PAYOUTS_BASE_URL``: sandbox ``https://app.sandbox.midtrans.com/iris``, production
``https://app.midtrans.com/iris``), so tests point it at a fake server.
"""

from __future__ import annotations

import requests
from django.conf import settings

from catalog.money import quantize

from ..errors import DisbursementError
from .base import DisbursementGateway, DisbursementResult, DisbursementState, PayoutOrder

PAYS_IN = ("IDR",)  # Midtrans Payouts disburses to Indonesian bank accounts, in rupiah only
STATES = {
    "queued": DisbursementState.QUEUED,
    "approved": DisbursementState.QUEUED,
    "processed": DisbursementState.QUEUED,
    "completed": DisbursementState.PAID,
    "rejected": DisbursementState.FAILED,
    "failed": DisbursementState.FAILED,
}


class MidtransPayouts(DisbursementGateway):
    name = "midtrans"
    currencies = frozenset({"IDR"})

    def __init__(self, *, base_url=None, creator_key=None, approver_key=None, timeout=None, session=None):
        self.base_url = (base_url or settings.MIDTRANS_PAYOUTS_BASE_URL).rstrip("/")
        self.creator_key = creator_key if creator_key is not None else settings.MIDTRANS_PAYOUTS_CREATOR_KEY
        self.approver_key = approver_key if approver_key is not None else settings.MIDTRANS_PAYOUTS_APPROVER_KEY
        self.timeout = timeout or settings.MIDTRANS_PAYOUTS_TIMEOUT
        self.session = session or requests.Session()

    def __repr__(self):  # keys never end up in logs or tracebacks
        return f"MidtransPayouts(base_url={self.base_url!r})"

    def _call(self, method: str, path: str, key: str, *, body=None, idempotency_key: str = "") -> dict:
        if not key:
            raise DisbursementError("not_configured", "no Midtrans Payouts API key")
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if idempotency_key:
            headers["X-Idempotency-Key"] = idempotency_key[:100]
        try:
            response = self.session.request(
                method, self.base_url + path, json=body, headers=headers, auth=(key, ""), timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise DisbursementError("unreachable", type(exc).__name__) from None
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.status_code >= 400:
            detail = str(data.get("error_message") or data.get("errors") or response.status_code)
            raise DisbursementError(f"http_{response.status_code}", detail[:200])
        return data

    def create(self, order: PayoutOrder) -> DisbursementResult:
        if order.currency not in PAYS_IN:
            raise DisbursementError("currency", f"Midtrans Payouts pays IDR only, not {order.currency}")
        amount = quantize(order.amount, "IDR")
        body = {
            "payouts": [
                {
                    "beneficiary_name": order.holder_name[:100],
                    "beneficiary_account": order.account_number,
                    "beneficiary_bank": order.bank_code,
                    "amount": f"{amount:.2f}",
                    "notes": order.notes[:100],
                }
            ]
        }
        data = self._call("POST", "/api/v1/payouts", self.creator_key, body=body, idempotency_key=order.idempotency_key)
        try:
            created = data["payouts"][0]
            reference = str(created["reference_no"])
        except (KeyError, IndexError, TypeError):
            raise DisbursementError("bad_answer", "no reference_no in the answer") from None
        if self.approver_key and created.get("status") == "queued":
            self._call("POST", "/api/v1/payouts/approve", self.approver_key, body={"reference_nos": [reference]},
                       idempotency_key=f"approve-{order.idempotency_key}")
        return DisbursementResult(STATES.get(created.get("status"), DisbursementState.QUEUED), reference)

    def status(self, reference: str) -> DisbursementResult:
        data = self._call("GET", f"/api/v1/payouts/{reference}", self.creator_key or self.approver_key)
        state = STATES.get(str(data.get("status", "")), DisbursementState.QUEUED)
        return DisbursementResult(state, reference, str(data.get("error_message") or "")[:255])
