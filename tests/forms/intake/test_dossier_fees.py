"""The amount due stored by dossier_submit (online, by post); the counter's: backoffice/test_counter_fees.py.

Items as for a temporary residence (Circular 75/2022/TT-BTC: 7.000 đồng online, 10.000 đồng at the
counter), an exemption for poor households and 8.000 đồng per extra copy (Circular 281/2016/TT-BTC).
The amount is computed on the server from the procedure's items; the form never posts it.
"""

import pytest

from django.core.exceptions import ValidationError

from cms.models import LocalProcedure, LocalProcedureFee, ProcedureFee
from forms.models import PaymentStatus
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
POOR = "Người thuộc hộ nghèo"


def fees_set(procedure, items):
    procedure.fee_items = [ProcedureFee(sort_order=i, **item) for i, item in enumerate(items)]
    procedure.save_revision().publish()
    procedure.refresh_from_db()


@pytest.fixture
def page(home):
    page = f.form_page_make()
    fees_set(
        page.procedure,
        [
            {"kind": "le_phi", "name": "Lệ phí đăng ký", "amount": 7000, "channel": "online"},
            {"kind": "le_phi", "name": "Lệ phí đăng ký", "amount": 10000, "channel": "in_person"},
            {"kind": "le_phi", "name": "Lệ phí đăng ký", "amount": 12000, "channel": "postal"},
            {"kind": "le_phi", "name": "Miễn lệ phí", "amount": 0, "case": POOR, "channel": "online"},
            {"kind": "phi", "name": "Phí cấp bản sao", "amount": 8000, "channel": "online", "per_copy": True},
        ],
    )
    return page


def test_an_online_dossier_owes_the_online_items_and_awaits_payment(page):
    dossier = f.dossier_make(page=page, received=False)
    assert (dossier.fee_case, dossier.amount_due, dossier.amount_paid) == ("", 7000, 0)
    assert dossier.payment_status == PaymentStatus.AWAITING


def test_extra_copies_add_the_per_copy_items(page):
    dossier = f.dossier_make(page=page, received=False, extra_copies=2)
    assert dossier.amount_due == 7000 + 2 * 8000


def test_the_exemption_case_owes_nothing_but_the_copies(page):
    dossier = f.dossier_make(page=page, received=False, fee_case=POOR)
    assert (dossier.fee_case, dossier.amount_due) == (POOR, 0)
    assert dossier.payment_status == PaymentStatus.NOT_REQUIRED
    copies = f.dossier_make(page=page, received=False, fee_case=POOR, extra_copies=1)
    assert (copies.amount_due, copies.payment_status) == (8000, PaymentStatus.AWAITING)


def test_a_case_of_another_procedure_or_channel_is_refused(page):
    with pytest.raises(ValidationError) as error:
        f.dossier_make(page=page, received=False, fee_case="Người có công với cách mạng")
    assert error.value.message_dict["fee_case"] == ["Trường hợp thu phí không thuộc thủ tục này."]
    with pytest.raises(ValidationError):  # the exemption is an online item only
        f.dossier_make(page=page, received=False, channel="post", attachments=[], fee_case=POOR)


def test_a_postal_dossier_owes_the_postal_items(page):
    dossier = f.dossier_make(page=page, received=False, channel="post", attachments=[])
    assert (dossier.amount_due, dossier.payment_status) == (12000, PaymentStatus.AWAITING)


def test_a_procedure_without_items_owes_nothing(home):
    dossier = f.dossier_make(received=False)
    assert (dossier.amount_due, dossier.payment_status) == (0, PaymentStatus.NOT_REQUIRED)


def test_a_repeated_submission_keeps_the_first_amount(page):
    first = f.dossier_make(page=page, received=False, submission_key="k-1")
    again = f.dossier_make(page=page, received=False, submission_key="k-1", extra_copies=5)
    assert again.pk == first.pk and again.amount_due == 7000


def test_a_dossier_owes_the_fee_items_of_the_commune_it_is_sent_to(two_communes):
    """Issue #17: xã Hàm Thuận Bắc charges 5.000 đồng where the catalogue says 8.000 đồng."""
    procedure = two_communes.procedure
    ProcedureFee.objects.create(page=procedure, kind="le_phi", name="Lệ phí chứng thực", amount=8000)
    row = LocalProcedure.objects.create(site=two_communes.b, procedure=procedure)
    LocalProcedureFee.objects.create(local_procedure=row, kind="le_phi", name="Lệ phí chứng thực", amount=5000)
    page = f.form_page_make(procedure=procedure)
    in_b = f.dossier_make(page=page, received=False, site=two_communes.b)
    in_a = f.dossier_make(page=page, received=False)  # no site given: the default commune, the catalogue's items
    assert (in_b.amount_due, in_a.amount_due) == (5000, 8000)
