"""Admin forms for the catalog: product with variants, channel prices and stock; store.

Prices are child rows of a variant (``VariantPrice``), so they travel with the product's revisions. Stock is not:
the stock number on a variant row writes straight to ``catalog.Stock(store, sku)`` when the form is saved, and only
when the editor changed it, so saving a draft never overwrites what orders have taken since the form was opened.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, Panel
from wagtail.models import Site

from catalog.admin_money import WholeAmountInput
from catalog.media_scoping import media_allowed, owning_stores
from catalog.models import Channel, Product, Stock, Store, Variant, VariantPrice
from catalog.money import smallest_unit, validate_amount
from catalog.phones import normalise_whatsapp
from catalog.scoping import StoreScopedFormMixin
from catalog.validators import validate_gtin


def _price_field(channel: Channel, *, compare: bool) -> forms.DecimalField:
    label = _("Compare-at price %(currency)s") if compare else _("Price %(currency)s")
    return forms.DecimalField(
        label=label % {"currency": channel.currency},
        required=False,
        min_value=None,
        decimal_places=None,
        widget=WholeAmountInput(attrs={"step": str(smallest_unit(channel.currency)), "inputmode": "decimal"}),
        help_text=(
            _("Price before the discount, shown struck through. Leave empty if none.")
            if compare
            else _("Leave empty if this variant is not sold in the %(channel)s channel.") % {"channel": channel.name}
        ),
    )


class VariantAdminForm(WagtailAdminModelForm):
    """One variant row: SKU, name, options, weight, a price (and compare-at price) per active channel, and stock."""

    stock_quantity = forms.IntegerField(
        label=_("Stock"),
        required=False,
        help_text=_("Units ready to ship. Not part of drafts: saved as soon as you save."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.channels = list(Channel.objects.filter(is_active=True))
        prices = {p.channel_id: p for p in self.instance.prices.all()} if self.instance else {}
        for channel in self.channels:
            price = prices.get(channel.pk)
            self.fields[f"price_{channel.slug}"] = _price_field(channel, compare=False)
            self.fields[f"compare_{channel.slug}"] = _price_field(channel, compare=True)
            if price is not None:
                self.initial[f"price_{channel.slug}"] = price.amount
                self.initial[f"compare_{channel.slug}"] = price.compare_at_amount
        self._stock = None
        if self.instance and self.instance.sku and getattr(self.instance.product, "store_id", None):
            self._stock = Stock.objects.filter(store_id=self.instance.product.store_id, sku=self.instance.sku).first()
            if self._stock is not None:
                self.initial["stock_quantity"] = self._stock.quantity

    @property
    def price_field_names(self) -> list[str]:
        names = []
        for channel in self.channels:
            names += [f"price_{channel.slug}", f"compare_{channel.slug}"]
        return names

    def clean_gtin(self):
        """Spaces and hyphens copied from a label are dropped; the model's validator checks the digits."""
        gtin = "".join((self.cleaned_data.get("gtin") or "").replace("-", " ").split())
        validate_gtin(gtin)
        return gtin

    def clean_sku(self):
        sku = (self.cleaned_data.get("sku") or "").strip().upper()
        if not sku:
            raise ValidationError(_("Enter a SKU, for example KOPI-250."))
        return sku

    def clean_stock_quantity(self):
        quantity = self.cleaned_data.get("stock_quantity")
        if quantity is not None and quantity < 0:
            raise ValidationError(_("Stock cannot be negative. Enter 0 when sold out."))
        if quantity is not None and self._stock is not None and quantity < self._stock.quantity_allocated:
            raise ValidationError(
                _("Stock cannot be lower than the %(n)s units buyers have already paid for."),
                params={"n": self._stock.quantity_allocated},
            )
        return quantity

    def clean(self):
        cleaned = super().clean()
        if self.cleaned_data.get("DELETE"):
            return cleaned
        for channel in self.channels:
            for prefix in ("price", "compare"):
                name = f"{prefix}_{channel.slug}"
                value = cleaned.get(name)
                if value is None:
                    continue
                try:
                    cleaned[name] = validate_amount(value, channel.currency)
                except ValidationError as error:
                    self.add_error(name, error)
            amount, compare = cleaned.get(f"price_{channel.slug}"), cleaned.get(f"compare_{channel.slug}")
            if compare is not None and amount is None:
                self.add_error(f"price_{channel.slug}", _("Enter a selling price when there is a "
                                                          "compare-at price."))
            elif compare is not None and amount is not None and compare <= amount:
                self.add_error(f"compare_{channel.slug}", _("The compare-at price must be higher than "
                                                            "the selling price."))
        if not any(cleaned.get(f"price_{c.slug}") is not None for c in self.channels):
            self.add_error(None, _("Enter a price for at least one channel (for example Price IDR)."))
        return cleaned

    def save(self, commit=True):
        variant = super().save(commit=False)
        existing = {p.channel_id: p for p in variant.prices.all()}
        prices = []
        for channel in self.channels:
            amount = self.cleaned_data.get(f"price_{channel.slug}")
            if amount is None:
                continue
            price = existing.get(channel.pk)
            if price is None:
                price = VariantPrice(channel=channel)
            price.amount = Decimal(amount)
            price.compare_at_amount = self.cleaned_data.get(f"compare_{channel.slug}")
            prices.append(price)
        variant.prices = prices
        if commit:
            variant.save()
        return variant


