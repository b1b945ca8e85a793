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

import datetime
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
from taggit.models import Tag
from wagtail.admin.viewsets import viewsets as viewset_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from catalog.models import Campaign, CampaignVisitDay, ImportJob, ImportStatus, Stock, Store
from tests import admin_sweep
from tests.factories import make_curator, make_editor, make_product

pytestmark = pytest.mark.django_db

ID_KWARGS = {"pk", "page_id", "parent_page_id", "page_to_move_id", "page_pk", "image_id", "document_id", "doc_id",
             "object_id"}
# Core admin namespaces whose ids belong to images, documents or pages.
NAMESPACE_MODELS = {
    "wagtailimages": "image", "wagtailimages_chooser": "image", "wagtailadmin_api:images": "image",
    "wagtaildocs": "document", "wagtaildocs_chooser": "document", "wagtailadmin_api:documents": "document",
    "wagtailadmin_api:pages": "page",
    # The checkout app's own admin pages beside its snippets: an order's page and packing slip, a review's page.
    "checkout_admin": "checkout.order", "checkout_reviews": "checkout.review",
    "opop_imports": "catalog.importjob",  # products in bulk (catalog.admin_imports)
}
KWARG_MODELS = {"image_id": "image", "document_id": "document", "doc_id": "document", "page_id": "page",
                "parent_page_id": "page", "page_to_move_id": "page", "page_pk": "page"}
# URLs with an id that does not identify a store-owned object (uploads in progress, sessions, workflow tasks).
NOT_OBJECT_IDS = {"uploaded_file_id", "session_id", "task_state_id", "workflow_state_id", "task_id", "workflow_pk"}
REFUSED = {403, 404, 405, 400}
# Admin URLs of apps without a snippet viewset whose id is a store's object (or holds one): (namespace, name) -> key.
CUSTOM_URL_MODELS = {
    **{("payouts_admin", name): "payouts.payoutbatch"
       for name in ("batch", "send_batch", "mark_paid", "transfer_file", "statement")},
    ("payouts_admin", "approve_change"): "payouts.payoutaccountchange",
    ("payouts_admin", "reject_change"): "payouts.payoutaccountchange",
}


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
        key = namespace_models.get(namespace or "") or CUSTOM_URL_MODELS.get((namespace or "", pattern.name))
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
    image.tags.add(f"rahasia-{title.split()[-1].lower()}")
    return image


def _document(store, title):
    document = get_document_model()(title=title, collection=store.collection)
    document.file.save("sertifikat.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    document.tags.add(f"rahasia-dok-{title.split()[-1].lower()}")
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
        store=store, checkout=checkout, number=f"RAHASIA-{suffix}-1", currency="IDR", subtotal=Decimal(25000),
        total=Decimal(25000),
    )
    objects["checkout.shippingrate"] = ShippingRate.objects.create(
        store=store, name=f"Rahasia ongkir {suffix}", channel=chans["indonesia"], price=Decimal(10000)
    )
    objects["checkout.voucher"] = Voucher.objects.create(
        store=store, code=f"RAHASIA-{suffix}", kind="fixed", value=Decimal(5000), channel=chans["indonesia"],
        ends_at=timezone.now() + timedelta(days=30),
    )
    return objects


def _campaign(store, suffix, order):
    """A campaign link with a visit and the store's order credited to it (what the campaign report shows)."""
    campaign = Campaign.objects.create(
        store=store, name=f"Rahasia kampanye {suffix}", source="whatsapp", code=f"rahasia-{suffix.lower()}"
    )
    CampaignVisitDay.objects.create(campaign=campaign, day=timezone.localdate(), visits=3)
    if order is not None:
        type(order).objects.filter(pk=order.pk).update(campaign=campaign, campaign_source="whatsapp", status="paid")
        order.refresh_from_db()
    return campaign


def _review(order, product, suffix):
    """A delivered line of the store's order, reviewed by its buyer, with a photo."""
    from checkout.models import OrderLine, Review, ReviewPhoto

    variant = product.variants.first()
    line = OrderLine.objects.create(
        order=order, variant=variant, product_title=product.title, sku=variant.sku, quantity=1,
        unit_price=Decimal(25000), total=Decimal(25000),
    )
    review = Review.objects.create(
        store=order.store, order_line=line, product=product, rating=4, body=f"Rahasia ulasan {suffix}",
        author_name=f"Pembeli {suffix}",
    )
    photo = get_image_model().objects.create(title=f"Foto ulasan {suffix}", file=get_test_image_file())
    ReviewPhoto.objects.create(review=review, image=photo)
    return review


