"""The registry, the config's secrecy, and (only with real sandbox keys in the environment) sandbox smoke tests."""

import os

import pytest

from checkout.payments.config import midtrans_config, stripe_config
from checkout.payments.registry import gateways_for_channel, get_gateway


def test_channel_names_its_gateways_in_order_skipping_unconfigured(db, chans, keys, settings):
    assert [g.name for g in gateways_for_channel(chans["indonesia"])] == ["midtrans", "manual"]
    assert [g.name for g in gateways_for_channel(chans["international"])] == ["stripe"]
    settings.STRIPE_SECRET_KEY = ""
    settings.OPOP_DEMO = False
    assert gateways_for_channel(chans["international"]) == []


def test_gateway_class_can_be_replaced_by_a_setting(settings):
    settings.OPOP_PAYMENT_GATEWAYS = {"midtrans": "checkout.payments.gateways.manual.ManualTransferGateway"}
    assert get_gateway("midtrans").name == "manual"


def test_keys_never_show_in_repr(keys):
    assert "SB-Mid-server" not in repr(midtrans_config())
    assert "sk_test" not in repr(stripe_config()) and "whsec" not in repr(stripe_config())


@pytest.mark.skipif(not os.environ.get("MIDTRANS_SANDBOX_SERVER_KEY"), reason="no Midtrans sandbox key")
def test_midtrans_sandbox_smoke(settings):  # pragma: no cover - needs network and a real sandbox key
    import uuid

    settings.MIDTRANS_SERVER_KEY = os.environ["MIDTRANS_SANDBOX_SERVER_KEY"]
    client = get_gateway("midtrans").client()
    data = client.create_transaction(
        {"transaction_details": {"order_id": f"OPOP-SMOKE-{uuid.uuid4().hex[:12]}", "gross_amount": 10000}}
    )
    assert data["token"] and data["redirect_url"].startswith("https://app.sandbox.midtrans.com/")


@pytest.mark.skipif(not os.environ.get("STRIPE_TEST_KEY"), reason="no Stripe test key")
def test_stripe_sandbox_smoke(settings):  # pragma: no cover - needs network and a real test key
    settings.STRIPE_SECRET_KEY = os.environ["STRIPE_TEST_KEY"]
    settings.STRIPE_API_BASE = ""
    session = (
        get_gateway("stripe")
        .client()
        .v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "success_url": "https://example.com/ok",
                "line_items": [
                    {
                        "price_data": {
                            "currency": "myr",
                            "unit_amount": 500,
                            "product_data": {"name": "Smoke"},
                        },
                        "quantity": 1,
                    }
                ],
            }
        )
    )
    assert session.url
