"""Reviews in the Wagtail admin (menu "Ulasan"): one page per review, with the store's reply and the curators'
hide/show.

- store editors: their stores' reviews only (``catalog.scoping.scope_queryset``, write scope for a reply), and
  ``checkout.change_review`` to reply, once;
- curators and administrators: every store's reviews (read scope), and ``checkout.hide_review`` to hide one with
  a reason or show it again. A curator cannot reply for a store (the reply needs the write scope).
Anything else: 404 (another store's review) or 403 (no permission).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.scoping import scope_queryset

from .errors import ReviewError
from .models import Review
from .services.reviews import hide_review, reply_to_review, show_review


def _get_review(request, pk, *, write: bool) -> Review:
    if not request.user.has_perm("checkout.view_review"):
        raise PermissionDenied
    qs = scope_queryset(
        Review.objects.select_related("store", "product", "order_line__order", "replied_by", "hidden_by"),
        request.user, write=write,
    )
    try:
        return qs.get(pk=pk)
    except (Review.DoesNotExist, ValueError, TypeError):
        raise Http404(_("This review does not exist or does not belong to your store."))


def _may_reply(user, review) -> bool:
    return user.has_perm("checkout.change_review") and scope_queryset(
        Review.objects.filter(pk=review.pk), user, write=True
    ).exists()


def _act(request, pk) -> None:
    """One POST: the review is loaded first (write scope for a reply or anything unknown, read scope for a
    curator's hide/show), so another store's review is a 404 whatever the action."""
    action = request.POST.get("action")
    moderation = action in ("hide", "show")
    review = _get_review(request, pk, write=not moderation)
    if moderation and not request.user.has_perm("checkout.hide_review"):
        raise PermissionDenied
    if action == "reply":
        if not request.user.has_perm("checkout.change_review"):
            raise PermissionDenied
        reply_to_review(review, request.POST.get("reply", ""), user=request.user)
        messages.success(request, _("Your reply is published under the review."))
    elif action == "hide":
        hide_review(review, request.POST.get("reason", ""), user=request.user)
        messages.success(request, _("The review is hidden from the product page."))
    elif action == "show":
        show_review(review, user=request.user)
        messages.success(request, _("The review is shown on the product page again."))
    else:
        raise ReviewError(_("Unknown action."))


def review_detail(request, pk):
    if request.method == "POST":
        try:
            _act(request, pk)
        except ReviewError as exc:
            messages.error(request, exc.message)
        return redirect("checkout_reviews:review", pk=pk)
    review = _get_review(request, pk, write=False)
    title = _("Review of %(product)s") % {"product": review.product.title}
    return TemplateResponse(request, "checkout/admin/review_detail.html", {
        "review": review,
        "photos": [p.image for p in review.photos.select_related("image")],
        "can_reply": not review.reply and _may_reply(request.user, review),
        "can_hide": request.user.has_perm("checkout.hide_review"),
        "header_title": title, "page_title": title, "header_icon": "comment",
        "index_url": reverse("wagtailsnippets_checkout_review:list"),
    })
