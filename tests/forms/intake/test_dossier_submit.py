import re
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from cms.models import CommuneSettings
from forms.files.services import AttachmentInput
from forms.models import Dossier, DossierAttachment, DossierStatus
from tests.factories import procedure_make
from tests.forms import factories as f

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def page(home):
    CommuneSettings.objects.update_or_create(site_id=home.get_site().pk, defaults={"commune_code": "26530"})
    return f.form_page_make()


def test_submit_creates_dossier_awaiting_reception_with_code_token_history_and_files(page, settings):
    """Decree 61/2018/NĐ-CP as amended by 107/2021: an online dossier waits for the officer's check."""
    sent = datetime(2026, 11, 19, 9, 0, tzinfo=HANOI)
    dossier = f.dossier_make(page=page, received=False, received_at=sent)

    assert re.fullmatch(r"26530-261119-0001", dossier.code)
    assert len(dossier.access_token) >= 43  # 32 random bytes, URL-safe
    assert dossier.status == DossierStatus.AWAITING_RECEPTION
    assert dossier.channel == "online"
    assert dossier.submitted_at == sent
    assert dossier.received_at is None
    assert dossier.due_date is None  # the clock starts at reception
    assert dossier.procedure_id == page.procedure_id
    assert dossier.procedure_code == page.procedure.code
    assert dossier.applicant_name == "Nguyễn Văn An"
    assert dossier.applicant_phone == "0912345678"
    assert dossier.processing_days == 3
    event = dossier.events.get()
    assert (event.from_status, event.to_status) == ("", DossierStatus.AWAITING_RECEPTION)
    files = list(dossier.attachments.all())
    assert len(files) == 2
    for attachment in files:
        assert attachment.content_type == "application/pdf"
        assert str(settings.PRIVATE_MEDIA_ROOT) in attachment.file.path
        assert str(settings.MEDIA_ROOT) not in attachment.file.path
        assert attachment.original_name.endswith(".pdf")
    assert len(mail.outbox) == 0  # sent on commit; see the e-mail test


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Thursday 09:00, within the counter's hours: 3 working days from that day (Tue 24 Nov is a holiday).
        (datetime(2026, 11, 19, 9, 0, tzinfo=HANOI), date(2026, 11, 25)),
        # Thursday 17:30, after closing: counts from Friday.
        (datetime(2026, 11, 19, 17, 30, tzinfo=HANOI), date(2026, 11, 26)),
        # Saturday: counts from Monday 23 Nov.
        (datetime(2026, 11, 21, 10, 0, tzinfo=HANOI), date(2026, 11, 27)),
    ],
)
def test_due_date_counts_working_days_from_the_reception_day(page, received, due):
    dossier = f.dossier_make(page=page, received_at=received)
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.received_at == received
    assert dossier.due_date == due


def test_postal_channel_needs_no_files_and_is_refused_where_the_procedure_takes_no_post(page):
    page.procedure.postal_submission = True
    page.procedure.save_revision().publish()
    dossier = f.dossier_make(page=page, received=False, channel="post", attachments=[])
    assert (dossier.channel, dossier.status) == ("post", DossierStatus.AWAITING_RECEPTION)
    other = f.form_page_make(procedure=procedure_make(postal_submission=False))
    with pytest.raises(ValidationError) as refused:
        f.dossier_make(page=other, received=False, channel="post", attachments=[])
    assert refused.value.message_dict == {"channel": ["Thủ tục này không nhận hồ sơ qua bưu chính công ích."]}


