"""Per-visitor bits of buyer pages, filled into cached pages by ``cms.cache`` (slot fillers)."""

from django.utils.translation import pgettext


def account_label(request) -> str:
    """The header's account link: the buyer's name when logged in, else "Account"."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.get_short_name() or user.get_username()
    return pgettext("buyer navigation", "Account")
