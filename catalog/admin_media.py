"""Tags of images and documents, limited to the collections the user may use.

Wagtail's collection permissions scope the image and document listings and choosers, but the tag names shown next
to them are taken from every image and document of the site: the "popular tags" filter of the image and document
listings and of the image chooser, and the tag autocomplete. Another store's tag names (a product line, a
supplier) were readable that way. ``catalog.admin_guards`` routes those URLs to the views below.
"""

import functools

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from taggit.models import Tag
from wagtail.admin.filters import PopularTagsFilter
from wagtail.documents import get_document_model
from wagtail.documents.views.documents import DocumentsFilterSet
from wagtail.documents.views.documents import IndexView as DocumentIndexView
from wagtail.images import get_image_model
from wagtail.images.views.chooser import viewset as image_chooser_viewset
from wagtail.images.views.images import ImagesFilterSet
from wagtail.images.views.images import IndexView as ImageIndexView
from wagtail.permissions import policy_registry

AUTOCOMPLETE_LIMIT = 10
MEDIA_ACTIONS = ["add", "change", "choose", "delete"]


def media_models():
    return (get_image_model(), get_document_model())


def tags_visible_to(user, models=None):
    """Tags used on the images and documents ``user`` may use (every tag for superusers)."""
    if user.is_superuser:
        return Tag.objects.all()
    condition = Q()
    for model in models or media_models():
        ids = policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, MEDIA_ACTIONS)
        condition |= Q(
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(model),
            taggit_taggeditem_items__object_id__in=ids.values("pk"),
        )
    return Tag.objects.filter(condition).distinct()


def popular_tags_for(model, user, count=10):
    return (
        tags_visible_to(user, [model])
        .annotate(item_count=Count("taggit_taggeditem_items"))
        .order_by("-item_count", "name")[:count]
    )


def tag_autocomplete(request, app_name=None, model_name=None):
    """Wagtail's tag autocomplete over the user's own tags. Custom tag models are for superusers only."""
    if app_name and model_name:
        tag_model = ContentType.objects.filter(app_label=app_name, model=model_name).first()
        if tag_model is None or tag_model.model_class() is not Tag and not request.user.is_superuser:
            raise Http404
    term = request.GET.get("term", "")
    tags = tags_visible_to(request.user).filter(name__istartswith=term) if term else Tag.objects.none()
    return JsonResponse(list(tags.order_by("name").values_list("name", flat=True)[:AUTOCOMPLETE_LIMIT]), safe=False)


class ScopedPopularTagsMixin:
    """A media filter set whose tag filter offers only the user's own tags."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, is_searching=None):
        super().__init__(data, queryset, request=request, prefix=prefix, is_searching=is_searching)
        wagtails = self.filters.pop("tag", None)  # built from every image's tags; keep its (translated) labels
        popular = popular_tags_for(self._meta.model, request.user) if wagtails is not None else []
        if popular:
            self.filters["tag"] = PopularTagsFilter(
                label=wagtails.label, field_name="tags__name", choices=[(t.name, t.name) for t in popular],
                widget=forms.CheckboxSelectMultiple, use_subquery=is_searching,
                help_text=wagtails.extra.get("help_text"),
            )


class ScopedImagesFilterSet(ScopedPopularTagsMixin, ImagesFilterSet):
    class Meta(ImagesFilterSet.Meta):
        pass


class ScopedDocumentsFilterSet(ScopedPopularTagsMixin, DocumentsFilterSet):
    class Meta(DocumentsFilterSet.Meta):
        pass


class ScopedImageIndexView(ImageIndexView):
    filterset_class = ScopedImagesFilterSet


class ScopedDocumentIndexView(DocumentIndexView):
    filterset_class = ScopedDocumentsFilterSet


class _ScopedChooserTagsMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["popular_tags"] = popular_tags_for(self.model, self.request.user)
        return context


@functools.cache
def image_choose_view():
    """Wagtail's image chooser view, built by its own viewset, with the user's popular tags."""
    viewset = image_chooser_viewset
    view_class = type("ScopedImageChooseView", (_ScopedChooserTagsMixin, viewset.choose_view_class), {})
    view_class = viewset.inject_view_methods(view_class, ["get_object_list"])
    return viewset.construct_view(
        view_class, icon=viewset.icon, page_title=viewset.page_title,
        search_tab_label=viewset.search_tab_label, creation_tab_label=viewset.creation_tab_label,
    )
