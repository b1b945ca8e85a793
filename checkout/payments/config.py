"""Provider configuration, read from settings (which read the environment). Never logged, never rendered.

When no key is set and ``settings.OPOP_DEMO`` is on, the gateways talk to the offline simulators mounted under
``/_sim/`` on the shop's own origin (``simulators.py``), with fixed demo-only keys. With real sandbox keys in the
environment, the same code talks to the real sandboxes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

SIM_MIDTRANS_SERVER_KEY = "SB-Mid-server-OPOP-SIMULATOR"
SIM_MIDTRANS_CLIENT_KEY = "SB-Mid-client-OPOP-SIMULATOR"
SIM_STRIPE_SECRET_KEY = "sk_test_opop_simulator"
SIM_STRIPE_WEBHOOK_SECRET = "whsec_opop_simulator"


def public_origin() -> str:
    """Absolute origin of the shop, for return URLs and the simulators (``OPOP_PUBLIC_URL`` or the admin base URL)."""
    origin = getattr(settings, "OPOP_PUBLIC_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return origin.rstrip("/")


def midtrans_key_is_production(key: str) -> bool:
    return bool(key) and not key.startswith("SB-")


def stripe_key_is_live(key: str) -> bool:
    return key.startswith(("sk_live_", "rk_live_"))


def simulators_allowed() -> bool:
    """Only in demo/test settings, and never next to production keys or production mode."""
    if not getattr(settings, "OPOP_DEMO", False):
        return False
    if settings.MIDTRANS_IS_PRODUCTION or midtrans_key_is_production(settings.MIDTRANS_SERVER_KEY):
        return False
    if stripe_key_is_live(settings.STRIPE_SECRET_KEY):
        return False
    return True


@dataclass(frozen=True)
class MidtransConfig:
    server_key: str
    client_key: str
    is_production: bool
    snap_base_url: str
    core_base_url: str
    simulated: bool

    def __repr__(self):  # keys never end up in logs or tracebacks
        return f"MidtransConfig(is_production={self.is_production}, simulated={self.simulated})"


@dataclass(frozen=True)
class StripeConfig:
    secret_key: str
    webhook_secret: str
    api_base: str
    simulated: bool

    def __repr__(self):
        return f"StripeConfig(api_base={self.api_base!r}, simulated={self.simulated})"


def midtrans_config() -> MidtransConfig | None:
    key = settings.MIDTRANS_SERVER_KEY
    if key:
        return MidtransConfig(
            server_key=key,
            client_key=settings.MIDTRANS_CLIENT_KEY,
            is_production=settings.MIDTRANS_IS_PRODUCTION,
            snap_base_url=settings.MIDTRANS_SNAP_BASE_URL.rstrip("/"),
            core_base_url=settings.MIDTRANS_CORE_BASE_URL.rstrip("/"),
            simulated=False,
        )
    if simulators_allowed():
        base = public_origin() + "/_sim/midtrans"
        return MidtransConfig(
            server_key=SIM_MIDTRANS_SERVER_KEY,
            client_key=SIM_MIDTRANS_CLIENT_KEY,
            is_production=False,
            snap_base_url=settings.MIDTRANS_SNAP_BASE_URL.rstrip("/") or base + "/snap/v1",
            core_base_url=settings.MIDTRANS_CORE_BASE_URL.rstrip("/") or base,
            simulated=True,
        )
    return None


def stripe_config() -> StripeConfig | None:
    key = settings.STRIPE_SECRET_KEY
    if key:
        return StripeConfig(
            secret_key=key,
            webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
            api_base=settings.STRIPE_API_BASE.rstrip("/"),
            simulated=False,
        )
    if simulators_allowed():
        return StripeConfig(
            secret_key=SIM_STRIPE_SECRET_KEY,
            webhook_secret=settings.STRIPE_WEBHOOK_SECRET or SIM_STRIPE_WEBHOOK_SECRET,
            api_base=settings.STRIPE_API_BASE.rstrip("/") or public_origin() + "/_sim/stripe",
            simulated=True,
        )
    return None
