"""The rules of ``dossier_submit`` one at a time, with the expected values written out (issue #19).

The limits (0–20 extra copies, the dossier's total size counting every file), the published check
of the procedure itself (not only the form page's), the channels, the code numbering per local day
and what the first history entry records (Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP:
an online dossier waits for the one-stop counter's check).
"""

import errno
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from django.core.exceptions import ValidationError

from wagtail.models import ModelLogEntry

from cms.models import CommuneSettings, DocumentKind, ProcedureDocument
from forms.files.services import AttachmentInput
from forms.intake import services
from forms.intake.services import dossier_code_next, dossier_submit
from forms.models import Dossier, DossierAttachment, DossierSequence, PaymentStatus
from forms.models.pages import DocumentAsked, FormDocumentChoice
from tests.conftest import private_files
from tests.factories import procedure_make
from tests.forms import factories as f

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def page(home):
    CommuneSettings.objects.update_or_create(site_id=home.get_site().pk, defaults={"commune_code": "26530"})
    return f.form_page_make()


@pytest.mark.parametrize("copies", [-1, 21])
def test_extra_copies_outside_nought_to_twenty_are_refused(page, copies):
    with pytest.raises(ValidationError) as refused:
        f.dossier_make(page=page, received=False, extra_copies=copies)
    assert refused.value.message_dict == {"extra_copies": ["Số bản sao thêm từ 0 đến 20."]}
    assert Dossier.objects.count() == 0


@pytest.mark.parametrize("copies", [0, 20])
def test_extra_copies_at_the_limits_are_accepted(page, copies):
    assert f.dossier_make(page=page, received=False, extra_copies=copies).extra_copies == copies


def test_an_unpublished_procedure_refuses_its_standard_flow(page):
    procedure = page.procedure
    procedure.unpublish()
    with pytest.raises(ValidationError) as refused:
        f.dossier_make(page=None, form_page=None, procedure=procedure, received=False)
    assert refused.value.message_dict == {"__all__": ["Biểu mẫu này hiện không nhận hồ sơ trực tuyến."]}
    assert Dossier.objects.count() == 0


def test_a_live_form_of_an_unpublished_procedure_refuses(page):
    page.procedure.unpublish()
    with pytest.raises(ValidationError) as refused:
        f.dossier_make(page=page, received=False)
    assert refused.value.message_dict == {"__all__": ["Biểu mẫu này hiện không nhận hồ sơ trực tuyến."]}


def test_the_standard_flow_of_a_published_procedure_is_accepted(page):
    dossier = f.dossier_make(page=None, form_page=None, procedure=page.procedure, attachments=f.attachments_for(page))
    assert (dossier.form_page_id, dossier.procedure_id) == (None, page.procedure.pk)
    assert dossier.procedure_title == page.procedure.title


def test_neither_form_nor_procedure_is_a_programming_error(page):
    with pytest.raises(ValueError):
        f.dossier_make(page=page, form_page=None, procedure=None)


def test_an_unknown_channel_is_refused(page):
    with pytest.raises(ValidationError) as refused:
        f.dossier_make(page=page, received=False, channel="fax")
    assert refused.value.message_dict == {"channel": ["Cách nộp hồ sơ không hợp lệ."]}


def test_the_dossier_size_counts_every_file(page, settings):
    """Two files each under the file limit, together over the dossier's: refused; at the limit: accepted."""
    settings.FORMS_UPLOAD_MAX_FILE_SIZE = 10_000
    attachments = f.attachments_for(page, content=f.pdf_bytes(2000))
    assert len(attachments) == 2
    total = sum(item.file.size for item in attachments)
    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = total - 1
    with pytest.raises(ValidationError) as refused:
        f.dossier_make(page=page, received=False, attachments=attachments)
    assert list(refused.value.message_dict) == ["attachments"]
    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = total
    accepted = f.dossier_make(page=page, received=False, attachments=f.attachments_for(page, content=f.pdf_bytes(2000)))
    assert accepted.attachments.count() == 2


def test_the_code_takes_the_local_day_and_counts_from_one_each_day(page):
    # 23:30 UTC on 18 November is 06:30 on 19 November in Vietnam.
    utc = ZoneInfo("UTC")
    late = f.dossier_make(page=page, received=False, submitted_at=datetime(2026, 11, 18, 23, 30, tzinfo=utc))
    same_day = f.dossier_make(page=page, received=False, submitted_at=datetime(2026, 11, 19, 16, 0, tzinfo=HANOI))
    next_day = f.dossier_make(page=page, received=False, submitted_at=datetime(2026, 11, 20, 8, 0, tzinfo=HANOI))
    assert [late.code, same_day.code, next_day.code] == ["26530-261119-0001", "26530-261119-0002", "26530-261120-0001"]
    assert DossierSequence.objects.get(prefix="26530", day="2026-11-19").last_number == 2


def test_code_next_numbers_from_the_default_sites_code(page):
    day = datetime(2026, 12, 7).date()
    assert dossier_code_next(day=day) == "26530-261207-0001"
    assert dossier_code_next(day=day) == "26530-261207-0002"


