"""Processing waits for the fee when the procedure says so (``payment_before_processing``,
Decree 42/2022/NĐ-CP): an officer cannot move an unpaid dossier to "Đang giải quyết"."""

from datetime import date

import pytest

from django.core.exceptions import ValidationError

from forms.lifecycle.services import dossier_transition
from forms.models import Dossier, DossierStatus, PaymentSource, PaymentStatus
from forms.payments.services import payment_record
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus


@pytest.fixture
def officer(db):
    return f.staff_make("canbo", f.OFFICERS)


def received(*, waits: bool, due: int = 20000, status=PaymentStatus.AWAITING):
    page = f.form_page_make()
    page.procedure.payment_before_processing = waits
    page.procedure.save_revision().publish()
    dossier = f.dossier_make(page=page)
    Dossier.objects.filter(pk=dossier.pk).update(amount_due=due, payment_status=status)
    dossier.refresh_from_db()
    return dossier


def pay(dossier, officer, amount):
    payment_record(
        dossier=dossier,
        amount=amount,
        paid_on=date(2026, 12, 5),
        method="counter",
        online=False,
        source=PaymentSource.OFFICER,
        actor=officer,
    )


def test_unpaid_dossier_is_not_processed(home, officer):
    dossier = received(waits=True)
    with pytest.raises(ValidationError) as error:
        dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    assert error.value.code == "payment_required"
    assert error.value.messages == [
        "Thủ tục này chỉ giải quyết sau khi người dân nộp đủ phí, lệ phí: hồ sơ còn 20.000 đồng chưa nộp. "
        "Hãy ghi nhận thanh toán trước khi nhận giải quyết."
    ]
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED


def test_partly_paid_dossier_is_not_processed_either(home, officer):
    dossier = received(waits=True)
    pay(dossier, officer, 5000)
    with pytest.raises(ValidationError) as error:
        dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    assert "còn 15.000 đồng chưa nộp" in error.value.messages[0]


def test_paid_dossier_is_processed(home, officer):
    dossier = received(waits=True)
    pay(dossier, officer, 20000)
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    assert dossier.status == S.PROCESSING


def test_procedure_that_does_not_wait(home, officer):
    dossier = received(waits=False)
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    assert dossier.status == S.PROCESSING


def test_dossier_without_fee(home, officer):
    dossier = received(waits=True, due=0, status=PaymentStatus.NOT_REQUIRED)
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    assert dossier.status == S.PROCESSING


def test_resuming_after_a_supplement_waits_too(home, officer):
    dossier = received(waits=True)
    dossier_transition(dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Bản sao CCCD")
    with pytest.raises(ValidationError) as error:
        dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    assert error.value.code == "payment_required"


def test_the_citizens_supplement_is_still_recorded(home, officer):
    from forms.files.services import AttachmentInput

    dossier = received(waits=True)
    dossier_transition(dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Bản sao CCCD")
    supplement = [AttachmentInput(slot="", label="Giấy tờ bổ sung", name="cccd.pdf", file=f.upload())]
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=None, attachments=supplement)
    assert dossier.status == S.PROCESSING
