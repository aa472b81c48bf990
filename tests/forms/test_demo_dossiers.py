"""The demo's sample dossiers: one in every status for the demo officer, and none added on a re-run;
level 4 (issue #13): fee items on the procedures, dossiers awaiting payment and paid, electronic results."""

import re

import pytest

from cms.demo import DemoContext
from cms.models import ProcedureFee, ProcedurePage
from forms.demo import DEMO_DOSSIERS, build_demo_dossiers, build_demo_fees
from forms.models import (
    AttachmentKind,
    Dossier,
    DossierStatus,
    EventKind,
    Payment,
    PaymentStatus,
    SubmissionChannel,
)
from tests import factories
from tests.forms import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(home):
    for code, slug in (
        ("1.001193", "dang-ky-khai-sinh"),
        ("1.000894", "dang-ky-ket-hon"),
        ("1.004873", "xac-nhan-tinh-trang-hon-nhan"),
    ):
        f.form_page_make(procedure=factories.procedure_make(code=code), slug=slug)
    factories.procedure_make(code="2.000635")
    return DemoContext(home=home, users={"canbo": f.staff_make("canbo", f.OFFICERS)})


def test_demo_dossiers_cover_every_status_and_are_built_once(context):
    build_demo_fees(context)
    build_demo_dossiers(context)
    assert Dossier.objects.count() == len(DEMO_DOSSIERS) == 14
    assert set(Dossier.objects.values_list("status", flat=True)) == {
        "awaiting_reception",
        "completion_requested",
        "not_received",
        "received",
        "processing",
        "supplement_requested",
        "result_ready",
        "returned",
        "refused",
    }
    assert context.counts["hồ sơ mẫu mới"] == 14
    awaiting = Dossier.objects.filter(status=DossierStatus.AWAITING_RECEPTION)
    assert sorted(awaiting.values_list("channel", flat=True)) == ["online", "post"]
    posted = awaiting.get(channel=SubmissionChannel.POST)
    assert posted.postal_item_code == "" and posted.due_date is None and not posted.attachments.exists()
    counter = Dossier.objects.get(channel=SubmissionChannel.COUNTER)
    assert counter.status == DossierStatus.RECEIVED and counter.received_documents.count() == 2
    assert counter.events.get().actor.username == "canbo"
    apologised = Dossier.objects.get(applicant_name="Lý Thị Oanh")
    assert apologised.original_due_date is not None and apologised.due_date > apologised.original_due_date
    assert apologised.events.filter(kind=EventKind.APOLOGY).count() == 1
    assert Dossier.objects.get(status=DossierStatus.COMPLETION_REQUESTED).events.last().note.startswith("Tờ khai")
    late = Dossier.objects.get(applicant_name="Phạm Thị Dung")
    assert late.is_overdue
    ready = Dossier.objects.get(status=DossierStatus.RESULT_READY, applicant_name="Võ Minh Em")
    assert ready.attachments.filter(kind=AttachmentKind.RESULT).exists()
    assert ready.events.last().actor.username == "canbo"

    build_demo_dossiers(DemoContext(home=context.home, users=context.users))
    assert Dossier.objects.count() == 14


def test_demo_dossiers_skip_missing_forms(home):
    context = DemoContext(home=home)
    build_demo_dossiers(context)
    assert not Dossier.objects.exists() and context.counts == {}


def test_demo_procedures_get_the_copy_fee_of_circular_281_2016_once(context):
    build_demo_fees(context)
    marriage = ProcedurePage.objects.get(code="1.000894")
    assert [(fee.name, fee.amount, fee.per_copy) for fee in marriage.fee_items.all()] == [
        ("Lệ phí đăng ký kết hôn", 0, False),
        ("Phí cấp bản sao Trích lục kết hôn", 8000, True),
    ]
    extracts = ProcedurePage.objects.get(code="2.000635")
    assert [(fee.amount, fee.unit) for fee in extracts.fee_items.all()] == [(8000, "bản")]
    # Published in a revision, so an editor's next edit keeps them.
    assert len(marriage.get_latest_revision_as_object().fee_items.all()) == 2
    assert context.counts["thủ tục có phí, lệ phí"] == 3

    build_demo_fees(DemoContext(home=context.home))
    assert ProcedureFee.objects.count() == 2 + 2 + 1


def test_a_procedure_with_fee_items_already_is_left_alone(context):
    extracts = ProcedurePage.objects.get(code="2.000635")
    ProcedureFee.objects.create(page=extracts, name="Phí do biên tập viên nhập", amount=5000)
    build_demo_fees(context)
    assert list(extracts.fee_items.values_list("amount", flat=True)) == [5000]


def test_demo_dossiers_await_payment_and_are_paid_by_vietqr(context):
    lines = []
    context.log = lines.append
    build_demo_fees(context)
    build_demo_dossiers(context)

    awaiting = Dossier.objects.get(submission_key="demo-ho-so-13")
    assert (awaiting.extra_copies, awaiting.amount_due, awaiting.amount_paid) == (2, 16000, 0)
    assert awaiting.payment_status == PaymentStatus.AWAITING
    assert not awaiting.payments.exists()

    paid = Dossier.objects.get(submission_key="demo-ho-so-14")
    assert (paid.amount_due, paid.amount_paid, paid.payment_status) == (8000, 8000, PaymentStatus.PAID)
    payment = Payment.objects.get(dossier=paid)
    assert (payment.amount, payment.method, payment.online) == (8000, "vietqr", True)
    assert payment.recorded_by.username == "canbo"
    assert paid.events.filter(kind=EventKind.PAYMENT).count() == 1

    # Returned with an electronic result carrying its checksum.
    assert paid.status == DossierStatus.RETURNED
    result = paid.attachments.get(kind=AttachmentKind.RESULT)
    assert re.fullmatch(r"[0-9a-f]{64}", result.sha256)

    # Dossiers without copies owe nothing.
    free = Dossier.objects.get(submission_key="demo-ho-so-6")
    assert (free.amount_due, free.payment_status) == (0, PaymentStatus.NOT_REQUIRED)

    # load_demo prints where to try it.
    assert f"Hồ sơ mẫu {awaiting.code} (chờ thanh toán): tra cứu hồ sơ với số điện thoại 0912000113." in lines
    assert (
        f"Hồ sơ mẫu {paid.code} (đã thanh toán, có kết quả điện tử): tra cứu hồ sơ với số điện thoại 0912000114."
        in lines
    )

    build_demo_dossiers(DemoContext(home=context.home, users=context.users))
    assert Payment.objects.count() == 1


def test_an_imported_free_item_keeps_and_gets_the_copy_fee(context):
    # ``load_demo`` imports 1.001193 first: the catalogue says "Miễn phí", read as one free item.
    birth = ProcedurePage.objects.get(code="1.001193")
    ProcedureFee.objects.create(page=birth, amount=0, sort_order=0)  # as the importer writes it
    birth.save_revision().publish()
    build_demo_fees(context)
    birth.refresh_from_db()
    assert [(fee.name, fee.amount, fee.per_copy) for fee in birth.fee_items.all()] == [
        ("", 0, False),
        ("Phí cấp bản sao Giấy khai sinh", 8000, True),
    ]
    build_demo_dossiers(context)
    paid = Dossier.objects.get(submission_key="demo-ho-so-14")
    assert (paid.amount_due, paid.amount_paid, paid.payment_status) == (8000, 8000, PaymentStatus.PAID)

    build_demo_fees(DemoContext(home=context.home))
    assert birth.fee_items.count() == 2