def _payout_objects(store, chans, suffix):
    """A store's payout things: an approved bank account, a change waiting for approval, a delivered order and the
    batch (its own period) that pays the store."""
    try:
        from checkout.payouts.models import StorePayoutAccount, StorePayoutTerms
        from checkout.payouts.services import accounts, batches
        from checkout.payouts.tests.helpers import deliver, paid_order
    except ImportError:  # pragma: no cover - the library can run without payouts
        return {}
    StorePayoutAccount.objects.create(store=store, bank_code="bca", bank_name="BCA", account_number="1234567890",
                                      holder_name=f"Rahasia {suffix}", approved_at=timezone.now())
    change = accounts.submit_change(store, {"bank_code": "bni", "bank_name": f"Rahasia {suffix}",
                                            "account_number": "0987654321", "holder_name": f"Rahasia {suffix}"},
                                    user=None)
    order = deliver(paid_order(store, chans["indonesia"], Decimal(50000)))
    type(order).objects.filter(pk=order.pk).update(number=f"RAHASIA-{suffix}-PAY")
    day = datetime.date(2026, 1, 1) + timedelta(days=0 if suffix.endswith("A") else 1)
    batch = batches.create_batch(day, day, cutoff=timezone.now() + timedelta(days=30))
    terms = StorePayoutTerms.objects.create(store=store, commission_percent=Decimal("4.5"))
    return {"payouts.payoutbatch": batch, "payouts.payoutaccountchange": change, "payouts.storepayoutterms": terms}


def _page_activity(store, draft, editor):
    """What the page reports show: a publish by the store's editor (aging pages), a draft in moderation (workflow
    reports) and locked (locked pages)."""
    draft.save_revision(user=editor)
    store.storefront.save_revision(user=editor).publish(user=editor)
    workflow = draft.get_workflow()
    if workflow is not None:
        workflow.start(draft, editor)
    type(draft).objects.filter(pk=draft.pk).update(locked=True, locked_by=editor, locked_at=timezone.now())


def _import_job(store, editor, suffix):
    """A checked product file of the store, ready to apply (``catalog.admin_imports``)."""
    job = ImportJob(store=store, original_name=f"rahasia-{suffix.lower()}.csv", status=ImportStatus.READY,
                    created_by=editor)
    job.file.save(f"rahasia-{suffix.lower()}.csv", ContentFile(b"sku,stock\nRAHASIA-SKU,1\n"), save=False)
    job.save()
    return job


def objects_of(store, chans, suffix):
    """A store's objects, each with ``suffix`` (``ZQA``, ``ZQB``) in its name, code or number, and the word
    ``Rahasia`` that the admin searches are tried with."""
    editor = make_editor(store, username=f"editor-{suffix.lower()}")
    product = make_product(
        store, f"Rahasia produk {suffix}", slug=f"produk-{suffix.lower()}", sku=f"RAHASIA-SKU-{suffix}"
    )
    product.title = f"Rahasia draf {suffix}"
    product.save_revision(user=editor)  # a draft revision too, so revision URLs have something to point at
    product.refresh_from_db()
    objects = {
        "catalog.product": product,
        "catalog.stock": Stock.objects.get(store=store, sku=f"RAHASIA-SKU-{suffix}"),
        "catalog.store": store,
        "catalog.importjob": _import_job(store, editor, suffix),
        "image": _image(store, f"Rahasia foto {suffix}"),
        "document": _document(store, f"Rahasia sertifikat {suffix}"),
        "page": store.storefront,
        "_editor": editor,
        "_marker": suffix,
        "_tag": Tag.objects.get(name=f"rahasia-{suffix.lower()}"),
    }
    image_model_key = _model_key(get_image_model())
    objects[image_model_key] = objects["image"]
    objects[_model_key(get_document_model())] = objects["document"]
    from cms.models import ContentPage

    objects["draft_page"] = store.storefront.add_child(
        instance=ContentPage(title=f"Halaman rahasia {suffix}", slug=f"rahasia-{suffix.lower()}", live=False)
    )
    _page_activity(store, objects["draft_page"], editor)
    objects.update(_checkout_objects(store, chans, suffix))
    objects["catalog.campaign"] = _campaign(store, suffix, objects.get("checkout.order"))
    if "checkout.order" in objects:
        objects["checkout.review"] = _review(objects["checkout.order"], product, suffix)
    objects.update(_payout_objects(store, chans, suffix))
    for key in ("image", "document", "catalog.stock", "checkout.order", "checkout.shippingrate", "checkout.voucher",
                "checkout.review"):
        if key in objects:
            log(objects[key], "wagtail.edit", user=editor)  # site history has an entry of each, by the store's editor
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


