"""The permission matrix: every admin URL that takes an object id, tried against another store's object.

The URLs are not listed by hand. They are discovered by walking the admin's URLconf, and each one is tied to a model
through Wagtail's viewset registry (snippets and their choosers, whatever app registers them) or, for the core
admin, through the id it carries (``image_id``, ``document_id``, ``page_id``…). A view added later to any
registered store-owned viewset therefore joins the matrix by itself; a URL that the matrix cannot build fails the
test so that someone teaches it how, rather than skipping it silently.

Roles: the editor of store A requests store B's objects (GET and POST) and must be refused (403, 404, 405 or a
redirect that is not a success page) with nothing changed; a curator requests every product URL and no product
changes. Positive side: the same editor opens the same kinds of views on their own objects.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.forms.models import model_to_dict
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.admin.viewsets import viewsets as viewset_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Revision

from catalog.models import Stock, Store
from tests.factories import make_curator, make_editor, make_product

pytestmark = pytest.mark.django_db

ID_KWARGS = {"pk", "page_id", "parent_page_id", "page_to_move_id", "page_pk", "image_id", "document_id", "doc_id",
             "object_id"}
# Core admin namespaces whose ids belong to images, documents or pages.
NAMESPACE_MODELS = {
    "wagtailimages": "image", "wagtailimages_chooser": "image", "wagtailadmin_api:images": "image",
    "wagtaildocs": "document", "wagtaildocs_chooser": "document", "wagtailadmin_api:documents": "document",
    "wagtailadmin_api:pages": "page",
}
KWARG_MODELS = {"image_id": "image", "document_id": "document", "doc_id": "document", "page_id": "page",
                "parent_page_id": "page", "page_to_move_id": "page", "page_pk": "page"}
# URLs with an id that does not identify a store-owned object (uploads in progress, sessions, workflow tasks).
NOT_OBJECT_IDS = {"uploaded_file_id", "session_id", "task_state_id", "workflow_state_id", "task_id", "workflow_pk"}
REFUSED = {403, 404, 405, 400}


@dataclass
class AdminURL:
    namespace: str
    name: str
    route: str
    kwargs: tuple[str, ...]
    model_key: str

    @property
    def label(self):
        return f"{self.namespace}:{self.name}"


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace, pattern


def store_owned_models():
    """Every model the admin must scope to a store: models that declare ``store_path``, and the Store itself."""
    return [m for m in apps.get_models() if getattr(m, "store_path", None) or m is Store]


def _model_key(model):
    return model._meta.label_lower


def discover_admin_urls() -> list[AdminURL]:
    owned = {_model_key(m) for m in store_owned_models()}
    namespace_models = dict(NAMESPACE_MODELS)
    all_patterns = list(_walk(get_resolver().url_patterns))  # loads the admin URLconf, so viewsets are registered
    for viewset in viewset_registry.viewsets:
        model = getattr(viewset, "model", None)
        if isinstance(model, str):
            model = apps.get_model(model)
        if model is not None and _model_key(model) in owned:
            namespace_models[viewset.url_namespace] = _model_key(model)
            chooser = getattr(model, "snippet_viewset", None)
            if chooser is not None:
                namespace_models[chooser.get_chooser_admin_url_namespace()] = _model_key(model)
    found = []
    for route, namespace, pattern in all_patterns:
        if not route.startswith("admin/"):
            continue
        kwargs = tuple(pattern.pattern.regex.groupindex)
        id_kwargs = set(kwargs) & ID_KWARGS
        if not id_kwargs or (set(kwargs) & NOT_OBJECT_IDS and not id_kwargs - {"page_pk"}):
            continue
        key = namespace_models.get(namespace or "")
        if key is None:
            key = next((KWARG_MODELS[k] for k in kwargs if k in KWARG_MODELS), None)
        if key is None and {"app_label", "model_name", "object_id"} <= set(kwargs):
            for model in store_owned_models():  # generic per-object URLs (editing sessions…): every owned model
                found.append(AdminURL(namespace or "", pattern.name, route, kwargs, _model_key(model)))
            continue
        if key is None:
            continue  # an id of something that is not store-owned (users, groups, sites, workflows…)
        found.append(AdminURL(namespace or "", pattern.name or "", route, kwargs, key))
    return found


# --- objects of two stores ----------------------------------------------------------------------------------------


def _image(store, title):
    image = get_image_model().objects.create(
        title=title, file=get_test_image_file(), collection=store.collection, alt_text=title
    )
    return image


def _document(store, title):
    document = get_document_model()(title=title, collection=store.collection)
    document.file.save("sertifikat.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    return document


def _checkout_objects(store, chans, suffix):
    """Order, shipping rate and voucher of a store (the checkout app's models, built directly)."""
    objects = {}
    try:
        from checkout.models import Checkout, Order, ShippingRate, Voucher
    except ImportError:  # pragma: no cover - the library can run without checkout
        return objects
    checkout = Checkout.objects.create(
        idempotency_key=f"matrix-{suffix}", channel=chans["indonesia"], currency="IDR", email="b@example.id",
        phone="+6281234567890", recipient_name="Pembeli", street_address="Jl. Pesantren 1", terms_version="t",
        consented_at=timezone.now(),
    )
    objects["checkout.order"] = Order.objects.create(
        store=store, checkout=checkout, number=f"OP-{suffix}", currency="IDR", subtotal=Decimal(25000),
        total=Decimal(25000),
    )
    objects["checkout.shippingrate"] = ShippingRate.objects.create(
        store=store, name="JNE REG", channel=chans["indonesia"], price=Decimal(10000)
    )
    objects["checkout.voucher"] = Voucher.objects.create(
        store=store, code=f"HEMAT-{suffix}", kind="fixed", value=Decimal(5000), channel=chans["indonesia"],
        ends_at=timezone.now() + timedelta(days=30),
    )
    return objects


def objects_of(store, chans, suffix):
    product = make_product(store, f"Produk {suffix}", slug=f"produk-{suffix.lower()}", sku=f"SKU-{suffix}")
    product.save_revision()  # a draft revision too, so revision URLs have something to point at
    objects = {
        "catalog.product": product,
        "catalog.stock": Stock.objects.get(store=store, sku=f"SKU-{suffix}"),
        "catalog.store": store,
        "image": _image(store, f"Foto {suffix}"),
        "document": _document(store, f"Sertifikat {suffix}"),
        "page": store.storefront,
    }
    image_model_key = _model_key(get_image_model())
    objects[image_model_key] = objects["image"]
    objects[_model_key(get_document_model())] = objects["document"]
    from cms.models import ContentPage

    objects["draft_page"] = store.storefront.add_child(
        instance=ContentPage(title=f"Halaman rahasia {suffix}", slug=f"rahasia-{suffix.lower()}", live=False)
    )
    objects.update(_checkout_objects(store, chans, suffix))
    return objects


def snapshot(obj):
    """Everything that could change: the row itself, whether it exists, its revisions and log entries."""
    model = type(obj)
    row = model._default_manager.filter(pk=obj.pk).first()
    if row is None:
        return ("deleted",)
    if isinstance(row, Page):
        row = row.specific
    data = model_to_dict(row)
    data.pop("numchild", None)
    revisions = Revision.objects.filter(object_id=str(obj.pk), base_content_type__model=model._meta.model_name)
    return (repr(sorted(data.items(), key=lambda kv: kv[0])), revisions.count())


# --- building URLs -------------------------------------------------------------------------------------------------


def _url_kwargs(url: AdminURL, target, objects):
    model = type(target)
    revision = Revision.objects.filter(object_id=str(target.pk)).order_by("-pk").first()
    values = {}
    for name in url.kwargs:
        if name in ID_KWARGS:
            values[name] = target.pk
        elif name in ("revision_id",):
            values[name] = revision.pk if revision else 1
        elif name == "revision_id_a":
            values[name] = "earliest"
        elif name == "revision_id_b":
            values[name] = "latest"
        elif name in ("app_label", "app_name", "content_type_app_name"):
            values[name] = model._meta.app_label
        elif name in ("model_name", "content_type_model_name"):
            values[name] = model._meta.model_name
        elif name == "destination_id":
            values[name] = objects["page"].pk
        elif name == "filter_spec":
            values[name] = "original"
        elif name in ("action_name", "action"):
            values[name] = "publish"
        else:
            values[name] = 1
    return values


def build(url: AdminURL, target, objects) -> str:
    name = f"{url.namespace}:{url.name}" if url.namespace else url.name
    kwargs = _url_kwargs(url, target, objects)
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        # Several patterns can share a name (e.g. with and without an optional id); fill the route directly.
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), url.route)
        return path.replace("^", "").replace("$", "")