def test_what_the_dossier_and_its_first_entry_record(page, django_user_model):
    sent = datetime(2026, 11, 19, 9, 0, tzinfo=HANOI)
    dossier = f.dossier_make(
        page=page,
        received=False,
        submitted_at=sent,
        submission_key="",
        delivery_address=f.ADDRESS,  # delivered at the counter: the address is not kept
        extra_copies="2",
        fee_case="  ",
        applicant=f.applicant_make(phone="+84 912 345 678", full_name="  Nguyễn Văn An ", email=" an@example.vn "),
    )
    dossier.refresh_from_db()
    assert (dossier.form_page_id, dossier.procedure_id) == (page.pk, page.procedure.pk)
    assert (dossier.submitted_at, dossier.delivery_method) == (sent, "counter")
    assert dossier.submission_key is None
    assert dossier.delivery_address is None
    assert dossier.extra_copies == 2
    assert dossier.fee_case == ""
    assert (dossier.amount_due, dossier.payment_status) == (0, PaymentStatus.NOT_REQUIRED)
    assert (dossier.applicant_name, dossier.applicant_phone, dossier.applicant_email) == (
        "Nguyễn Văn An",
        "0912345678",
        "an@example.vn",
    )
    assert dossier.applicant["full_name"] == "Nguyễn Văn An"
    assert dossier.applicant_id_number == "001090012345"
    assert dossier.answers == {"child_name": "Nguyễn Thị Bình"}
    assert dossier.snapshot[0]["title"] == "Người nộp hồ sơ"
    assert dossier.site_id == page.get_site().pk
    assert len(dossier.access_token) == 43  # 32 random bytes, URL-safe
    event = dossier.events.get()
    assert (event.from_status, event.to_status) == ("", "awaiting_reception")
    assert event.note == "Hồ sơ nộp trực tuyến, chờ Bộ phận Một cửa kiểm tra và tiếp nhận."
    assert event.actor_label == "Người nộp hồ sơ"
    assert event.created_at == sent
    assert set(dossier.attachments.values_list("event_id", "kind")) == {(event.pk, "submitted")}
    labels = sorted(dossier.attachments.values_list("label", flat=True))
    assert labels == sorted(doc.name for doc in page.procedure.required_documents.all())


def test_a_postal_dossier_keeps_its_address_and_says_so(page):
    page.procedure.postal_submission = True
    page.procedure.save_revision().publish()
    dossier = f.dossier_make(
        page=page, received=False, channel="post", attachments=[], delivery_method="post", delivery_address=f.ADDRESS
    )
    assert (dossier.delivery_method, dossier.delivery_address) == ("post", f.ADDRESS)
    assert dossier.events.get().note == "Đăng ký nộp hồ sơ qua bưu chính công ích, chờ nhận bộ hồ sơ giấy."


def test_errors_of_every_field_come_together(page):
    with pytest.raises(ValidationError) as refused:
        dossier_submit(
            form_page=page,
            applicant={},
            answers={},
            snapshot=[],
            attachments=[],
            delivery_method="",
            extra_copies=-1,
            fee_case="Không có trường hợp này",
        )
    errors = refused.value.message_dict
    assert errors["full_name"] == ["Hãy nhập họ, chữ đệm và tên người nộp hồ sơ."]
    assert errors["id_number"] == ["Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."]
    assert errors["phone"] == ["Số điện thoại di động không hợp lệ."]
    assert "email" not in errors
    assert errors["delivery_method"] == ["Hãy chọn cách nhận kết quả."]
    assert errors["extra_copies"] == ["Số bản sao thêm từ 0 đến 20."]
    assert errors["fee_case"] == ["Trường hợp thu phí không thuộc thủ tục này."]
    assert sorted(key for key in errors if key.startswith("doc_")) == sorted(
        f"doc_{doc.pk}" for doc in page.procedure.required_documents.all()
    )


def test_an_unreadable_email_is_refused_in_words(page):
    with pytest.raises(ValidationError) as refused:
        f.dossier_make(page=page, received=False, applicant=f.applicant_make(email="an@"))
    assert refused.value.message_dict == {"email": ["Địa chỉ thư điện tử không hợp lệ."]}


def test_a_repeated_key_returns_the_first_dossier_before_any_check(page):
    """A double click or a resent wizard step: the first dossier, even if the second post differs."""
    first = f.dossier_make(page=page, received=False, submission_key="nhap-1")
    again = f.dossier_make(
        page=page, received=False, submission_key="nhap-1", applicant=f.applicant_make(phone="123"), attachments=[]
    )
    assert again.pk == first.pk