class _VariantRowPanel(MultiFieldPanel):
    class BoundPanel(MultiFieldPanel.BoundPanel):
        def render_missing_fields(self):
            # Wagtail renders every form field no panel claims (meant for ORDER/DELETE) a second time, bare. The
            # run-time price and stock fields are rendered by ChannelPricesPanel, so leave them out here: a
            # duplicate input with the same name would win on submit and blank the price.
            claimed = set(getattr(self.form, "price_field_names", [])) | {"stock_quantity"}
            rendered = set(self.panel.get_form_options().get("fields", [])) | claimed
            return mark_safe("".join(str(self.form[name]) for name in self.form.fields if name not in rendered))  # noqa: S308


class VariantInlinePanel(InlinePanel):
    """InlinePanel for variants that uses ``VariantAdminForm`` and shows its per-channel price and stock fields."""

    @cached_property
    def child_edit_handler(self):
        return _VariantRowPanel(self.panel_definitions, heading=self.heading).bind_to_model(
            self.db_field.related_model
        )

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = VariantAdminForm
        return options

    def __init__(self, relation_name, panels=None, **kwargs):
        if panels is None:
            panels = [
                FieldRowPanel([FieldPanel("sku"), FieldPanel("name"), FieldPanel("name_en")]),
                FieldRowPanel([FieldPanel("gtin"), FieldPanel("mpn")]),
                FieldPanel("option_values"),
                FieldRowPanel([FieldPanel("weight_grams"), FieldPanel("is_active")]),
                ChannelPricesPanel(heading=_("Prices per channel and stock")),
            ]
        super().__init__(relation_name, panels=panels, **kwargs)