def test_submit_sends_confirmation_email_on_commit(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = f.dossier_make(page=page, received=False)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert dossier.code in message.subject
    assert dossier.access_token in message.body
    assert message.to == ["an@example.vn"]


def test_no_email_without_address(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        f.dossier_make(page=page, applicant=f.applicant_make(email=""))
    assert mail.outbox == []


def test_repeat_calls_get_consecutive_codes_and_distinct_tokens(page):
    first = f.dossier_make(page=page)
    second = f.dossier_make(page=page)
    assert first.code.endswith("-0001") and second.code.endswith("-0002")
    assert first.access_token != second.access_token


def test_same_submission_key_returns_the_same_dossier(page):
    first = f.dossier_make(page=page, submission_key="draft-token-1")
    again = f.dossier_make(page=page, submission_key="draft-token-1")
    assert again.pk == first.pk
    assert Dossier.objects.count() == 1


def test_code_prefix_falls_back_without_commune_code(home):
    page = f.form_page_make()
    assert f.dossier_make(page=page).code.startswith("HS-")


@pytest.mark.parametrize(
    ("field", "value", "key", "message"),
    [
        ("id_number", "12345", "id_number", "12 chữ số"),
        ("id_number", "00109001234A", "id_number", "12 chữ số"),
        ("phone", "0212345678", "phone", "Số điện thoại"),
        ("email", "khong-phai-email", "email", "thư điện tử"),
        ("full_name", "  ", "full_name", "họ, chữ đệm và tên"),
    ],
)
def test_applicant_errors(page, field, value, key, message):
    with pytest.raises(ValidationError) as caught:
        f.dossier_make(page=page, applicant=f.applicant_make(**{field: value}))
    assert message in " ".join(caught.value.message_dict[key])
    assert Dossier.objects.count() == 0


def test_missing_required_document_is_refused_and_nothing_is_stored(page):
    attachments = f.attachments_for(page)[:1]
    with pytest.raises(ValidationError) as caught:
        f.dossier_make(page=page, attachments=attachments)
    missing = page.procedure.required_documents.all()[1]
    assert caught.value.message_dict[f"doc_{missing.pk}"] == ["Hãy tải lên tệp của giấy tờ bắt buộc này."]
    assert Dossier.objects.count() == 0
    assert DossierAttachment.objects.count() == 0


def test_optional_document_may_be_left_out(home):
    procedure = procedure_make(documents=2)
    optional = procedure.required_documents.all()[1]
    optional.is_required = False
    optional.save()
    page = f.form_page_make(procedure=procedure)
    dossier = f.dossier_make(page=page, attachments=f.attachments_for(page)[:1])
    assert dossier.attachments.count() == 1


def test_disguised_executable_is_refused(page):
    attachments = f.attachments_for(page)
    attachments[0] = AttachmentInput(
        slot=attachments[0].slot, label="x", name="giay-khai-sinh.pdf", file=f.upload(content=f.exe_bytes())
    )
    with pytest.raises(ValidationError) as caught:
        f.dossier_make(page=page, attachments=attachments)
    assert "không đúng định dạng" in caught.value.message_dict[f"doc_{attachments[0].slot}"][0]


def test_oversized_file_and_dossier_are_refused(page, settings):
    settings.FORMS_UPLOAD_MAX_FILE_SIZE = 1000
    big = f.attachments_for(page, content=f.pdf_bytes(2000))
    with pytest.raises(ValidationError) as caught:
        f.dossier_make(page=page, attachments=big)
    assert "Tệp quá lớn" in caught.value.message_dict[f"doc_{big[0].slot}"][0]

    settings.FORMS_UPLOAD_MAX_FILE_SIZE = 10_000
    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = 3000
    two = f.attachments_for(page, content=f.pdf_bytes(2000))
    with pytest.raises(ValidationError) as caught:
        f.dossier_make(page=page, attachments=two)
    assert "Tổng dung lượng" in caught.value.message_dict["attachments"][0]


def test_unknown_slot_is_refused(page):
    attachments = [*f.attachments_for(page), AttachmentInput(slot="999999", label="x", name="x.pdf", file=f.upload())]
    with pytest.raises(ValidationError) as caught:
        f.dossier_make(page=page, attachments=attachments)
    assert "không thuộc thủ tục" in caught.value.message_dict["attachments"][0]


def test_postal_delivery_rules(home):
    no_post = f.form_page_make(procedure=procedure_make(postal_return=False))
    with pytest.raises(ValidationError) as caught:
        f.dossier_make(page=no_post, delivery_method="post", delivery_address=f.ADDRESS)
    assert "bưu chính" in caught.value.message_dict["delivery_method"][0]

    page = f.form_page_make()
    with pytest.raises(ValidationError) as caught:
        f.dossier_make(page=page, delivery_method="post", delivery_address=None)
    assert "địa chỉ" in caught.value.message_dict["delivery_address"][0]

    with pytest.raises(ValidationError) as caught:
        f.dossier_make(page=page, delivery_method="drone")
    assert "delivery_method" in caught.value.message_dict

    with pytest.raises(ValidationError) as caught:
        f.dossier_make(page=page, extra_copies=21)
    assert "extra_copies" in caught.value.message_dict

    dossier = f.dossier_make(page=page, delivery_method="post", delivery_address=f.ADDRESS, extra_copies=2)
    assert dossier.delivery_address["commune"] == "Phường Hoàn Kiếm"
    assert dossier.extra_copies == 2


def test_unpublished_form_refuses_submissions(page):
    page.unpublish()
    with pytest.raises(ValidationError) as caught:
        f.dossier_make(page=page)
    assert "không nhận hồ sơ" in caught.value.messages[0]


def test_file_types_by_content(page):
    contents = [f.png_bytes(), f.jpeg_bytes()]
    attachments = [
        AttachmentInput(slot=str(doc.pk), label=doc.name, name="anh.bin", file=f.upload(content=content))
        for doc, content in zip(page.procedure.required_documents.all(), contents, strict=True)
    ]
    dossier = f.dossier_make(page=page, attachments=attachments)
    assert sorted(dossier.attachments.values_list("content_type", flat=True)) == ["image/jpeg", "image/png"]
    assert sorted(a.original_name for a in dossier.attachments.all()) == ["anh.jpg", "anh.png"]


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_submissions_get_unique_consecutive_codes():
    f.wagtail_tree_ensure()
    page = f.form_page_make()
    codes: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def submit():
        try:
            barrier.wait()
            codes.append(f.dossier_make(page=page, received=False).code)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection; don't leave it open

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(codes) == 20
    assert sorted(int(code.rsplit("-", 1)[1]) for code in codes) == list(range(1, 21))
    assert Dossier.objects.count() == 20


def test_a_document_name_longer_than_the_label_column_is_shortened_not_refused(page):
    long_name = "Bản sao giấy tờ chứng minh nơi cư trú hợp pháp " * 20  # the catalogue has such names
    document = page.procedure.required_documents.first()
    document.name = long_name
    document.save()

    dossier = f.dossier_make(page=page)

    label = dossier.attachments.get(slot=str(document.pk)).label
    assert len(label) == 500 and label.endswith("…")
    assert long_name.startswith(label[:-1])


def test_submit_records_the_citizen_account_as_owner(page, django_user_model):
    citizen = django_user_model.objects.create_user("cong-dan-so-huu")
    dossier = f.dossier_make(page=page, received=False, owner=citizen, submission_key="draft-owner")
    again = f.dossier_make(page=page, received=False, owner=citizen, submission_key="draft-owner")
    anonymous = f.dossier_make(page=page, received=False)

    assert Dossier.objects.get(pk=dossier.pk).owner == citizen
    assert again.pk == dossier.pk
    assert anonymous.owner is None


def test_draft_create_records_the_owner(page, django_user_model):
    from forms.intake.flows import flow_for_page
    from forms.intake.services import draft_create

    citizen = django_user_model.objects.create_user("cong-dan-nhap")
    assert draft_create(flow=flow_for_page(page), owner=citizen).owner == citizen
    assert draft_create(flow=flow_for_page(page)).owner is None
