"""StreamField blocks a store editor puts on their storefront. Each renders through its own template."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from catalog import selectors
from catalog.links import LinkValidator, normalise_link
from catalog.models import Category, FeaturedCollection

from .cache import expires_with_collections


def category_choices():
    return [(c.slug, str(c)) for c in Category.objects.select_related("parent")]


def collection_choices():
    return [(c.slug, c.title) for c in FeaturedCollection.objects.all()]


class SafeURLBlock(blocks.CharBlock):
    """A link an editor types: refused unless ``catalog.links`` allows it (relative, https/http; ``contact=True``
    adds mailto/tel). Stored as the browser reads it (surrounding spaces gone, scheme lower-cased).

    Every link in a block uses this, never ``CharBlock`` or ``URLBlock`` (whose ``URLField`` takes no relative
    address and knows nothing of ``mailto:``)."""

    def __init__(self, required=True, help_text=None, max_length=None, min_length=None, contact=False, **kwargs):
        self.contact = contact
        super().__init__(
            required=required, help_text=help_text, max_length=max_length, min_length=min_length,
            validators=[LinkValidator(contact=contact)], **kwargs,
        )

    def clean(self, value):
        return normalise_link(super().clean(value))

    class Meta:
        icon = "link"


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=pgettext_lazy("heading", "title"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=300)
    image = ImageChooserBlock(label=_("image"), required=False)
    button_label = blocks.CharBlock(label=_("button text"), required=False, max_length=40)
    button_link = SafeURLBlock(
        label=_("button link"), required=False, max_length=200,
        help_text=_("An address in this store, for example produk/ or p/kopi-kaleng/, or a full "
                    "https://… address"),
    )

    class Meta:
        template = "cms/blocks/hero.html"
        icon = "image"
        label = _("Hero banner")


class ProductGridBlock(blocks.StructBlock):
    """Products of this store only: hand-picked products of another store are skipped when rendering."""

    heading = blocks.CharBlock(label=pgettext_lazy("heading", "title"), required=False, max_length=120)
    source = blocks.ChoiceBlock(
        label=_("product source"),
        choices=[
            ("newest", _("Newest products")),
            ("category", _("By category")),
            ("collection", _("Featured collections")),
            ("picked", _("Hand-picked")),
        ],
        default="newest",
    )
    category = blocks.ChoiceBlock(label=_("category"), choices=category_choices, required=False)
    collection = blocks.ChoiceBlock(label=_("collection"), choices=collection_choices, required=False)
    products = blocks.ListBlock(SnippetChooserBlock("catalog.Product"), label=_("chosen products"), required=False)
    limit = blocks.IntegerBlock(label=_("maximum number"), default=8, min_value=1, max_value=24)

    class Meta:
        template = "cms/blocks/product_grid.html"
        icon = "list-ul"
        label = _("Product grid")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        request = parent_context.get("request")
        page = parent_context.get("page")
        store = getattr(page, "store", None)
        channel = getattr(request, "channel", None) if request else None
        if request is not None and value.get("source") == "collection":
            expires_with_collections(request)
        context["products"] = selectors.grid_products(
            store=store,
            channel=channel,
            source=value.get("source"),
            category_slug=value.get("category"),
            collection_slug=value.get("collection"),
            product_ids=[p.pk for p in value.get("products") or [] if p is not None],
            limit=value.get("limit") or 8,
        )
        return context


class StoryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=pgettext_lazy("heading", "title"), max_length=120)
    text = blocks.RichTextBlock(label=_("story"), features=["bold", "italic", "link", "ol", "ul"])
    image = ImageChooserBlock(label=_("image"), required=False)
    image_side = blocks.ChoiceBlock(
        label=_("image position"), choices=[("left", _("Left")), ("right", _("Right"))], default="right"
    )

    class Meta:
        template = "cms/blocks/story.html"
        icon = "doc-full"
        label = _("Story with image")


class CertificatesBlock(blocks.StructBlock):
    """Shows the halal, P-IRT and BPOM numbers of this store's live products: editors never retype them."""

    heading = blocks.CharBlock(label=pgettext_lazy("heading", "title"), default=_("Certificates & permits"), max_length=120)

    class Meta:
        template = "cms/blocks/certificates.html"
        icon = "tick-inverse"
        label = _("Certificates")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = (parent_context or {}).get("page")
        context["certificates"] = selectors.store_certificates(getattr(page, "store", None))
        return context


class TestimonialBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"), max_length=400)
    name = blocks.CharBlock(label=_("name"), max_length=80)
    place = blocks.CharBlock(label=_("from"), required=False, max_length=80)


class TestimonialsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=pgettext_lazy("heading", "title"), default=_("What buyers say"), max_length=120)
    items = blocks.ListBlock(TestimonialBlock(), label=_("testimonial"))

    class Meta:
        template = "cms/blocks/testimonials.html"
        icon = "openquote"
        label = _("Testimonials")


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=160)


class GalleryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=pgettext_lazy("heading", "title"), required=False, max_length=120)
    images = blocks.ListBlock(GalleryImageBlock(), label=_("image"))

    class Meta:
        template = "cms/blocks/gallery.html"
        icon = "image"
        label = _("Gallery")


class WhatsAppBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=pgettext_lazy("heading", "title"), default=_("Ask us directly on WhatsApp"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=300)
    button_label = blocks.CharBlock(label=_("button text"), default=_("Chat on WhatsApp"), max_length=40)
    message = blocks.CharBlock(
        label=_("opening message"), required=False, max_length=200,
        help_text=_("Text already filled in when the buyer opens WhatsApp."),
    )

    class Meta:
        template = "cms/blocks/whatsapp.html"
        icon = "mail"
        label = _("WhatsApp call to action")


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("answer"), features=["bold", "italic", "link", "ol", "ul"])


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=pgettext_lazy("heading", "title"), default=_("Frequently asked questions"), max_length=120)
    items = blocks.ListBlock(FAQItemBlock(), label=_("question"))

    class Meta:
        template = "cms/blocks/faq.html"
        icon = "help"
        label = _("Questions and answers (FAQ)")


class RichTextSectionBlock(blocks.RichTextBlock):
    class Meta:
        template = "cms/blocks/text.html"
        icon = "pilcrow"
        label = _("Text")


STOREFRONT_BLOCKS = [
    ("hero", HeroBlock()),
    ("product_grid", ProductGridBlock()),
    ("story", StoryBlock()),
    ("certificates", CertificatesBlock()),
    ("testimonials", TestimonialsBlock()),
    ("gallery", GalleryBlock()),
    ("whatsapp", WhatsAppBlock()),
    ("faq", FAQBlock()),
    ("text", RichTextSectionBlock()),
]

CONTENT_BLOCKS = [
    ("text", RichTextSectionBlock()),
    ("hero", HeroBlock()),
    ("story", StoryBlock()),
    ("gallery", GalleryBlock()),
    ("testimonials", TestimonialsBlock()),
    ("whatsapp", WhatsAppBlock()),
    ("faq", FAQBlock()),
]