def test_the_delivery_and_slot_refusals_in_words(home):
    no_post = f.form_page_make(procedure=procedure_make(postal_return=False))
    with pytest.raises(ValidationError) as refused:
        f.dossier_make(page=no_post, received=False, delivery_method="post", delivery_address=f.ADDRESS)
    assert refused.value.message_dict == {"delivery_method": ["Thủ tục này không trả kết quả qua bưu chính công ích."]}

    page = f.form_page_make()
    with pytest.raises(ValidationError) as refused:
        f.dossier_make(page=page, received=False, delivery_method="post", delivery_address={})
    assert refused.value.message_dict == {"delivery_address": ["Hãy nhập địa chỉ nhận kết quả qua bưu chính."]}

    stray = AttachmentInput(slot="999999", label="x", name="x.pdf", file=f.upload())
    with pytest.raises(ValidationError) as refused:
        f.dossier_make(page=page, received=False, attachments=[*f.attachments_for(page), stray])
    assert refused.value.message_dict == {"attachments": ["Thành phần hồ sơ “999999” không thuộc thủ tục này."]}
    assert Dossier.objects.count() == 0


def test_the_submission_is_in_the_audit_log_with_its_entry(page):
    dossier = f.dossier_make(page=page, received=False)
    entry = ModelLogEntry.objects.for_instance(dossier).get()
    event = dossier.events.get()
    assert (entry.action, entry.user_id, entry.data) == ("forms.dossier.submit", None, {"event": event.pk})


def test_the_slots_follow_the_ticked_cases_the_form_and_the_declaration_steps(home):
    procedure = procedure_make(documents=1)
    required = procedure.required_documents.get()
    extra = {"page": procedure, "quantity": "01 bản sao"}
    poor = ProcedureDocument.objects.create(
        name="Giấy xác nhận hộ nghèo", kind=DocumentKind.CONDITIONAL, condition="Hộ nghèo", sort_order=1, **extra
    )
    hidden = ProcedureDocument.objects.create(name="Sổ hộ khẩu", kind=DocumentKind.REQUIRED, sort_order=2, **extra)
    eform = ProcedureDocument.objects.create(name="Tờ khai điện tử", kind=DocumentKind.EFORM, sort_order=3, **extra)
    page = f.form_page_make(procedure=procedure)  # with declaration steps: they stand for the eForm
    FormDocumentChoice.objects.create(page=page, document=hidden, asked=DocumentAsked.HIDDEN)

    def upload(document):
        return AttachmentInput(slot=str(document.pk), label="x", name=f"{document.pk}.pdf", file=f.upload())

    with pytest.raises(ValidationError) as refused:
        f.dossier_make(page=page, received=False, attachments=[upload(required)], conditions=[str(poor.pk)])
    assert refused.value.message_dict == {
        f"doc_{poor.pk}": ["Hãy tải lên tệp của giấy tờ này (cần cho trường hợp ông/bà đã đánh dấu)."]
    }
    with pytest.raises(ValidationError) as refused:
        f.dossier_make(page=page, received=False, attachments=[upload(required), upload(eform)])
    assert refused.value.message_dict == {"attachments": [f"Thành phần hồ sơ “{eform.pk}” không thuộc thủ tục này."]}
    unticked = f.dossier_make(page=page, received=False, attachments=[upload(required)])
    assert list(unticked.attachments.values_list("label", flat=True)) == ["Tờ khai 1"]

    # A form without declaration steps (and without the editor's choices): the eForm may be attached.
    plain = f.form_page_make(procedure=procedure, declaration=[])
    dossier = f.dossier_make(page=plain, received=False, attachments=[upload(required), upload(hidden), upload(eform)])
    assert sorted(dossier.attachments.values_list("label", flat=True)) == ["Sổ hộ khẩu", "Tờ khai 1", "Tờ khai điện tử"]


def test_a_procedure_without_a_processing_time_gives_a_dossier_of_zero_days(home):
    page = f.form_page_make(procedure=procedure_make(processing_days=None))
    assert f.dossier_make(page=page, received=False).processing_days == 0


def test_a_file_failing_to_store_leaves_no_dossier_and_no_file(page, private_root, monkeypatch):
    store = services.attachment_store
    slots = []

    def second_fails(**kwargs):
        slots.append(kwargs["item"].slot)
        if len(slots) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return store(**kwargs)

    monkeypatch.setattr(services, "attachment_store", second_fails)
    with pytest.raises(OSError) as raised:
        f.dossier_make(page=page, received=False)
    assert raised.value.errno == errno.ENOSPC  # the disk's own error, not one from cleaning up after it
    assert (Dossier.objects.count(), DossierAttachment.objects.count()) == (0, 0)
    assert private_files(private_root) == []


def test_a_double_click_that_lost_the_race_gets_the_winners_dossier(page, monkeypatch):
    f.dossier_make(page=page, received=False)  # one sent without a key: never the answer
    winner = f.dossier_make(page=page, received=False, submission_key="nhap-2")
    lookup = Dossier.objects.filter
    lookups = []

    def first_lookup_misses(*args, **kwargs):
        # The other click commits between this one's first look and its insert.
        lookups.append(kwargs)
        return Dossier.objects.none() if len(lookups) == 1 else lookup(*args, **kwargs)

    monkeypatch.setattr(Dossier.objects, "filter", first_lookup_misses)
    again = f.dossier_make(page=page, received=False, submission_key="nhap-2")
    assert again.pk == winner.pk
    assert lookups[0] == {"submission_key": "nhap-2"}
    monkeypatch.undo()
    assert Dossier.objects.count() == 2
