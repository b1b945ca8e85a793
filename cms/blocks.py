"""StreamField blocks a store editor puts on their storefront. Each renders through its own template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .cache import expires_with_collections


def category_choices():
    from catalog.models import Category

    return [(c.slug, str(c)) for c in Category.objects.select_related("parent")]


def collection_choices():
    from catalog.models import FeaturedCollection

    return [(c.slug, c.title) for c in FeaturedCollection.objects.all()]


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("judul"), max_length=120)
    text = blocks.TextBlock(label=_("teks"), required=False, max_length=300)
    image = ImageChooserBlock(label=_("gambar"), required=False)
    button_label = blocks.CharBlock(label=_("teks tombol"), required=False, max_length=40)
    button_link = blocks.CharBlock(
        label=_("tautan tombol"), required=False, max_length=200,
        help_text=_("Alamat di toko ini, misalnya produk/ atau p/kopi-kaleng/, atau alamat lengkap https://…"),
    )

    class Meta:
        template = "cms/blocks/hero.html"
        icon = "image"
        label = _("Banner utama")


class ProductGridBlock(blocks.StructBlock):
    """Products of this store only: hand-picked products of another store are skipped when rendering."""

    heading = blocks.CharBlock(label=_("judul"), required=False, max_length=120)
    source = blocks.ChoiceBlock(
        label=_("sumber produk"),
        choices=[
            ("newest", _("Produk terbaru")),
            ("category", _("Menurut kategori")),
            ("collection", _("Koleksi pilihan")),
            ("picked", _("Pilih sendiri")),
        ],
        default="newest",
    )
    category = blocks.ChoiceBlock(label=_("kategori"), choices=category_choices, required=False)
    collection = blocks.ChoiceBlock(label=_("koleksi"), choices=collection_choices, required=False)
    products = blocks.ListBlock(SnippetChooserBlock("catalog.Product"), label=_("produk pilihan"), required=False)
    limit = blocks.IntegerBlock(label=_("jumlah maksimal"), default=8, min_value=1, max_value=24)

    class Meta:
        template = "cms/blocks/product_grid.html"
        icon = "list-ul"
        label = _("Kisi produk")

    def get_context(self, value, parent_context=None):
        from catalog import selectors

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
    heading = blocks.CharBlock(label=_("judul"), max_length=120)
    text = blocks.RichTextBlock(label=_("cerita"), features=["bold", "italic", "link", "ol", "ul"])
    image = ImageChooserBlock(label=_("gambar"), required=False)
    image_side = blocks.ChoiceBlock(
        label=_("posisi gambar"), choices=[("left", _("Kiri")), ("right", _("Kanan"))], default="right"
    )

    class Meta:
        template = "cms/blocks/story.html"
        icon = "doc-full"
        label = _("Cerita dengan gambar")


class CertificatesBlock(blocks.StructBlock):
    """Shows the halal, P-IRT and BPOM numbers of this store's live products: editors never retype them."""

    heading = blocks.CharBlock(label=_("judul"), default=_("Sertifikat & izin"), max_length=120)

    class Meta:
        template = "cms/blocks/certificates.html"
        icon = "tick-inverse"
        label = _("Sertifikat")

    def get_context(self, value, parent_context=None):
        from catalog import selectors

        context = super().get_context(value, parent_context=parent_context)
        page = (parent_context or {}).get("page")
        context["certificates"] = selectors.store_certificates(getattr(page, "store", None))
        return context


class TestimonialBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("kutipan"), max_length=400)
    name = blocks.CharBlock(label=_("nama"), max_length=80)
    place = blocks.CharBlock(label=_("asal"), required=False, max_length=80)


class TestimonialsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("judul"), default=_("Kata pembeli"), max_length=120)
    items = blocks.ListBlock(TestimonialBlock(), label=_("testimoni"))

    class Meta:
        template = "cms/blocks/testimonials.html"
        icon = "openquote"
        label = _("Testimoni")


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("gambar"))
    caption = blocks.CharBlock(label=_("keterangan"), required=False, max_length=160)


class GalleryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("judul"), required=False, max_length=120)
    images = blocks.ListBlock(GalleryImageBlock(), label=_("gambar"))

    class Meta:
        template = "cms/blocks/gallery.html"
        icon = "image"
        label = _("Galeri")


class WhatsAppBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("judul"), default=_("Tanya langsung lewat WhatsApp"), max_length=120)
    text = blocks.TextBlock(label=_("teks"), required=False, max_length=300)
    button_label = blocks.CharBlock(label=_("teks tombol"), default=_("Chat WhatsApp"), max_length=40)
    message = blocks.CharBlock(
        label=_("pesan awal"), required=False, max_length=200,
        help_text=_("Teks yang sudah terisi saat pembeli membuka WhatsApp."),
    )

    class Meta:
        template = "cms/blocks/whatsapp.html"
        icon = "mail"
        label = _("Ajakan WhatsApp")


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("pertanyaan"), max_length=200)
    answer = blocks.RichTextBlock(label=_("jawaban"), features=["bold", "italic", "link", "ol", "ul"])


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("judul"), default=_("Pertanyaan umum"), max_length=120)
    items = blocks.ListBlock(FAQItemBlock(), label=_("pertanyaan"))

    class Meta:
        template = "cms/blocks/faq.html"
        icon = "help"
        label = _("Tanya jawab (FAQ)")


class RichTextSectionBlock(blocks.RichTextBlock):
    class Meta:
        template = "cms/blocks/text.html"
        icon = "pilcrow"
        label = _("Teks")


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