def marker_pattern(objects):
    """The store's marker as a whole word, any case (random tokens in a page are letters and digits only, so a
    marker between other characters is never a coincidence)."""
    return re.compile(rf"(?<![A-Za-z0-9]){objects['_marker']}(?![A-Za-z0-9])", re.IGNORECASE)


def _shows_no_data_of(response, objects) -> bool:
    return not marker_pattern(objects).search(response.content.decode(errors="replace"))


# --- the matrix ------------------------------------------------------------------------------------------------------


@pytest.fixture
def two_stores(store, other_store, chans):
    return objects_of(store, chans, "ZQA"), objects_of(other_store, chans, "ZQB")


def test_matrix_covers_every_store_owned_model():
    keys = {u.model_key for u in discover_admin_urls()}
    for model in store_owned_models():
        if getattr(model, "snippet_viewset", None) is not None:
            assert _model_key(model) in keys, f"{model._meta.label} is registered in the admin but has no URLs"
    assert {"image", "document", "page", "catalog.product", "catalog.stock", "catalog.store"} <= keys
    assert {"payouts.payoutbatch", "payouts.payoutaccountchange"} <= keys  # CUSTOM_URL_MODELS


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
# Store-owned models only administrators change (the editor is refused even their own store's row).
ADMIN_ONLY_MODELS = {"payouts.storepayoutterms"}


def test_editor_can_open_every_kind_of_view_on_their_own_objects(client, store, two_stores):
    mine, _theirs = two_stores
    editor = make_editor(store)
    client.force_login(editor)
    opened, failures = 0, []
    for url in discover_admin_urls():
        if url.name not in POSITIVE_VIEWS or url.namespace.startswith("wagtailadmin_api"):
            continue
        target = mine.get(url.model_key)
        if target is None or url.model_key in ADMIN_ONLY_MODELS:
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


# --- every admin GET --------------------------------------------------------------------------------------------


def _sweep_model_lookup(theirs):
    """Store B's object for a pattern, from the same discovery as the POST matrix (plus the non-store admin)."""
    by_pattern = {(u.namespace, u.name, u.route): theirs.get(u.model_key) for u in discover_admin_urls()}
    by_namespace = {
        "wagtailadmin_collections": theirs["catalog.store"].collection,
        "wagtailusers_users": theirs["_editor"],
        "wagtailusers_groups": theirs["catalog.store"].editors_group,
    }

    def lookup(pattern):
        found = by_pattern.get((pattern.namespace, pattern.name, pattern.route))
        return found if found is not None else by_namespace.get(pattern.namespace)

    return lookup


def _sweep(client, objects):
    lookup = _sweep_model_lookup(objects)
    leaks, errors, tried = [], [], 0
    for pattern in admin_sweep.admin_patterns():
        urls = admin_sweep.gets_for(pattern, objects, lookup)
        if any(k in pattern.kwargs for k in ("page_id", "parent_page_id", "page_to_move_id", "page_pk")):
            draft = objects["draft_page"].pk
            urls += [url.replace(f"/{objects['page'].pk}/", f"/{draft}/") for url in urls]
        for url in dict.fromkeys(urls):
            response = client.get(url, follow=True)
            tried += 1
            if response.status_code >= 500:
                errors.append(f"GET {url} ({pattern.label}) -> {response.status_code}")
            elif not _shows_no_data_of(response, objects):
                leaks.append(f"GET {url} ({pattern.label}) -> {response.status_code}")
    return tried, leaks, errors


