"""Brute-force protection of the admin login (django-axes), with tiers and a clear message.

Failed sign-ins are counted by django-axes in the database (``axes.AccessAttempt``), shared by every worker. Three
tiers, each counted over the last ``AXES_COOLOFF_TIME`` (15 minutes) and each locking on its own:

=============================  ========  ==========================================================
counted per                    failures  what it stops
=============================  ========  ==========================================================
account *and* address          5         one address guessing one account's password
address                        20        one address trying passwords over many accounts
account                        20        many addresses guessing one account's password
=============================  ========  ==========================================================

While locked, the right password is refused too. The trade-off: a lock ends 15 minutes after the failure that
set it, and failures *during* a lock are not counted (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``),
so an attacker cannot stretch one lock for ever by hammering it. The per-account tier lets someone with four or more
addresses lock an account for 15 minutes at a time; the real user is not stuck: a password reset (which needs
their e-mail) clears every failure recorded against the account and they can sign in at once. A successful sign-in
clears the failures of that account at that address. The addresses come from ``catalog.throttle.client_address``
(``OPOP_TRUSTED_PROXY_COUNT`` proxies in front).
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.utils import reset as reset_attempts
from django.conf import settings
from django.contrib import messages
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import LoginView

from shop.settings.lockout import LOCKOUT_TIERS

LOCKED_MESSAGE = _(
    "Too many failed sign-in attempts. Try again in %(minutes)s minutes, or reset your password to sign in now."
)


class TieredLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with one failure limit per lockout parameter (``LOCKOUT_TIERS``).

    Axes compares one number with ``AXES_FAILURE_LIMIT``; this handler reports the most exhausted tier scaled to
    that limit, so a tier locks exactly when its own count reaches its own limit.
    """

    def get_failures(self, request, credentials=None) -> int:
        base = settings.AXES_FAILURE_LIMIT
        scaled = [0]
        for attempts, (_params, limit) in zip(self.get_user_attempts(request, credentials), LOCKOUT_TIERS, strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            scaled.append(failures * base // limit)
        return max(scaled)


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out_response(request, original_response=None, credentials=None):
    """Wagtail's login page again, with the reason, answered 429 (axes' ``AXES_LOCKOUT_CALLABLE``)."""
    messages.error(request, LOCKED_MESSAGE % {"minutes": lockout_minutes()})
    view = LoginView()
    view.setup(request)
    response = view.render_to_response(view.get_context_data(form=view.get_form_class()(request=request)))
    response.status_code = 429
    return response.render()  # axes answers from its middleware, after Django renders template responses


class ForgetLoginFailuresOnPasswordChange:
    """A "password validator" for its ``password_changed`` hook, which Django calls whenever a password is set and
    saved (password reset, the account page, ``changepassword``): the failures recorded against the account are
    cleared, so the owner who just reset it signs in at once, whatever lock guessers had set."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None:
            reset_attempts(username=user.get_username())

    def get_help_text(self):
        return ""
