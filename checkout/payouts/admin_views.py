"""Admin views of payouts: balances and batches, a batch's payouts and transfer file, a store's printable statement,
the store's bank account and its approval. Editors see only their own stores (404 for another store's statement or
batch); batches, approvals and the transfer file are for administrators (403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors
from .errors import PayoutError
from .forms import AccountForm, BatchForm, RejectForm
from .models import ChangeStatus, PayoutAccountChange, PayoutStatus, StorePayoutAccount
from .services import accounts, batches


def _admin_only(request) -> None:
    if not selectors.can_manage_payouts(request.user):
        raise PermissionDenied


def index_view(request):
    stores = selectors.readable_stores(request.user).values_list("pk", flat=True)
    context = {
        "rows": list(selectors.balances_of(stores).values()),
        "batches": selectors.batches_for(request.user)[:50],
        "is_admin": selectors.can_manage_payouts(request.user),
        "totals": selectors.marketplace_totals() if selectors.can_manage_payouts(request.user) else [],
        "pending_changes": PayoutAccountChange.objects.filter(status=ChangeStatus.PENDING).count(),
    }
    return TemplateResponse(request, "payouts/admin/index.html", context)


def new_batch_view(request):
    _admin_only(request)
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = batches.create_batch(data["period_start"], data["period_end"], user=request.user)
        except PayoutError as exc:
            form.add_error(None, exc.message)
        else:
            if data["send"]:
                batches.send_batch(batch)
            messages.success(request, _("Payout batch %(period)s created.") % {"period": batch})
            return redirect("payouts_admin:batch", pk=batch.pk)
    return TemplateResponse(request, "payouts/admin/new_batch.html", {"form": form})


def batch_view(request, pk: int):
    batch = get_object_or_404(selectors.batches_for(request.user), pk=pk)
    context = {
        "batch": batch,
        "payouts": selectors.payouts_of(batch, request.user),
        "stores": selectors.readable_stores(request.user).filter(ledger_accounts__isnull=False).distinct(),
        "is_admin": selectors.can_manage_payouts(request.user),
    }
    return TemplateResponse(request, "payouts/admin/batch.html", context)


@require_POST
def send_batch_view(request, pk: int):
    _admin_only(request)
    batch = get_object_or_404(selectors.batches_for(request.user), pk=pk)
    counts = batches.send_batch(batch)
    messages.info(request, _("Payouts sent: %(counts)s") % {"counts": counts or "-"})
    return redirect("payouts_admin:batch", pk=batch.pk)


@require_POST
def mark_paid_view(request, pk: int):
    """A payout transferred by hand with the bank file (``manual``) is marked paid by an administrator."""
    _admin_only(request)
    batch = get_object_or_404(selectors.batches_for(request.user), pk=pk)
    for payout in batch.payouts.filter(status=PayoutStatus.MANUAL):
        batches.mark_manual_paid(payout)
    messages.success(request, _("Payouts transferred by bank file marked as paid."))
    return redirect("payouts_admin:batch", pk=batch.pk)


def transfer_file_view(request, pk: int):
    _admin_only(request)
    batch = get_object_or_404(selectors.batches_for(request.user), pk=pk)
    response = HttpResponse(selectors.transfer_file(batch), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="transfer-{batch.period_start}-{batch.period_end}.csv"'
    return response


def statement_view(request, pk: int):
    """A store's printable statement for a batch's period: ``?store=<id>`` among the stores the user may read."""
    batch = get_object_or_404(selectors.batches_for(request.user), pk=pk)
    try:
        store_id = int(request.GET.get("store", ""))
    except ValueError:
        raise Http404 from None
    store = get_object_or_404(selectors.readable_stores(request.user), pk=store_id)
    context = {
        "batch": batch,
        "store": store,
        "statements": selectors.statement(store, batch),
        "payouts": batch.payouts.filter(store=store),
    }
    return TemplateResponse(request, "payouts/admin/statement.html", context)


def account_view(request):
    """The bank account of one of the user's stores (``?store=<id>``, else the first): the approved one, the change
    waiting for approval, the history, and the form to submit a change."""
    stores = selectors.readable_stores(request.user)
    wanted = request.GET.get("store", "")
    store = stores.filter(pk=int(wanted)).first() if wanted.isdigit() else stores.first()
    if store is None:
        raise Http404
    form = AccountForm(request.POST or None, initial=accounts.current_values(store))
    if request.method == "POST" and form.is_valid():
        try:
            accounts.submit_change(store, form.cleaned_data, user=request.user)
        except PayoutError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The bank account was submitted; an administrator will check and approve it."))
            return redirect(f"{request.path}?store={store.pk}")
    context = {
        "store": store,
        "stores": stores,
        "account": StorePayoutAccount.objects.filter(store=store).first(),
        "changes": selectors.account_changes_for(request.user).filter(store=store)[:20],
        "form": form,
    }
    return TemplateResponse(request, "payouts/admin/account.html", context)


def account_changes_view(request):
    _admin_only(request)
    changes = selectors.account_changes_for(request.user)
    context = {"pending": changes.filter(status=ChangeStatus.PENDING), "decided": changes.exclude(
        status=ChangeStatus.PENDING)[:50], "reject_form": RejectForm()}
    return TemplateResponse(request, "payouts/admin/account_changes.html", context)


@require_POST
def approve_change_view(request, pk: int):
    _admin_only(request)
    change = get_object_or_404(PayoutAccountChange, pk=pk)
    try:
        accounts.approve_change(change, user=request.user)
    except PayoutError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Bank account of %(store)s approved.") % {"store": change.store.name})
    return redirect("payouts_admin:account_changes")


@require_POST
def reject_change_view(request, pk: int):
    _admin_only(request)
    change = get_object_or_404(PayoutAccountChange, pk=pk)
    try:
        accounts.reject_change(change, user=request.user, note=request.POST.get("note", ""))
    except PayoutError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Bank account of %(store)s rejected.") % {"store": change.store.name})
    return redirect("payouts_admin:account_changes")