class ChannelPricesPanel(Panel):
    """Renders the fields a form adds at run time (channel prices, stock): channels are rows, not code."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog/admin/channel_prices_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            names = list(getattr(self.form, "price_field_names", [])) + ["stock_quantity"]
            context["bound_fields"] = [self.form[name] for name in names if name in self.form.fields]
            return context


class ProductAdminForm(StoreScopedFormMixin, WagtailAdminModelForm):
    """Product form: SKUs unique within the store, compliance before publishing, image checks, stock writes."""

    def _live_variant_forms(self):
        formset = self.formsets.get("variants")
        if formset is None:
            return []
        return [
            f for f in formset.forms
            if hasattr(f, "cleaned_data") and f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    @property
    def is_publishing(self) -> bool:
        return bool(self.data.get("action-publish"))

    def is_valid(self):
        # ClusterForm cleans the child formsets after this form's clean(), so checks that read variant and image
        # rows run here, once everything has cleaned data.
        valid = super().is_valid()
        if not hasattr(self, "cleaned_data"):
            return valid
        store = self._store()
        found = self._check_skus(store) + self._check_images(store)
        if self.is_publishing:
            found += self._check_compliance(self.cleaned_data)
        return valid and not found

    def clean(self):
        cleaned = super().clean()
        halal_until = cleaned.get("halal_valid_until")
        if cleaned.get("halal_cert_no") and halal_until is not None:
            if halal_until < timezone.localdate():
                self.add_error(
                    "halal_valid_until",
                    _("The halal certificate has expired. Renew it or clear the halal number."),
                )
        return cleaned

    def _store(self) -> Store | None:
        store = self.cleaned_data.get("store") if "store" in self.fields else None
        if store is None and self.instance.store_id:
            store = self.instance.store
        return store

    def _check_skus(self, store) -> int:
        errors = 0
        seen = {}
        for form in self._live_variant_forms():
            sku = form.cleaned_data.get("sku")
            if not sku:
                continue
            if sku in seen:
                form.add_error("sku", _("SKU %(sku)s is used twice in this product.") % {"sku": sku})
                errors += 1
            seen[sku] = form
        if store is None or not seen:
            return errors
        clashes = (
            Variant.objects.filter(product__store=store, sku__in=list(seen))
            .exclude(product_id=self.instance.pk)
            .select_related("product")
        )
        taken = {variant.sku: variant.product.title for variant in clashes}
        taken.update({sku: title for sku, title in self._skus_in_drafts(store, set(seen)).items() if sku not in taken})
        for sku, title in sorted(taken.items()):
            seen[sku].add_error(
                "sku",
                _("SKU %(sku)s is already used by '%(product)s' in your store. Use another code.")
                % {"sku": sku, "product": title},
            )
            errors += 1
        return errors

    def _skus_in_drafts(self, store, skus: set[str]) -> dict[str, str]:
        """SKUs of ``skus`` that another product's unpublished draft uses (they live only in its latest revision
        until it is published): SKU → that product's title."""
        drafts = (
            Product.objects.filter(store=store, has_unpublished_changes=True, latest_revision__isnull=False)
            .exclude(pk=self.instance.pk)
            .select_related("latest_revision")
        )
        found = {}
        for product in drafts:
            content = product.latest_revision.content or {}
            for row in content.get("variants") or []:
                sku = str(row.get("sku") or "").strip().upper()
                if sku in skus:
                    found.setdefault(sku, content.get("title") or product.title)
        return found

    def _check_images(self, store) -> int:
        errors = 0
        formset = self.formsets.get("images")
        if formset is None:
            return errors
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            image = data.get("image")
            if not image or data.get("DELETE"):
                continue
            if not (data.get("alt_text") or "").strip():
                form.add_error("alt_text", _("Enter alt text: describe the photo for blind buyers."))
                errors += 1
            if store is not None and not media_allowed(
                owning_stores([image.collection_id]).get(image.collection_id), store.pk,
                allow_shared=self._user_is_superuser(),
            ):
                form.add_error("image", _("Choose a photo from your own store's collection."))
                errors += 1
        return errors

    def _user_is_superuser(self) -> bool:
        user = getattr(self, "for_user", None)
        return bool(user and user.is_superuser)

    def _check_compliance(self, cleaned) -> int:
        category, product_type = cleaned.get("category"), cleaned.get("product_type")
        needs = bool((category and category.is_food) or (product_type and product_type.requires_compliance))
        has_number = any(cleaned.get(f) for f in ("halal_cert_no", "pirt_number", "bpom_number"))
        if needs and not has_number:
            self.add_error(
                None,
                ValidationError(
                    _(
                        "A food product cannot be published yet: enter a halal certificate, P-IRT or "
                        "BPOM number on the 'Halal and permits' tab. You can still save a draft."
                    ),
                    code="compliance_required",
                ),
            )
            return 1
        return 0

    @transaction.atomic
    def save(self, commit=True):
        product = super().save(commit=commit)
        self._write_stock(product)
        return product

    def _write_stock(self, product):
        if not product.store_id:
            return
        for form in self._live_variant_forms():
            if "stock_quantity" not in form.changed_data:
                continue
            quantity = form.cleaned_data.get("stock_quantity")
            if quantity is None:
                continue
            sku = form.cleaned_data["sku"]
            stock, created = Stock.objects.select_for_update().get_or_create(
                store_id=product.store_id, sku=sku, defaults={"quantity": quantity}
            )
            if not created and stock.quantity != quantity:
                stock.quantity = max(quantity, stock.quantity_allocated)
                stock.save(update_fields=["quantity", "updated_at"])


class StoreAdminForm(WagtailAdminModelForm):
    """Store form. Payout fields are only ever offered to administrators and the store's own editors (the scoped
    edit view refuses anyone else); ``editors_group``/``collection`` are set by ``provision_store``.
    The address (slug) and the active flag are the marketplace's decision: administrators only."""

    ADMIN_ONLY_FIELDS = ("slug", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is not None and not user.is_superuser:
            for name in self.ADMIN_ONLY_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug and not self.instance.pk:
            # The store will live at /<slug>/ of the default site: a page there already (asked of Wagtail's page
            # tree, whatever app its page type comes from) is a form error, not a failed provisioning.
            site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
            if site is not None and site.root_page.get_children().filter(slug=slug).exists():
                raise ValidationError(_("The address /%(slug)s/ is already used by another page.") % {"slug": slug})
        return slug

    def clean_whatsapp(self):
        return normalise_whatsapp(self.cleaned_data.get("whatsapp", ""))
