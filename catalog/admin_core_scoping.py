"""Store scoping for the parts of the Wagtail admin that are not snippets: images, documents and pages.

Images and documents are scoped by Wagtail's collection permissions (each store's editors' group has add/change/
choose on the store's collection, set up by ``provision_store``); pages by ``GroupPagePermission`` on the store's
storefront. Those cover Wagtail's own image, document and page views. What they do not cover, found by the
permission matrix (``tests/test_permission_matrix.py``), is closed here:

- the admin API (``/admin/api/main/images/<id>/``, ``.../documents/<id>/``) returns any image or document by id to
  anyone with admin access: the endpoints are replaced with ones that only see the collections the user may choose
  from or change;
- the page "move" confirmation screen checks no permission on GET: it is refused unless the user may move the page;
- the page chooser lists every page: editors see only the pages of their own storefronts (and the pages above them,
  to navigate).

Pages are found through Wagtail's own page permissions, not through ``cms``'s page models: a store's pages are the
ones its editors' group holds ``GroupPagePermission`` on (granted on its storefront when ``cms`` provisions it), and
their subtrees. The catalog never imports ``cms``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import GroupPagePermission, Page
from wagtail.permissions import policy_registry

from catalog.models import Store
from catalog.scoping import is_curator, managed_store_ids


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        policy = policy_registry.get_by_type(get_image_model())
        return policy.instances_user_has_any_permission_for(self.request.user, ["choose", "change"]).order_by("id")


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    model = get_document_model()

    def get_queryset(self):
        policy = policy_registry.get_by_type(get_document_model())
        return policy.instances_user_has_any_permission_for(self.request.user, ["choose", "change"]).order_by("id")


def replace_admin_api_endpoints(router):
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


def refuse_move_without_permission(request, page_to_move, destination):
    """``before_move_page``: Wagtail's move confirmation shows both pages on GET without checking permissions."""
    perms = page_to_move.permissions_for_user(request.user)
    if not perms.can_move() or not perms.can_move_to(destination):
        raise PermissionDenied


def storefront_pages_for(user):
    """The pages an editor may see in the page chooser: the subtrees of the pages their stores' editors' groups
    hold page permissions on (their storefronts), and the pages above them."""
    store_ids = managed_store_ids(user)
    if store_ids is None:
        return None
    groups = Store.objects.filter(pk__in=store_ids).values("editors_group")
    granted = GroupPagePermission.objects.filter(group__in=groups).values("page")
    roots = list(Page.objects.filter(pk__in=granted))
    if not roots:
        return Page.objects.none()
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
        ancestor_paths = [root.path[: i * Page.steplen] for i in range(1, root.depth)]
        condition |= Q(path__in=ancestor_paths)
    return Page.objects.filter(condition)


def limit_page_chooser(pages, request):
    if request.user.is_superuser or is_curator(request.user):
        return pages
    visible = storefront_pages_for(request.user)
    if visible is None:
        return pages
    return pages.filter(pk__in=visible.values("pk"))