def test_editor_of_store_a_sees_nothing_of_store_b_on_any_admin_get(client, store, two_stores):
    """Every admin URL pattern, GET, as the editor of store A: no name, code or number of store B in any body."""
    mine, theirs = two_stores
    client.force_login(mine["_editor"])
    client.raise_request_exception = False  # a 500 is reported with the others, not raised
    tried, leaks, errors = _sweep(client, theirs)
    print(f"\nadmin GET sweep (editor of another store): {len(admin_sweep.admin_patterns())} URL patterns, "
          f"{tried} requests")
    assert tried > 500
    assert not leaks + errors, "store B's data shown to store A's editor:\n" + "\n".join(leaks + errors)
    # The sweep can see a leak: the same pages show store A's own markers to store A's editor.
    for url in (reverse("wagtailsnippets_checkout_voucher:list"), reverse("wagtailadmin_reports:site_history"),
                reverse("wagtailimages:index"), reverse("wagtailsnippets_catalog_stock:list")):
        assert not _shows_no_data_of(client.get(url), mine), url


def test_campaign_report_shows_an_editor_only_their_own_stores(client, store, two_stores):
    """The report (no object id in its URL, so outside the matrix above; ``?store=`` is in ``STORE_IN_QUERY``
    below): store B's campaign, visits and order never reach store A's editor, whatever range the query names."""
    mine, theirs = two_stores
    client.force_login(mine["_editor"])
    report = reverse("checkout_admin:campaign_report")
    today = timezone.localdate()
    for query in ("", "?start=2000-01-01&end=2000-12-31", f"?start={today}&end={today}"):
        response = client.get(report + query)
        assert response.status_code == 200, query
        assert _shows_no_data_of(response, theirs), query
    assert client.get(f"{report}?store={theirs['catalog.store'].pk}").status_code == 404
    assert client.get(f"{report}?store=abc").status_code == 404
    own = client.get(report).content.decode()
    assert marker_pattern(mine).search(own)  # the page does show the editor's own campaign


# --- the curators' review queue of store applications (issue 13.6) -------------------------------------------


def _application_urls(application) -> list[tuple[str, str]]:
    """Every admin URL of the review queue (discovered, so a view added later joins), filled with the
    application's id: (label, path)."""
    urls = []
    for pattern in admin_sweep.admin_patterns():
        if pattern.namespace == "catalog_applications":
            urls.append((pattern.label, admin_sweep.fill(pattern.route, {"pk": application.pk})))
    return urls


def test_store_editors_get_403_on_every_application_url_and_nothing_changes(client, store, chans):
    from catalog.models import StoreApplication

    application = StoreApplication.objects.create(
        pesantren_name="Pesantren Rahasia ZQB", cooperative_name="Koperasi ZQB", legal_seller="Koperasi ZQB",
        contact_name="Ahmad", email="zqb@example.id", whatsapp="+6281234567890", products="Madu", nib="9120001234567",
        bank_name="BSI", bank_account_number="7123456789", bank_account_holder="Koperasi ZQB",
    )
    before = snapshot(application)
    stores = Store.objects.count()
    urls = _application_urls(application)
    assert {label.split(":")[1] for label, _path in urls} == {"list", "detail", "approve", "reject"}
    client.force_login(make_editor(store))
    for label, path in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(path, {"slug": "rahasia-zqb", "reason": "tidak"})
            assert response.status_code in (403, 405), f"{method.upper()} {path} ({label}) -> {response.status_code}"
            assert "ZQB" not in response.content.decode()
    assert snapshot(application) == before and Store.objects.count() == stores

    client.force_login(make_curator())
    for label, path in urls:
        if label.endswith((":list", ":detail")):
            assert client.get(path).status_code == 200, label
    client.logout()
    for label, path in urls:
        assert client.get(path).status_code == 302, label  # to the login page

# --- admin views that take the store in the query string ------------------------------------------------------------

# Admin URLs that read a store's figures from ``?<parameter>=<store id>`` (no id in the path, so the discovery above
# does not see them): each is tried with store B's id, as a page and as every export.
STORE_IN_QUERY = {"payments_admin:sales_report": ("store", ("", "csv", "xlsx")),
                  "checkout_admin:campaign_report": ("store", ("",))}


def _paid_order_of(objects):
    """A paid order of the store with a line named with its marker: what a sales report would show."""
    from checkout.models import OrderLine, OrderStatus

    order = objects["checkout.order"]
    type(order).objects.filter(pk=order.pk).update(status=OrderStatus.PAID, paid_at=timezone.now())
    OrderLine.objects.create(order=order, product_title=f"Rahasia laris {objects['_marker']}", sku="R-1",
                             quantity=1, unit_price=Decimal(25000), total=Decimal(25000))


