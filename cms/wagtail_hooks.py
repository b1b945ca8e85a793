"""Admin wiring of the cms app: a product's promo image (``cms.share_cards``) in the product list's "More" menu, the
seller home's photo panel, Wagtail's help menu label in the editor's language, and legal pages for admins only."""

import copy

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.utils.version import get_main_version

from catalog.channels import get_default_channel
from catalog.models import Product
from catalog.setup_checklist import SETUP_CHECKLIST_HOOK, ChecklistItem

from .home_panels import photo_home_panels
from .models import LegalPage, StorefrontPage


@hooks.register("construct_homepage_panels")
def add_photo_panel(request, panels):
    """The seller home lists the products whose photos the coaching found weak."""
    panels.extend(photo_home_panels(request))


@hooks.register("register_snippet_listing_buttons")
def promo_image_button(snippet, user, next_url=None):
    """The square card (1,080 px) of a live product, to save and post as a WhatsApp status or on Instagram."""
    channel = get_default_channel()
    if not isinstance(snippet, Product) or not snippet.live or channel is None:
        return []
    url = reverse("opop_share_product", args=[snippet.pk, channel.slug, "square", "latest"]) + "?download=1"
    return [Button(_("Promo image (WhatsApp status)"), url=url, icon_name="image", priority=90)]


#: Wagtail's msgid (translated in ``cms/wagtail_locale``); a variable, so makemessages leaves it to that catalogue.
WHATS_NEW_MSGID = "What's new in Wagtail %(version)s"


@hooks.register("construct_help_menu")
def translate_whats_new_label(request, menu_items):
    """Wagtail 8.0 formats the "What's new in Wagtail 8.0" label once, when its help menu is first built
    (``gettext_lazy(...) % {...}`` is evaluated at once), so every editor would read the language active then. The
    label is rebuilt per request in the editor's language, on a copy: the registered item is shared."""
    for index, item in enumerate(menu_items):
        if item.name.startswith("whats-new-in-wagtail-"):
            item = copy.copy(item)
            item.label = gettext(WHATS_NEW_MSGID) % {"version": get_main_version(include_patch=False)}
            menu_items[index] = item


@hooks.register(SETUP_CHECKLIST_HOOK)
def brand_colours_checklist_item(store):
    """The setup checklist's "brand colours": the published storefront has its own primary or accent colour."""
    page = StorefrontPage.objects.filter(store=store).only("pk", "primary_colour", "accent_colour").first()
    done = page is not None and bool(page.primary_colour or page.accent_colour)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk]) if page is not None else ""
    return [ChecklistItem("brand", gettext("Choose the brand colours of the storefront"), done, url, order=20)]


@hooks.register("before_create_page")
def only_admins_create_legal_pages(request, parent_page, page_class):
    """The terms and privacy policy are the marketplace's, not a store's: only admins create them (editing is
    ``LegalPage.permissions_for_user``)."""
    if issubclass(page_class, LegalPage) and not request.user.is_superuser:
        raise PermissionDenied