# Views that answer 200 by design without showing the object; each must still not show any of store B's data.
ANSWERS_WITHOUT_DATA = {
    # Only says whether a workflow needs cancelling ({"step": "no_confirmation_needed"}); no workflows are used.
    "wagtailadmin_pages:confirm_workflow_cancellation",
    # The page chooser's header names the parent page (a published storefront, public anyway); its list of child
    # pages is filtered to the editor's own storefront by ``construct_page_chooser_queryset``.
    "wagtailadmin_choose_page_child",
}


def _is_refusal(response, client=None, objects=None, depth=0) -> bool:
    if response.status_code in REFUSED:
        return True
    if response.status_code in (301, 302):
        # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard (or to login); some views
        # redirect to another view of the same object (revisions -> history), which must refuse in turn.
        location = response.get("Location", "")
        if location.split("?")[0].rstrip("/").endswith("/admin") or "/login/" in location:
            return True
        if client is not None and depth < 2 and location.startswith("/admin/"):
            followed = client.get(location)
            if followed.status_code == 200 and objects is not None:
                # Sent somewhere else (the page explorer sends an editor to their own storefront): fine as long
                # as nothing of the other store is shown there.
                return _shows_no_data_of(followed, objects) and f"/{objects['page'].pk}/" not in location
            return _is_refusal(followed, client, objects, depth + 1)
    return False


