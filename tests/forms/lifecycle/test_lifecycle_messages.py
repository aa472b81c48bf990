"""What an officer or citizen reads when the lifecycle refuses something, and Mẫu 01's table, pinned.

Decree 61/2018/NĐ-CP (as amended by Decree 107/2021/NĐ-CP) has each refusal say why; the messages
are written out here with their codes, as the back office shows them.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from django.core.exceptions import ValidationError

from forms.files.services import AttachmentInput
from forms.lifecycle.services import (
    ReceivedDocumentInput,
    dossier_apologise,
    dossier_correct,
    dossier_postal_arrived,
    dossier_result_attach,
    dossier_tracking_url,
    dossier_transition,
)
from forms.models import Dossier, SubmissionChannel
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def officer(db):
    return f.staff_make("canbo", f.OFFICERS)


@pytest.fixture
def page(home):
    return f.form_page_make()


def in_status(page, status: str) -> Dossier:
    dossier = f.dossier_make(page=page, received=status not in ("awaiting_reception", "completion_requested"))
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    dossier.refresh_from_db()
    return dossier


def refusal(service, **kwargs) -> tuple[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        service(**kwargs)
    return caught.value.code, caught.value.messages


def test_transition_refusals(page, officer):
    supplement = in_status(page, "supplement_requested")
    assert refusal(dossier_transition, dossier=supplement, to_status="processing", actor=None) == (
        "supplement_missing",
        ["Hãy tải lên ít nhất một tệp giấy tờ bổ sung."],
    )
    posted = f.dossier_make(page=page, delivery_method="post", delivery_address=f.ADDRESS)
    Dossier.objects.filter(pk=posted.pk).update(status="result_ready")
    assert refusal(dossier_transition, dossier=posted, to_status="returned", actor=officer) == (
        "tracking_required",
        ["Hãy nhập số hiệu bưu gửi của kết quả gửi qua bưu chính."],
    )
    by_post = f.dossier_make(page=page, received=False, channel=SubmissionChannel.POST, attachments=[])
    assert refusal(dossier_transition, dossier=by_post, to_status="received", actor=officer) == (
        "postal_item_missing",
        ["Hồ sơ gửi qua bưu chính: hãy ghi số hiệu bưu gửi khi nhận được bộ hồ sơ giấy trước khi tiếp nhận."],
    )


def test_postal_arrival_refusals(page, officer):
    by_post = f.dossier_make(page=page, received=False, channel=SubmissionChannel.POST, attachments=[])
    assert refusal(dossier_postal_arrived, dossier=by_post, actor=officer, postal_item_code=" ") == (
        "postal_item_required",
        ["Hãy nhập số hiệu bưu gửi in trên phong bì."],
    )
    assert refusal(dossier_postal_arrived, dossier=by_post, actor=officer, postal_item_code="E" * 65) == (
        "postal_item_too_long",
        ["Số hiệu bưu gửi dài quá 64 ký tự."],
    )
    dossier_postal_arrived(dossier=by_post, actor=officer, postal_item_code="E" * 64)
    assert by_post.postal_item_code == "E" * 64
    online = f.dossier_make(page=page, received=False)
    assert refusal(dossier_postal_arrived, dossier=online, actor=officer, postal_item_code="RR1VN") == (
        "not_postal",
        ["Hồ sơ này không gửi qua bưu chính."],
    )
    Dossier.objects.filter(pk=by_post.pk).update(status="received")
    assert refusal(dossier_postal_arrived, dossier=by_post, actor=officer, postal_item_code="RR1VN") == (
        "already_received",
        ["Hồ sơ đã được xử lý việc tiếp nhận."],
    )


def test_apology_refusals(page, officer):
    dossier = f.dossier_make(page=page, received_at=datetime(2026, 11, 2, 9, tzinfo=VN))  # due Thu 5/11
    kwargs = {"dossier": dossier, "actor": officer}
    assert refusal(dossier_apologise, **kwargs, new_due_date=date(2026, 11, 10), reason=" ") == (
        "reason_required",
        ["Hãy ghi rõ lý do chậm trả kết quả."],
    )
    assert refusal(dossier_apologise, **kwargs, new_due_date=date(2026, 11, 5), reason="Chậm") == (
        "date_not_later",
        ["Ngày hẹn mới phải sau ngày hẹn hiện tại."],
    )
    assert refusal(dossier_apologise, **kwargs, new_due_date=date(2026, 11, 7), reason="Chậm") == (
        "date_not_working_day",
        ["Ngày hẹn mới phải là ngày làm việc."],
    )
    returned = in_status(page, "returned")
    assert refusal(
        dossier_apologise, dossier=returned, actor=officer, new_due_date=date(2030, 1, 7), reason="Chậm"
    ) == ("not_in_progress", ["Chỉ hẹn lại ngày trả kết quả cho hồ sơ đang giải quyết."])


def test_result_file_refusals(page, officer):
    processing = in_status(page, "processing")
    assert refusal(dossier_result_attach, dossier=processing, actor=officer, attachments=[]) == (
        "result_missing",
        ["Hãy chọn tệp kết quả."],
    )
    received = in_status(page, "received")
    files = [AttachmentInput(slot="", label="Kết quả", name="kq.pdf", file=f.upload("kq.pdf"))]
    assert refusal(dossier_result_attach, dossier=received, actor=officer, attachments=files) == (
        "result_closed",
        ["Chỉ đính kèm tệp kết quả khi hồ sơ đang giải quyết hoặc đã có kết quả, trước khi trả."],
    )


def test_correction_refusals_and_a_cleared_value(page, officer):
    open_dossier = in_status(page, "processing")
    change = {"applicant_email": "moi@example.vn"}
    assert refusal(dossier_correct, dossier=open_dossier, actor=officer, changes=change, reason="Sửa") == (
        "not_closed",
        ["Chỉ điều chỉnh hồ sơ đã kết thúc."],
    )
    closed = in_status(page, "returned")
    assert refusal(dossier_correct, dossier=closed, actor=officer, changes=change, reason=" ") == (
        "reason_required",
        ["Hãy ghi rõ lý do điều chỉnh."],
    )
    assert refusal(dossier_correct, dossier=closed, actor=officer, changes={"status": "received"}, reason="Sửa") == (
        "field_not_correctable",
        ["Không điều chỉnh được trường này."],
    )
    same = {"applicant_email": closed.applicant_email}
    assert refusal(dossier_correct, dossier=closed, actor=officer, changes=same, reason="Sửa") == (
        "no_change",
        ["Không có thay đổi nào."],
    )
    # An empty value (None from a cleared form field) clears the field.
    event = dossier_correct(dossier=closed, actor=officer, changes={"applicant_email": None}, reason="Không có thư")
    assert closed.applicant_email == ""
    assert event.data["changes"]["applicant_email"]["new"] == ""


# -- Mẫu 01's table of documents received -------------------------------------------------------


def rows(dossier) -> list[tuple]:
    return list(dossier.received_documents.order_by("position").values_list("position", "name", "form", "quantity"))


def test_the_table_as_the_officer_confirms_it(page, officer):
    dossier = f.dossier_make(page=page, received=False)
    documents = [
        ReceivedDocumentInput(name="  Tờ khai đăng ký khai sinh ", form="original", quantity=1),
        ReceivedDocumentInput(name="   ", form="copy", quantity=5),  # a blank line of the form: skipped
        ReceivedDocumentInput(name="Giấy chứng sinh", form="copy", quantity=99),
        ReceivedDocumentInput(name="Đ" * 501, form="scan", quantity="2"),
    ]
    dossier_transition(dossier=dossier, to_status="received", actor=officer, received_documents=documents)
    assert rows(dossier) == [
        (0, "Tờ khai đăng ký khai sinh", "original", 1),
        (2, "Giấy chứng sinh", "copy", 99),
        (3, "Đ" * 499 + "…", "scan", 2),
    ]


@pytest.mark.parametrize(
    ("document", "code", "message"),
    [
        (ReceivedDocumentInput(name="Tờ khai", form="fax"), "document_form", "Hình thức giấy tờ không hợp lệ."),
        (ReceivedDocumentInput(name="Tờ khai", quantity=0), "document_quantity", "Số lượng mỗi giấy tờ từ 1 đến 99."),
        (ReceivedDocumentInput(name="Tờ khai", quantity=100), "document_quantity", "Số lượng mỗi giấy tờ từ 1 đến 99."),
    ],
)
def test_a_row_outside_the_rules_is_refused(page, officer, document, code, message):
    dossier = f.dossier_make(page=page, received=False)
    assert refusal(
        dossier_transition, dossier=dossier, to_status="received", actor=officer, received_documents=[document]
    ) == (code, [message])


def test_an_online_dossier_received_as_sent_lists_its_files_as_scans(page, officer):
    dossier = f.dossier_make(page=page, received=False)
    labels = sorted(dossier.attachments.values_list("label", flat=True))
    assert labels  # the form page asks for files
    dossier_transition(dossier=dossier, to_status="received", actor=officer)
    assert sorted((name, form, quantity) for _, name, form, quantity in rows(dossier)) == [
        (label, "scan", 1) for label in labels
    ]


# -- what each move records (dates on a fixed clock, the history, the audit log) ------------------


def local(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def audit(dossier, action: str) -> list[dict]:
    from wagtail.models import ModelLogEntry

    return [entry.data for entry in ModelLogEntry.objects.for_instance(dossier).filter(action=action).order_by("pk")]


def test_each_move_records_its_moment_on_the_callers_dossier(page, officer):
    dossier = f.dossier_make(page=page, received=False, delivery_method="post", delivery_address=f.ADDRESS)
    steps = [
        ("received", local(2026, 11, 2, 9), ""),
        ("supplement_requested", local(2026, 11, 3, 10), "Thiếu bản sao"),
        ("processing", local(2026, 11, 4, 10), ""),
        ("result_ready", local(2026, 11, 5, 15), ""),
    ]
    for status, moment, note in steps:
        event = dossier_transition(dossier=dossier, to_status=status, actor=officer, note=note, now=moment)
        assert (event.created_at, event.to_status, event.note, event.actor, event.actor_label) == (
            moment,
            status,
            note,
            officer,
            "Trần Văn Minh",
        )
    returned = dossier_transition(
        dossier=dossier, to_status="returned", actor=officer, postal_tracking_number=" EB1VN ", now=local(2026, 11, 6)
    )
    assert returned.from_status == "result_ready"
    # The caller's instance, not reloaded: received 2/11, paused 3/11 and resumed 4/11 (one day).
    assert (dossier.status, dossier.received_at, dossier.due_date) == (
        "returned",
        local(2026, 11, 2, 9),
        date(2026, 11, 6),
    )
    assert (dossier.paused_at, dossier.completed_at, dossier.returned_at) == (
        None,
        local(2026, 11, 5, 15),
        local(2026, 11, 6),
    )
    assert dossier.postal_tracking_number == "EB1VN"
    assert Dossier.objects.get(pk=dossier.pk).postal_tracking_number == "EB1VN"


@pytest.mark.parametrize("status", ["refused", "not_received"])
def test_a_refusal_closes_the_dossier_at_its_moment(page, officer, status):
    dossier = in_status(page, "received" if status == "refused" else "awaiting_reception")
    dossier_transition(dossier=dossier, to_status=status, actor=officer, note="Lý do", now=local(2026, 11, 9, 14))
    assert dossier.completed_at == local(2026, 11, 9, 14)
    assert Dossier.objects.get(pk=dossier.pk).completed_at == local(2026, 11, 9, 14)


def test_a_supplement_moves_the_first_appointment_too(page, officer):
    dossier = f.dossier_make(page=page, received_at=local(2026, 11, 2, 9))  # due Thu 5/11
    dossier_apologise(dossier=dossier, actor=officer, new_due_date=date(2026, 11, 10), reason="Chờ xác minh")
    dossier_transition(
        dossier=dossier, to_status="supplement_requested", actor=officer, note="Thiếu", now=local(2026, 11, 3, 10)
    )
    assert dossier.paused_at == local(2026, 11, 3, 10)
    # Brought Friday 6/11: Wed 4, Thu 5, Fri 6 waited = 3 working days, added to both dates.
    dossier_transition(dossier=dossier, to_status="processing", actor=officer, now=local(2026, 11, 6, 10))
    stored = Dossier.objects.get(pk=dossier.pk)
    assert (stored.due_date, stored.original_due_date, stored.paused_at) == (
        date(2026, 11, 13),
        date(2026, 11, 10),
        None,
    )
    assert (dossier.due_date, dossier.original_due_date) == (date(2026, 11, 13), date(2026, 11, 10))


def test_the_audit_log_of_a_move_names_the_event_the_statuses_and_the_note(page, officer):
    dossier = in_status(page, "received")
    event = dossier_transition(dossier=dossier, to_status="supplement_requested", actor=officer, note="Thiếu tờ khai")
    assert audit(dossier, "forms.dossier.request_supplement") == [
        {"event": event.pk, "from_status": "received", "to_status": "supplement_requested", "note": "Thiếu tờ khai"}
    ]


def test_the_other_services_write_their_event_and_audit_entry(page, officer):
    by_post = f.dossier_make(page=page, received=False, channel=SubmissionChannel.POST, attachments=[])
    event = dossier_postal_arrived(dossier=by_post, actor=officer, postal_item_code="RR1VN", note="Phong bì rách")
    assert (event.from_status, event.to_status, event.note, event.actor, event.actor_label) == (
        "awaiting_reception",
        "awaiting_reception",
        "Phong bì rách",
        officer,
        "Trần Văn Minh",
    )
    assert audit(by_post, "forms.dossier.postal_arrived") == [{"event": event.pk}]

    dossier = f.dossier_make(page=page, received_at=local(2026, 11, 2, 9))
    event = dossier_apologise(dossier=dossier, actor=officer, new_due_date=date(2026, 11, 10), reason="Chậm")
    assert (event.from_status, event.to_status, event.actor) == ("received", "received", officer)
    assert audit(dossier, "forms.dossier.apologise") == [{"event": event.pk}]
    assert (dossier.due_date, dossier.original_due_date) == (date(2026, 11, 10), date(2026, 11, 5))

    Dossier.objects.filter(pk=dossier.pk).update(status="processing")
    files = [AttachmentInput(slot="", label="Kết quả", name="kq.pdf", file=f.upload("kq.pdf"))]
    event = dossier_result_attach(dossier=dossier, actor=officer, attachments=files)
    assert (event.from_status, event.to_status, event.note, event.data) == ("processing", "processing", "", {})
    assert audit(dossier, "forms.dossier.result_file") == [{"event": event.pk}]


def test_result_files_date_the_electronic_result_once(page, officer):
    dossier = in_status(page, "processing")
    files = [AttachmentInput(slot="", label="Kết quả", name="kq.pdf", file=f.upload("kq.pdf"))]
    dossier_transition(
        dossier=dossier, to_status="result_ready", actor=officer, attachments=files, now=local(2026, 11, 5)
    )
    assert dossier.electronic_result_at == local(2026, 11, 5)
    assert list(dossier.attachments.filter(kind="result").values_list("original_name", flat=True)) == ["kq.pdf"]
    more = [AttachmentInput(slot="", label="Kết quả", name="kq-2.pdf", file=f.upload("kq-2.pdf"))]
    dossier_result_attach(dossier=dossier, actor=officer, attachments=more)
    assert Dossier.objects.get(pk=dossier.pk).electronic_result_at == local(2026, 11, 5)


def test_a_result_without_files_and_a_citizens_supplement_date_no_electronic_result(page, officer):
    dossier = in_status(page, "processing")
    dossier_transition(dossier=dossier, to_status="result_ready", actor=officer)
    assert dossier.electronic_result_at is None
    waiting = in_status(page, "supplement_requested")
    supplement = [AttachmentInput(slot="", label="Giấy tờ", name="cccd.png", file=f.upload(content=f.png_bytes()))]
    dossier_transition(dossier=waiting, to_status="processing", actor=None, attachments=supplement)
    assert waiting.electronic_result_at is None
    assert list(waiting.attachments.filter(kind="supplement").values_list("original_name", flat=True)) == ["cccd.png"]


def test_the_size_limit_counts_the_files_already_uploaded(page, officer, settings):
    dossier = in_status(page, "supplement_requested")
    used = sum(dossier.attachments.values_list("size", flat=True))
    added = len(f.png_bytes())
    supplement = [AttachmentInput(slot="", label="Giấy tờ", name="cccd.png", file=f.upload(content=f.png_bytes()))]
    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = used + added - 1
    code, _ = refusal(dossier_transition, dossier=dossier, to_status="processing", actor=None, attachments=supplement)
    assert code == "dossier_too_large"
    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = used + added
    supplement = [AttachmentInput(slot="", label="Giấy tờ", name="cccd.png", file=f.upload(content=f.png_bytes()))]
    dossier_transition(dossier=dossier, to_status="processing", actor=None, attachments=supplement)
    assert dossier.status == "processing"


def test_an_actor_that_is_no_user_is_named_but_not_linked(page):
    dossier = in_status(page, "received")
    event = dossier_transition(dossier=dossier, to_status="processing", actor="Hệ thống một cửa")
    assert (event.actor, event.actor_label, event.note) == (None, "Hệ thống một cửa", "")  # no note given


def test_a_table_already_written_is_kept_when_none_is_given(page, officer):
    from forms.lifecycle.services import received_documents_record

    dossier = in_status(page, "received")
    received_documents_record(dossier=dossier, documents=[ReceivedDocumentInput(name="Tờ khai", form="original")])
    received_documents_record(dossier=dossier, documents=None)
    assert rows(dossier) == [(0, "Tờ khai", "original", 1)]
    received_documents_record(dossier=dossier, documents=[ReceivedDocumentInput(name="Giấy chứng sinh")])
    assert rows(dossier) == [(0, "Giấy chứng sinh", "copy", 1)]


def test_a_correction_validates_only_the_fields_it_changes(page, officer):
    """A closed dossier from before a rule changed (here a delivery method no longer offered) can
    still have its e-mail corrected: only the corrected fields are validated."""
    closed = in_status(page, "returned")
    Dossier.objects.filter(pk=closed.pk).update(delivery_method="fax")
    dossier_correct(dossier=closed, actor=officer, changes={"applicant_email": "moi@example.vn"}, reason="Sai thư")
    stored = Dossier.objects.get(pk=closed.pk)
    assert (stored.applicant_email, stored.delivery_method) == ("moi@example.vn", "fax")


def test_a_correction_is_audited_with_the_event_and_each_change(page, officer):
    closed = in_status(page, "returned")
    old = closed.applicant_email
    event = dossier_correct(dossier=closed, actor=officer, changes={"applicant_email": "moi@example.vn"}, reason="Sai")
    assert audit(closed, "forms.dossier.correct") == [
        {"event": event.pk, "applicant_email": {"old": old, "new": "moi@example.vn"}}
    ]


def test_the_tracking_link_is_on_the_host_of_the_dossiers_commune(two_communes):
    page = f.form_page_make()
    in_b = f.dossier_make(page=page, site=two_communes.b)
    in_a = f.dossier_make(page=page, site=two_communes.a)
    assert dossier_tracking_url(in_b) == f"http://hamthuanbac.test/tra-cuu-ho-so/{in_b.access_token}/"
    assert dossier_tracking_url(in_a) == f"http://localhost/tra-cuu-ho-so/{in_a.access_token}/"


def test_a_postal_arrival_without_code_is_refused_and_without_note_has_none(page, officer):
    by_post = f.dossier_make(page=page, received=False, channel=SubmissionChannel.POST, attachments=[])
    assert refusal(dossier_postal_arrived, dossier=by_post, actor=officer, postal_item_code=None)[0] == (
        "postal_item_required"
    )
    event = dossier_postal_arrived(dossier=by_post, actor=officer, postal_item_code="RR1VN")
    assert event.note == ""


def test_an_unpaid_fee_stops_the_officer_but_not_the_citizens_supplement(home, officer):
    """Decree 42/2022/NĐ-CP: processing waits for the fee when the procedure says so."""
    from tests.forms.lifecycle.test_payment_before_processing import pay, received

    dossier = received(waits=True)
    pay(dossier, officer, 5000)
    assert refusal(dossier_transition, dossier=dossier, to_status="processing", actor=officer) == (
        "payment_required",
        [
            "Thủ tục này chỉ giải quyết sau khi người dân nộp đủ phí, lệ phí: hồ sơ còn 15.000 đồng chưa nộp. "
            "Hãy ghi nhận thanh toán trước khi nhận giải quyết."
        ],
    )
    dossier_transition(dossier=dossier, to_status="supplement_requested", actor=officer, note="Bản sao CCCD")
    supplement = [AttachmentInput(slot="", label="Giấy tờ", name="cccd.png", file=f.upload(content=f.png_bytes()))]
    dossier_transition(dossier=dossier, to_status="processing", actor=None, attachments=supplement)
    assert dossier.status == "processing"


def test_every_audit_entry_names_the_officer(page, officer):
    from wagtail.models import ModelLogEntry

    by_post = f.dossier_make(page=page, received=False, channel=SubmissionChannel.POST, attachments=[])
    dossier_postal_arrived(dossier=by_post, actor=officer, postal_item_code="RR1VN")
    dossier_transition(dossier=by_post, to_status="received", actor=officer)
    dossier_apologise(dossier=by_post, actor=officer, new_due_date=date(2099, 1, 5), reason="Chậm")
    Dossier.objects.filter(pk=by_post.pk).update(status="processing")
    files = [AttachmentInput(slot="", label="Kết quả", name="kq.pdf", file=f.upload("kq.pdf"))]
    dossier_result_attach(dossier=by_post, actor=officer, attachments=files)
    entries = ModelLogEntry.objects.for_instance(by_post).exclude(action="forms.dossier.submit").order_by("pk")
    assert [(entry.action, entry.user) for entry in entries] == [
        ("forms.dossier.postal_arrived", officer),
        ("forms.dossier.receive", officer),
        ("forms.dossier.apologise", officer),
        ("forms.dossier.result_file", officer),
    ]


def test_a_result_file_counts_against_the_size_limit_with_the_files_already_uploaded(page, officer, settings):
    dossier = in_status(page, "processing")
    used = sum(dossier.attachments.values_list("size", flat=True))
    added = len(f.upload("kq.pdf").read())
    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = used + added - 1
    files = [AttachmentInput(slot="", label="Kết quả", name="kq.pdf", file=f.upload("kq.pdf"))]
    assert refusal(dossier_result_attach, dossier=dossier, actor=officer, attachments=files)[0] == "dossier_too_large"
    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = used + added
    files = [AttachmentInput(slot="", label="Kết quả", name="kq.pdf", file=f.upload("kq.pdf"))]
    event = dossier_result_attach(dossier=dossier, actor=officer, attachments=files)
    assert list(dossier.attachments.filter(kind="result").values_list("event", flat=True)) == [event.pk]


def test_the_first_result_file_dates_the_electronic_result(page, officer):
    from django.utils import timezone

    dossier = in_status(page, "processing")
    before = timezone.now()
    files = [AttachmentInput(slot="", label="Kết quả", name="kq.pdf", file=f.upload("kq.pdf"))]
    dossier_result_attach(dossier=dossier, actor=officer, attachments=files)
    stored = Dossier.objects.get(pk=dossier.pk).electronic_result_at
    assert stored is not None and before <= stored <= timezone.now()


def test_a_note_event_by_an_actor_that_is_no_user_is_named_but_not_linked(page):
    by_post = f.dossier_make(page=page, received=False, channel=SubmissionChannel.POST, attachments=[])
    event = dossier_postal_arrived(dossier=by_post, actor="Bưu điện xã", postal_item_code="RR1VN")
    assert (event.actor, event.actor_label) == (None, "Bưu điện xã")


def test_a_row_without_a_name_is_skipped(page, officer):
    from forms.lifecycle.services import received_documents_record

    dossier = in_status(page, "received")
    received_documents_record(
        dossier=dossier,
        documents=[ReceivedDocumentInput(name=None, form="original"), ReceivedDocumentInput(name="Tờ khai")],
    )
    assert rows(dossier) == [(1, "Tờ khai", "copy", 1)]


def test_a_name_of_exactly_500_characters_is_kept_whole(page, officer):
    from forms.lifecycle.services import received_documents_record

    dossier = in_status(page, "received")
    received_documents_record(dossier=dossier, documents=[ReceivedDocumentInput(name="Đ" * 500)])
    assert rows(dossier) == [(0, "Đ" * 500, "copy", 1)]


def test_files_stored_before_a_failure_are_deleted(page, officer, monkeypatch):
    from forms.lifecycle import services

    stored, deleted = [], []

    def store(*, dossier, item, kind, event):
        if stored:
            raise OSError("ổ đĩa đầy")
        stored.append(item.name)
        return item.name

    monkeypatch.setattr(services, "attachment_store", store)
    monkeypatch.setattr(services, "attachment_files_delete", lambda files: deleted.append(list(files)))
    dossier = in_status(page, "processing")
    files = [
        AttachmentInput(slot="", label="Kết quả", name=name, file=f.upload(name)) for name in ("kq-1.pdf", "kq-2.pdf")
    ]
    with pytest.raises(OSError, match="ổ đĩa đầy"):
        dossier_result_attach(dossier=dossier, actor=officer, attachments=files)
    assert deleted == [["kq-1.pdf"]]


def test_accepting_and_resuming_are_audited_apart(page, officer):
    """Processing after reception is "nhận giải quyết"; after a supplement it is "tiếp tục giải quyết"."""
    from wagtail.models import ModelLogEntry

    dossier = in_status(page, "received")
    before = list(ModelLogEntry.objects.for_instance(dossier).values_list("pk", flat=True))
    dossier_transition(dossier=dossier, to_status="processing", actor=officer)
    dossier_transition(dossier=dossier, to_status="supplement_requested", actor=officer, note="Thiếu tờ khai")
    dossier_transition(dossier=dossier, to_status="processing", actor=officer)
    entries = ModelLogEntry.objects.for_instance(dossier).exclude(pk__in=before).order_by("pk")
    assert list(entries.values_list("action", flat=True)) == [
        "forms.dossier.accept",
        "forms.dossier.request_supplement",
        "forms.dossier.resume",
    ]


def test_a_supplement_request_without_its_moment_moves_no_date(page, officer):
    """Older data: a dossier awaiting a supplement whose pause was never recorded resumes with its
    dates as they were (there is no waiting time to add)."""
    from datetime import timedelta

    from django.utils import timezone

    dossier = f.dossier_make(page=page, received_at=local(2026, 11, 2, 9))  # due Thu 5/11
    Dossier.objects.filter(pk=dossier.pk).update(status="supplement_requested", paused_at=None)
    dossier.refresh_from_db()
    # A month after today's clock: counting from a missing pause would add about 20 working days.
    dossier_transition(dossier=dossier, to_status="processing", actor=officer, now=timezone.now() + timedelta(days=30))
    stored = Dossier.objects.get(pk=dossier.pk)
    assert (stored.due_date, stored.original_due_date, stored.paused_at) == (date(2026, 11, 5), None, None)