def test_editor_of_store_a_cannot_read_store_b_in_any_store_query_view(client, store, two_stores):
    mine, theirs = two_stores
    for objects in two_stores:
        _paid_order_of(objects)
    client.force_login(mine["_editor"])
    leaks, tried = [], 0
    for name, (parameter, exports) in STORE_IN_QUERY.items():
        url = reverse(name)
        for export in exports:
            query = {parameter: theirs["catalog.store"].pk, "export": export}
            for response in (client.get(url, query), client.post(url, query)):
                tried += 1
                if not _is_refusal(response) or not _shows_no_data_of(response, theirs):
                    leaks.append(f"{url}?{parameter}=<B>&export={export} -> {response.status_code}")
        own = client.get(url)  # their own store's figures by default: store A's marker, never store B's
        if _shows_no_data_of(own, mine) or not _shows_no_data_of(own, theirs):
            leaks.append(f"{url} (own store) shows the wrong store")
    client.force_login(make_curator())  # the marketplace report does show store B: the check above can see a leak
    assert not _shows_no_data_of(client.get(reverse("payments_admin:sales_report")), theirs)
    assert tried >= 6
    assert not leaks, "\n".join(leaks)

# --- legal pages: admins only ----------------------------------------------------------------------------------------

# Admin views that only read a page (a legal page is public anyway): the explorer, the chooser, the admin API's
# detail, the revisions index (a redirect to the history) and the workflow question; any other must refuse.
READ_ONLY_PAGE_VIEWS = {"wagtailadmin_explore", "wagtailadmin_explore_results", "wagtailadmin_choose_page_child",
                        "detail", "revisions_index", "confirm_workflow_cancellation"}


def _legal_page_roles(store, home):
    """A store's editor, a curator, and an editor whose group was (wrongly) given every permission on the home page:
    none of them may change a legal page."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    generous = make_editor(store, username="editor-home-rights")
    for permission in Permission.objects.filter(content_type__app_label="wagtailcore", content_type__model="page"):
        GroupPagePermission.objects.get_or_create(group=store.editors_group, page=home, permission=permission)
    return {"editor": make_editor(store, username="editor-legal"), "curator": make_curator(), "generous": generous}


def test_only_admins_edit_the_legal_pages(client, store, home, django_user_model):
    from cms.models import LegalPage
    from shop.demo.legal import ensure_legal_pages

    terms, _privacy = ensure_legal_pages(home)
    objects = {"page": terms, "_marker": "LEGAL"}
    page_urls = [u for u in discover_admin_urls() if u.model_key == "page"]
    add_url = reverse("wagtailadmin_pages:add", args=["cms", "legalpage", home.pk])
    tried, leaks = 0, []
    for role, user in _legal_page_roles(store, home).items():
        client.force_login(user)
        assert not terms.permissions_for_user(user).can_edit(), role
        for url in page_urls:
            path = build(url, terms, objects)
            before = snapshot(terms)
            get = client.get(path)
            client.post(path, {"title": "Diubah", "slug": "diubah", "kind": "terms", "body": "<p>x</p>",
                               "action-publish": "1"})
            tried += 2
            if snapshot(terms) != before:
                leaks.append(f"{role}: {path} ({url.label}) changed the page")
            if url.name not in READ_ONLY_PAGE_VIEWS and not _is_refusal(get):
                leaks.append(f"{role}: GET {path} ({url.label}) -> {get.status_code}")
        response = client.post(add_url, {"title": "Syarat palsu", "slug": "syarat-palsu", "kind": "privacy",
                                         "body": "<p>x</p>", "action-publish": "1"})
        tried += 1
        if not _is_refusal(response) or LegalPage.objects.filter(slug="syarat-palsu").exists():
            leaks.append(f"{role}: POST {add_url} -> {response.status_code}")
    print(f"\npermission matrix (legal pages): 3 roles, {len(page_urls)} page URL patterns, {tried} requests")
    assert tried > 60
    assert not leaks, "\n".join(leaks)
    admin = django_user_model.objects.create_superuser("admin-legal", "admin@example.id", "x")
    client.force_login(admin)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[terms.pk])).status_code == 200
    assert terms.permissions_for_user(admin).can_publish()
