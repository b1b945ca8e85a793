"""Admin form of the store's pages: a storefront and the content pages below it use only the store's own images
and documents (``catalog.media_scoping``), in their image fields, blocks and rich text."""

from wagtail.admin.forms import WagtailAdminPageForm

from catalog.media_scoping import StoreMediaFormMixin
from catalog.models import Store


class StorePageForm(StoreMediaFormMixin, WagtailAdminPageForm):
    def media_store_id(self):
        page = self.instance
        store_id = getattr(page, "store_id", None)
        if store_id is not None:
            return store_id
        # A page being created has no place in the tree yet: its store is its parent's.
        anchor = page if page.pk else self.parent_page
        if anchor is None:
            return None
        store = Store.objects.filter(storefront__in=anchor.get_ancestors(inclusive=True)).first()
        return store.pk if store is not None else None