def _shows_no_data_of(response, objects) -> bool:
    body = response.content.decode(errors="replace")
    secrets = [objects["catalog.product"].title, objects["catalog.stock"].sku, objects["image"].title,
               objects["document"].title]
    draft = objects.get("draft_page")
    if draft is not None:
        secrets.append(draft.title)
    return not any(secret in body for secret in secrets)


# --- the matrix ------------------------------------------------------------------------------------------------------


@pytest.fixture
def two_stores(store, other_store, chans):
    return objects_of(store, chans, "A"), objects_of(other_store, chans, "B")


def test_matrix_covers_every_store_owned_model():
    keys = {u.model_key for u in discover_admin_urls()}
    for model in store_owned_models():
        if getattr(model, "snippet_viewset", None) is not None:
            assert _model_key(model) in keys, f"{model._meta.label} is registered in the admin but has no URLs"
    assert {"image", "document", "page", "catalog.product", "catalog.stock", "catalog.store"} <= keys


def test_editor_of_store_a_is_refused_every_object_url_of_store_b(client, store, two_stores):
    _mine, theirs = two_stores
    client.force_login(make_editor(store))
    urls = discover_admin_urls()
    leaks, tried = [], 0
    for url in urls:
        target = theirs.get(url.model_key)
        if target is None:
            continue
        before = {key: snapshot(obj) for key, obj in theirs.items() if "." in key or key in ("page",)}
        path = build(url, target, theirs)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            tried += 1
            if url.label.lstrip(":") in ANSWERS_WITHOUT_DATA and response.status_code == 200:
                if _shows_no_data_of(response, theirs):
                    continue
            if not _is_refusal(response, client, theirs):
                leaks.append(
                    f"{method.upper()} {path} ({url.label}) -> {response.status_code} {response.get('Location', '')}"
                )
        after = {key: snapshot(obj) for key, obj in theirs.items() if "." in key or key in ("page",)}
        changed = [key for key in before if before[key] != after[key]]
        if changed:
            leaks.append(f"{path} ({url.label}) changed {changed}")
    models = {u.model_key for u in urls if u.model_key in theirs}
    print(f"\npermission matrix (editor of another store): {len(models)} models, {len(urls)} URL patterns, "
          f"{tried} requests (GET+POST)")
    assert tried > 100
    assert not leaks, "\n".join(leaks)


