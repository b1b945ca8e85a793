"""Admin wiring of payouts: the Payouts menu (balances, batches, statements, bank account), the approval of bank
accounts (administrators), and the balance panels of the admin home."""

from django.db.models import Exists, OuterRef
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet

from catalog.models import Store
from catalog.scoping import StoreScopedSnippetViewSet
from catalog.setup_checklist import SETUP_CHECKLIST_HOOK, ChecklistItem

from . import admin_views
from .home_panels import payout_home_panels
from .models import ChangeStatus, PayoutAccountChange, StorePayoutAccount, StorePayoutTerms


class StorePayoutTermsViewSet(StoreScopedSnippetViewSet):
    """A store's own commission (administrators; editors hold no permission on it). Linked from the payouts page."""

    model = StorePayoutTerms
    icon = "doc-full"
    add_to_admin_menu = False
    url_prefix = "payouts/commission"
    list_display = ["store", "commission_percent"]
    panels = [FieldPanel("store"), FieldPanel("commission_percent")]


register_snippet(StorePayoutTermsViewSet)

admin_urlpatterns = (
    [
        path("", admin_views.index_view, name="index"),
        path("batches/new/", admin_views.new_batch_view, name="new_batch"),
        path("batches/<int:pk>/", admin_views.batch_view, name="batch"),
        path("batches/<int:pk>/send/", admin_views.send_batch_view, name="send_batch"),
        path("batches/<int:pk>/mark-paid/", admin_views.mark_paid_view, name="mark_paid"),
        path("batches/<int:pk>/transfers.csv", admin_views.transfer_file_view, name="transfer_file"),
        path("batches/<int:pk>/statement/", admin_views.statement_view, name="statement"),
        path("account/", admin_views.account_view, name="account"),
        path("account-changes/", admin_views.account_changes_view, name="account_changes"),
        path("account-changes/<int:pk>/approve/", admin_views.approve_change_view, name="approve_change"),
        path("account-changes/<int:pk>/reject/", admin_views.reject_change_view, name="reject_change"),
    ],
    "payouts_admin",
)


@hooks.register("register_admin_urls")
def register_payout_admin_urls():
    return [path("payouts/", include(admin_urlpatterns))]


@hooks.register("register_admin_menu_item")
def register_payouts_menu_item():
    return MenuItem(_("Payouts"), reverse("payouts_admin:index"), icon_name="doc-full", name="payouts", order=170)


@hooks.register("construct_homepage_panels")
def add_payout_home_panels(request, panels):
    panels.extend(payout_home_panels(request))


@hooks.register(SETUP_CHECKLIST_HOOK)
def payout_account_checklist_item(store):
    """The setup checklist's "payout account": done once an administrator approved the store's bank account; while a
    change waits, the item says so."""
    done, waiting = Store.objects.filter(pk=store.pk).values_list(
        Exists(StorePayoutAccount.objects.filter(store=OuterRef("pk"))),
        Exists(PayoutAccountChange.objects.filter(store=OuterRef("pk"), status=ChangeStatus.PENDING)),
    ).get()  # one query
    return [
        ChecklistItem(
            "payout", gettext("Give the payout bank account"), done, reverse("payouts_admin:account"), order=50,
            progress=gettext("waiting for approval") if waiting and not done else "",
        )
    ]
