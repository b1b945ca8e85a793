"""An approved store application's bank account reaches the payout app as a change waiting for an administrator: the
applicant does not type it twice, and a curator's approval of the store is not an approval of the account."""

import pytest

from catalog.services import applications
from catalog.tests.test_store_applications import _application
from checkout.payouts.models import PayoutAccountChange, StorePayoutAccount
from checkout.payouts.services.accounts import bank_code_for
from tests.factories import make_curator

pytestmark = pytest.mark.django_db


def test_the_bank_details_of_the_application_wait_for_an_administrators_approval(chans, home, store):
    application = _application()
    details = applications.application_bank_details(application)
    assert (details.bank, details.account_number, details.holder) == ("BSI", "7123-456-789", "Koperasi Darul Ulum")
    new_store = applications.approve_application(application.pk, make_curator())
    change = PayoutAccountChange.objects.get(store=new_store)
    assert (change.status, change.bank_code, change.bank_name, change.account_number, change.holder_name) == (
        "pending", "bsm", "BSI", "7123456789", "Koperasi Darul Ulum"
    )
    assert not StorePayoutAccount.objects.filter(store=new_store).exists()  # a curator did not check the account
    application.bank_account_number = ""
    assert applications.application_bank_details(application) is None


def test_bank_codes_follow_midtrans_for_known_banks_and_slug_the_rest():
    assert bank_code_for("Bank Syariah Indonesia") == "bsm"
    assert bank_code_for(" BCA ") == "bca"
    assert bank_code_for("Bank Jatim") == "bpd_jawa_timur"
    assert bank_code_for("BPR Syariah Al-Falah") == "bpr_syariah_al_falah"
