"""Admin of campaign links ("Kampanye"): the form that makes a link's code, the panel that shows the link and
its QR code, and the QR code as a PNG download. Scoped to the editor's stores like every store-owned object
(``catalog.scoping.StoreScopedSnippetViewSet``; the PNG view is one of the viewset's URLs, so it is scoped too)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, Panel
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView

from catalog.admin_columns import YesNoColumn
from catalog.campaign_qr import campaign_url, qr_png, qr_svg
from catalog.models import Campaign, Product
from catalog.models.campaign import CODE_MAX_LENGTH
from catalog.scoping import StoreScopedAdminModelForm, StoreScopedSnippetViewSet, scope_urlpatterns
from catalog.services.campaigns import CampaignError, check_code, clean_name, code_from_name, free_code

VIEWSET_NAMESPACE = "wagtailsnippets_catalog_campaign"


class CampaignAdminForm(StoreScopedAdminModelForm):
    """Name and code checked by ``catalog.services.campaigns`` (odd names are slugged or refused with a reason);
    the code is fixed once the campaign exists; the landing product must be the campaign's store's own."""

    code = forms.CharField(
        label=capfirst(Campaign._meta.get_field("code").verbose_name), required=False, max_length=CODE_MAX_LENGTH,
        help_text=Campaign._meta.get_field("code").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "code" in self.fields:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Fixed: printed QR codes point at it.")

    def clean_name(self):
        try:
            return clean_name(self.cleaned_data.get("name", ""))
        except CampaignError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_code(self):
        if self.instance.pk:
            return self.instance.code
        typed = self.cleaned_data.get("code", "")
        if not typed.strip():
            return ""
        try:
            return check_code(typed)
        except CampaignError as error:
            raise forms.ValidationError(str(error)) from None

    code_made_from_name = False

    def save(self, commit=True):
        """A code made from the name that another campaign took between the check and the save (two editors at
        once) gets the next free number instead of an error. (A typed code taken in the same instant by another
        editor still ends in the unique constraint's error: ``clean_code`` refuses it on any later try.)"""
        if not commit or self.instance.pk or not self.code_made_from_name:
            return super().save(commit)
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    return super().save(commit)
            except IntegrityError:
                self.instance.code = free_code(code_from_name(self.instance.name))
        return super().save(commit)

    def _store_id(self):
        store = self.cleaned_data.get("store")
        return store.pk if store is not None else self.instance.store_id

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if not cleaned.get("code") and name and not self.instance.pk:
            try:
                cleaned["code"] = free_code(code_from_name(name))
                self.code_made_from_name = True
            except CampaignError as error:
                self.add_error("name", str(error))
        product = cleaned.get("product")
        if product is not None and product.store_id != self._store_id():
            self.add_error("product", _("Choose a product of this campaign's store."))
        return cleaned


class CampaignLinkPanel(Panel):
    """The link to share, its QR code and the PNG download (shown once the campaign exists)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", gettext_lazy("Link and QR code"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog/admin/campaign_link_panel.html"

        def is_shown(self) -> bool:
            return bool(self.instance.pk and self.instance.code)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            url = campaign_url(self.request, self.instance)
            context.update(
                link=url,
                qr=mark_safe(qr_svg(url, title=_("QR code of %(link)s") % {"link": url})),  # segno's own markup
                png_url=reverse(f"{VIEWSET_NAMESPACE}:qr_png", args=[self.instance.pk]),
                product=Product.objects.filter(pk=self.instance.product_id).first(),
            )
            return context


def qr_png_view(request, pk):
    """The campaign's QR code as a PNG file, for a flyer (the scoping wrapper has checked the store)."""
    if not request.user.has_perm("catalog.view_campaign"):
        raise PermissionDenied
    campaign = Campaign.objects.get(pk=pk)
    response = HttpResponse(qr_png(campaign_url(request, campaign)), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="qr-{campaign.code}.png"'
    response["Cache-Control"] = "private, no-store"
    return response


class CampaignCreateView(SnippetCreateView):
    """After creating a campaign the editor lands on its page, where the link and QR code are."""

    def get_success_url(self):
        return reverse(self.edit_url_name, args=[self.object.pk])


class CampaignViewSet(StoreScopedSnippetViewSet):
    model = Campaign
    icon = "link"
    menu_label = gettext_lazy("Campaigns")
    menu_name = "kampanye"
    menu_order = 140
    add_to_admin_menu = True
    add_view_class = CampaignCreateView
    copy_view_enabled = False  # a copy would need a code of its own; a new campaign is quicker
    list_display = ["name", "store", "source", "code",
                    YesNoColumn("is_active", label=gettext_lazy("active"), sort_key="is_active"), "created_at"]
    list_filter = ["source", "store", "is_active"]
    search_fields = ["name", "code"]
    panels = [
        CampaignLinkPanel(),  # first: on a phone the link and QR code are what the editor came back for
        FieldPanel("store"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("source"), FieldPanel("code")]),
        FieldPanel("product"),
        FieldPanel("is_active"),
    ]

    def get_edit_handler(self):
        edit_handler = super().get_edit_handler()
        edit_handler.base_form_class = CampaignAdminForm
        return edit_handler

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns() + [path("<str:pk>/qr.png", qr_png_view, name="qr_png")]
        return scope_urlpatterns(patterns, self.model)


__all__ = ["CampaignAdminForm", "CampaignLinkPanel", "CampaignViewSet", "qr_png_view"]
