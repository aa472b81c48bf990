"""The counter's dossier_register stores the amount due of the in-person items (issue 13), like dossier_submit."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from django.core.exceptions import ValidationError

from forms.backoffice.services import dossier_register
from forms.lifecycle.services import ReceivedDocumentInput
from forms.models import Dossier, PaymentStatus, SubmissionChannel
from tests.forms import factories as f
from tests.forms.intake.test_dossier_fees import POOR, fees_set

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def page(home):
    page = f.form_page_make()
    fees_set(
        page.procedure,
        [
            {"kind": "le_phi", "name": "Lệ phí đăng ký", "amount": 7000, "channel": "online"},
            {"kind": "le_phi", "name": "Lệ phí đăng ký", "amount": 10000, "channel": "in_person"},
            {"kind": "le_phi", "name": "Miễn lệ phí", "amount": 0, "case": POOR, "channel": "online"},
        ],
    )
    return page


def test_a_counter_dossier_owes_the_in_person_items(page):
    officer = f.staff_make("canbo", f.OFFICERS)
    dossier = dossier_register(
        procedure=page.procedure,
        applicant={"full_name": "Trần Thị Mai", "id_number": "060190000201", "phone": "0912000201", "email": ""},
        channel=SubmissionChannel.COUNTER,
        documents=[ReceivedDocumentInput(name="Tờ khai", form="original", quantity=1)],
        delivery_method="counter",
        actor=officer,
        now=datetime(2026, 11, 20, 9, 0, tzinfo=VN),
    )
    assert (dossier.amount_due, dossier.payment_status) == (10000, PaymentStatus.AWAITING)
    with pytest.raises(ValidationError) as error:
        dossier_register(
            procedure=page.procedure,
            applicant={"full_name": "Trần Thị Mai", "id_number": "060190000201", "phone": "0912000201"},
            channel=SubmissionChannel.COUNTER,
            documents=[ReceivedDocumentInput(name="Tờ khai", form="original", quantity=1)],
            delivery_method="counter",
            actor=officer,
            fee_case=POOR,  # online only
        )
    assert "fee_case" in error.value.message_dict


def test_the_counter_form_asks_the_case_and_says_the_amount_due(client, home):
    from tests.forms.backoffice.test_counter_intake import URL, post_data

    procedure = f.form_page_make().procedure
    fees_set(
        procedure,
        [
            {"kind": "le_phi", "name": "Lệ phí", "amount": 10000, "channel": "in_person"},
            {"kind": "le_phi", "name": "Lệ phí", "amount": 0, "channel": "in_person", "case": POOR},
        ],
    )
    client.force_login(f.staff_make("canbo", f.OFFICERS))
    html = client.get(URL, {"thu_tuc": procedure.pk}).content.decode()
    assert "Trường hợp thu phí" in html and f'value="{POOR}"' in html
    data = post_data(**{"giay-to-TOTAL_FORMS": "1", "giay-to-INITIAL_FORMS": "1"})
    response = client.post(f"{URL}?thu_tuc={procedure.pk}", data, follow=True)
    dossier = Dossier.objects.get()
    assert (dossier.fee_case, dossier.amount_due, dossier.payment_status) == ("", 10000, PaymentStatus.AWAITING)
    assert "số tiền phải nộp 10.000 đồng." in response.content.decode()
    client.post(f"{URL}?thu_tuc={procedure.pk}", {**data, "fee_case": POOR})
    exempt = Dossier.objects.exclude(pk=dossier.pk).get()
    assert (exempt.fee_case, exempt.amount_due, exempt.payment_status) == (POOR, 0, PaymentStatus.NOT_REQUIRED)