def test_curator_cannot_change_any_product(client, two_stores):
    mine, theirs = two_stores
    client.force_login(make_curator())
    product_urls = [u for u in discover_admin_urls() if u.model_key == "catalog.product"]
    changed, tried = [], 0
    for objects in (mine, theirs):
        product = objects["catalog.product"]
        for url in product_urls:
            before = snapshot(product)
            path = build(url, product, objects)
            client.get(path)
            client.post(path, {"title": "Diubah kurator", "action-publish": "1"})
            tried += 2
            if snapshot(product) != before:
                changed.append(f"{path} ({url.label})")
    print(f"\npermission matrix (curator): 1 model, {len(product_urls)} URL patterns, {tried} requests")
    assert tried > 20
    assert not changed, "\n".join(changed)


POSITIVE_VIEWS = {"edit", "delete", "history", "usage", "inspect", "copy", "image_usage", "document_usage"}


def test_editor_can_open_every_kind_of_view_on_their_own_objects(client, store, two_stores):
    mine, _theirs = two_stores
    editor = make_editor(store)
    client.force_login(editor)
    opened, failures = 0, []
    for url in discover_admin_urls():
        if url.name not in POSITIVE_VIEWS or url.namespace.startswith("wagtailadmin_api"):
            continue
        target = mine.get(url.model_key)
        if target is None:
            continue
        needed = {"delete": "delete", "copy": "add"}.get(url.name)
        opts = type(target)._meta
        if needed and "." in url.model_key and not editor.has_perm(f"{opts.app_label}.{needed}_{opts.model_name}"):
            continue  # e.g. editors do not delete their store or stock rows; the matrix checks the refusal
        if url.model_key == "page" and url.name != "edit":
            continue
        path = build(url, target, mine)
        response = client.get(path, follow=True)  # e.g. an order's edit view may redirect to its detail view
        opened += 1
        final = response.redirect_chain[-1][0] if response.redirect_chain else path
        if response.status_code != 200 or "/login/" in final or final.rstrip("/").endswith("/admin"):
            failures.append(f"GET {path} ({url.label}) -> {response.status_code} {final}")
    assert opened >= 10
    assert not failures, "\n".join(failures)


def test_editor_page_explorer_and_image_chooser_show_only_their_store(client, store, other_store, two_stores):
    mine, theirs = two_stores
    client.force_login(make_editor(store))
    chooser = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    assert mine["image"].title in chooser and theirs["image"].title not in chooser
    listing = client.get(reverse("wagtailimages:index")).content.decode()
    assert mine["image"].title in listing and theirs["image"].title not in listing
    docs = client.get(reverse("wagtaildocs:index")).content.decode()
    assert mine["document"].title in docs and theirs["document"].title not in docs
    assert client.get(reverse("wagtailadmin_pages:edit", args=[store.storefront.pk])).status_code == 200
    assert _is_refusal(client.get(reverse("wagtailadmin_pages:edit", args=[other_store.storefront.pk])))


def test_custom_image_model_with_alt_text_works_in_the_admin(client, store, two_stores):
    mine, _theirs = two_stores
    client.force_login(make_editor(store))
    image = mine["image"]
    response = client.get(reverse("wagtailimages:edit", args=[image.pk]))
    assert response.status_code == 200
    assert 'name="alt_text"' in response.content.decode()
    assert settings.WAGTAILIMAGES_IMAGE_MODEL == "cms.ShopImage"
