"""The buyer's review page, reached from the "delivered" e-mail with a signed link (``checkout.review_links``).

GET lists the order's lines: a form for each delivered line not reviewed yet, the review already written for the
others. POST (one line at a time) saves a review through ``checkout.services.reviews.submit_review``; any refusal
shows its message on the page with nothing saved. A bad, altered or expired link answers 404 with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from .errors import ReviewError
from .models import Order, OrderLine
from .review_forms import ReviewForm
from .review_links import order_id_from_token
from .review_selectors import review_lines
from .services.reviews import is_reviewable, submit_review


def _invalid_link(request):
    return render(request, "checkout/review_invalid.html", status=404)


def review_order(request, token: str):
    order_id = order_id_from_token(token)
    order = Order.objects.select_related("store", "checkout").filter(pk=order_id).first() if order_id else None
    if order is None:
        return _invalid_link(request)
    # In the buyer's language, as the e-mail was (a buyer abroad opens the link in a fresh browser).
    with translation.override(order.checkout.language or "id"):
        return _review_page(request, order)  # ``render`` renders at once, inside the override


def _review_page(request, order):
    forms_by_line, error = {}, ""
    if request.method == "POST":
        line = OrderLine.objects.filter(order=order, pk=request.POST.get("line") or 0).first() if (
            str(request.POST.get("line") or "").isdigit()) else None
        form = ReviewForm(request.POST, request.FILES)
        if line is None:
            error = _("This product is not part of your order.")
        elif form.is_valid():
            try:
                submit_review(line, rating=form.cleaned_data["rating"], body=form.cleaned_data["body"],
                              photos=form.cleaned_data["photos"])
            except ReviewError as exc:
                error = str(exc.message)
            else:
                messages.success(request, _("Thank you! Your review of %(product)s is published.")
                                 % {"product": line.product_title})
                return redirect(request.path)
        else:
            forms_by_line[line.pk] = form
    rows = [
        {"line": line, "review": review, "product": product,
         "form": forms_by_line.get(line.pk) or ReviewForm(auto_id=f"line{line.pk}-%s")}
        for line, review, product in review_lines(order)
    ]
    for row in rows:
        row["form"].auto_id = f"line{row['line'].pk}-%s"
    status = 400 if (error or forms_by_line) and request.method == "POST" else 200
    return render(request, "checkout/review.html", {
        "order": order, "rows": rows, "error": error, "reviewable": is_reviewable(order),
    }, status=status)
