"""The Midtrans Payouts (Iris) client against a fake API (``responses``): the documented request (HTTP Basic with the
creator's key, ``X-Idempotency-Key``, whole rupiah), approval with the approver's key, statuses, and failures that
never look like success."""

import json
from decimal import Decimal

import pytest
import requests
import responses

from ..disbursement.base import DisbursementState, PayoutOrder
from ..disbursement.midtrans import MidtransPayouts
from ..errors import DisbursementError

BASE = "http://127.0.0.1:9/iris"
ORDER = PayoutOrder(
    idempotency_key="opop-payout-abc", amount=Decimal("1250000.00"), currency="IDR", bank_code="bca",
    account_number="1234567890", holder_name="Koperasi Pondok An Nur", notes="OPOP 2026-11 kopi-an-nur",
)


def client(**kw):
    return MidtransPayouts(base_url=BASE, creator_key="IRIS-creator", approver_key=kw.get("approver", ""), timeout=2)


@responses.activate
def test_create_sends_the_documented_request_with_the_idempotency_key():
    responses.post(f"{BASE}/api/v1/payouts", json={"payouts": [{"status": "queued", "reference_no": "ref-1"}]})
    result = client().create(ORDER)
    assert result.state == DisbursementState.QUEUED and result.reference == "ref-1"
    sent = responses.calls[0].request
    assert sent.headers["X-Idempotency-Key"] == "opop-payout-abc"
    assert sent.headers["Authorization"].startswith("Basic ")
    body = json.loads(sent.body)["payouts"][0]
    assert body == {"beneficiary_name": "Koperasi Pondok An Nur", "beneficiary_account": "1234567890",
                    "beneficiary_bank": "bca", "amount": "1250000.00", "notes": "OPOP 2026-11 kopi-an-nur"}


@responses.activate
def test_with_an_approver_key_the_payout_is_approved():
    responses.post(f"{BASE}/api/v1/payouts", json={"payouts": [{"status": "queued", "reference_no": "ref-2"}]})
    responses.post(f"{BASE}/api/v1/payouts/approve", json={"status": "ok"})
    client(approver="IRIS-approver").create(ORDER)
    assert json.loads(responses.calls[1].request.body) == {"reference_nos": ["ref-2"]}


@responses.activate
def test_status_maps_the_provider_states():
    responses.get(f"{BASE}/api/v1/payouts/ref-3", json={"status": "completed", "reference_no": "ref-3"})
    responses.get(f"{BASE}/api/v1/payouts/ref-4", json={"status": "failed", "error_message": "account closed"})
    assert client().status("ref-3").state == DisbursementState.PAID
    failed = client().status("ref-4")
    assert failed.state == DisbursementState.FAILED and failed.error == "account closed"


@responses.activate
@pytest.mark.parametrize(
    "answer",
    [
        {"body": requests.exceptions.ConnectTimeout()},
        {"status": 401, "json": {"error_message": "unauthorized"}},
        {"status": 200, "json": {"payouts": []}},
    ],
)
def test_a_timeout_an_error_or_a_strange_answer_raises(answer):
    responses.post(f"{BASE}/api/v1/payouts", **answer)
    with pytest.raises(DisbursementError):
        client().create(ORDER)


def test_only_rupiah_and_never_without_a_key():
    with pytest.raises(DisbursementError):
        client().create(PayoutOrder(**{**ORDER.__dict__, "currency": "MYR"}))
    with pytest.raises(DisbursementError, match="not_configured"):
        MidtransPayouts(base_url=BASE, creator_key="", approver_key="").create(ORDER)
    assert "IRIS" not in repr(client())
