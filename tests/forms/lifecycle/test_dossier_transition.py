"""The dossier lifecycle (Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP), pinned.

Every expected value is written out here: the allowed moves as a table of their own (never read
from ``TRANSITIONS``), due dates as exact dates on a fixed clock.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from django.core import mail
from django.core.exceptions import ValidationError

from wagtail.models import ModelLogEntry

from forms.files.services import AttachmentInput
from forms.lifecycle.selectors import dossier_allowed_transitions
from forms.lifecycle.services import (
    dossier_apologise,
    dossier_correct,
    dossier_postal_arrived,
    dossier_result_attach,
    dossier_transition,
)
from forms.models import AttachmentKind, Dossier, DossierStatus, EventKind, SubmissionChannel
from tests import factories
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus
VN = ZoneInfo("Asia/Ho_Chi_Minh")

OFFICER, CITIZEN, BOTH = "officer", "citizen", "both"
# The one-stop rules, written out: (from, to) → who may make the move. Every pair not listed is
# refused to everybody. Before reception: receive (Mẫu 01), ask to complete (Mẫu 02), refuse to
# receive (Mẫu 03); the citizen answers Mẫu 02 online. After reception: process, ask for a
# supplement (answered online by the citizen, or brought to the counter and resumed by the
# officer), decide, hand over.
MOVES = {
    (S.AWAITING_RECEPTION, S.RECEIVED): OFFICER,
    (S.AWAITING_RECEPTION, S.COMPLETION_REQUESTED): OFFICER,
    (S.AWAITING_RECEPTION, S.NOT_RECEIVED): OFFICER,
    (S.COMPLETION_REQUESTED, S.AWAITING_RECEPTION): CITIZEN,
    (S.COMPLETION_REQUESTED, S.RECEIVED): OFFICER,
    (S.COMPLETION_REQUESTED, S.NOT_RECEIVED): OFFICER,
    (S.RECEIVED, S.PROCESSING): OFFICER,
    (S.RECEIVED, S.SUPPLEMENT_REQUESTED): OFFICER,
    (S.RECEIVED, S.REFUSED): OFFICER,
    (S.PROCESSING, S.SUPPLEMENT_REQUESTED): OFFICER,
    (S.PROCESSING, S.RESULT_READY): OFFICER,
    (S.PROCESSING, S.REFUSED): OFFICER,
    (S.SUPPLEMENT_REQUESTED, S.PROCESSING): BOTH,
    (S.SUPPLEMENT_REQUESTED, S.REFUSED): OFFICER,
    (S.RESULT_READY, S.RETURNED): OFFICER,
}
STATUSES = [
    "awaiting_reception",
    "completion_requested",
    "not_received",
    "received",
    "processing",
    "supplement_requested",
    "result_ready",
    "returned",
    "refused",
]


def local(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.fixture
def officer(db):
    return f.staff_make("canbo", f.OFFICERS)


@pytest.fixture
def page(home):
    return f.form_page_make()


@pytest.fixture
def dossier(page):
    return f.dossier_make(page=page)


def supplement_file() -> list[AttachmentInput]:
    return [AttachmentInput(slot="", label="Giấy tờ bổ sung", name="cccd.png", file=f.upload(content=f.png_bytes()))]


def in_status(page, status: str) -> Dossier:
    dossier = f.dossier_make(page=page, received=status not in ("awaiting_reception", "completion_requested"))
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    dossier.refresh_from_db()
    return dossier


def test_the_statuses_are_the_national_portals():
    assert [(s.value, s.label) for s in S] == [
        ("awaiting_reception", "Chờ tiếp nhận"),
        ("completion_requested", "Yêu cầu bổ sung, hoàn thiện hồ sơ"),
        ("not_received", "Từ chối tiếp nhận"),
        ("received", "Đã tiếp nhận"),
        ("processing", "Đang giải quyết"),
        ("supplement_requested", "Yêu cầu bổ sung hồ sơ"),
        ("result_ready", "Đã có kết quả"),
        ("returned", "Đã trả kết quả"),
        ("refused", "Từ chối giải quyết"),
    ]


@pytest.mark.parametrize("from_status", STATUSES)
@pytest.mark.parametrize("to_status", STATUSES)
def test_every_officer_move_is_allowed_or_refused_as_the_rules_say(page, officer, from_status, to_status):
    dossier = in_status(page, from_status)
    who = MOVES.get((from_status, to_status))
    if who in (OFFICER, BOTH):
        dossier_transition(dossier=dossier, to_status=to_status, actor=officer, note="Lý do")
        assert Dossier.objects.get(pk=dossier.pk).status == to_status
        return
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=to_status, actor=officer, note="Lý do")
    if who == CITIZEN:
        assert caught.value.code == "citizen_only"
    else:
        assert caught.value.code == "invalid_transition"
        assert caught.value.messages[0].startswith("Không thể chuyển hồ sơ từ")
    assert Dossier.objects.get(pk=dossier.pk).status == from_status


@pytest.mark.parametrize("from_status", STATUSES)
@pytest.mark.parametrize("to_status", STATUSES)
def test_every_citizen_move_is_allowed_or_refused_as_the_rules_say(page, from_status, to_status):
    dossier = in_status(page, from_status)
    who = MOVES.get((from_status, to_status))
    if who in (CITIZEN, BOTH):
        dossier_transition(dossier=dossier, to_status=to_status, actor=None, attachments=supplement_file())
        assert Dossier.objects.get(pk=dossier.pk).status == to_status
        return
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=to_status, actor=None, attachments=supplement_file())
    assert caught.value.code == ("not_allowed" if who == OFFICER else "invalid_transition")
    assert Dossier.objects.get(pk=dossier.pk).status == from_status


@pytest.mark.parametrize("status", STATUSES)
def test_the_back_office_offers_exactly_the_officers_moves(page, status):
    dossier = in_status(page, status)
    expected = [to for to in STATUSES if MOVES.get((status, to)) in (OFFICER, BOTH)]
    assert [s.value for s in dossier_allowed_transitions(dossier=dossier)] == expected


def test_full_path_writes_history_and_sets_dates(page, officer):
    dossier = f.dossier_make(page=page, received=False)
    assert dossier.status == S.AWAITING_RECEPTION and dossier.due_date is None and dossier.received_at is None
    for status in (S.RECEIVED, S.PROCESSING, S.RESULT_READY):
        dossier_transition(dossier=dossier, to_status=status, actor=officer)
    event = dossier_transition(dossier=dossier, to_status=S.RETURNED, actor=officer, note="Đã trả tại quầy")
    dossier.refresh_from_db()
    assert dossier.status == S.RETURNED
    assert dossier.received_at and dossier.due_date and dossier.completed_at and dossier.returned_at
    assert list(dossier.events.values_list("from_status", "to_status")) == [
        ("", "awaiting_reception"),
        ("awaiting_reception", "received"),
        ("received", "processing"),
        ("processing", "result_ready"),
        ("result_ready", "returned"),
    ]
    assert event.actor == officer and event.actor_label == "Trần Văn Minh"


def test_repeat_call_is_refused(dossier, officer):
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    assert caught.value.code == "invalid_transition"
    assert dossier.events.count() == 3  # sent, received, processing


@pytest.mark.parametrize(
    ("to_status", "message"),
    [
        (S.COMPLETION_REQUESTED, "Hãy ghi rõ giấy tờ cần bổ sung, hoàn thiện và lý do (Mẫu 02)."),
        (S.NOT_RECEIVED, "Hãy ghi rõ lý do từ chối tiếp nhận hồ sơ (Mẫu 03)."),
    ],
)
def test_before_reception_a_note_is_required(page, officer, to_status, message):
    dossier = f.dossier_make(page=page, received=False)
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=to_status, actor=officer, note="  ")
    assert caught.value.code == "note_required" and caught.value.messages == [message]


@pytest.mark.parametrize(
    ("to_status", "message"),
    [(S.SUPPLEMENT_REQUESTED, "Hãy ghi rõ giấy tờ cần bổ sung."), (S.REFUSED, "Hãy ghi rõ lý do từ chối.")],
)
def test_note_required(dossier, officer, to_status, message):
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=to_status, actor=officer, note="  ")
    assert caught.value.code == "note_required" and caught.value.messages == [message]


def test_a_note_longer_than_2000_characters_is_refused_with_its_length(dossier, officer):
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="x" * 2001)
    assert caught.value.code == "note_too_long"
    assert caught.value.messages == ["Ghi chú dài 2001 ký tự; hãy rút gọn trong 2000 ký tự."]
    dossier_transition(dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="x" * 2000)
    assert dossier.status == S.SUPPLEMENT_REQUESTED


def test_completion_answered_online_returns_to_awaiting_reception(page, officer):
    dossier = f.dossier_make(page=page, received=False)
    dossier_transition(dossier=dossier, to_status=S.COMPLETION_REQUESTED, actor=officer, note="Thiếu tờ khai có ký")
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=S.AWAITING_RECEPTION, actor=None)
    assert caught.value.code == "supplement_missing"
    dossier_transition(dossier=dossier, to_status=S.AWAITING_RECEPTION, actor=None, attachments=supplement_file())
    assert dossier.status == S.AWAITING_RECEPTION and dossier.due_date is None
    actions = list(ModelLogEntry.objects.for_instance(dossier).order_by("pk").values_list("action", flat=True))
    assert actions == ["forms.dossier.submit", "forms.dossier.request_completion", "forms.dossier.complete"]


def test_refused_at_reception_is_closed_without_a_deadline(page, officer):
    dossier = f.dossier_make(page=page, received=False)
    dossier_transition(dossier=dossier, to_status=S.NOT_RECEIVED, actor=officer, note="Không thuộc thẩm quyền của xã")
    dossier.refresh_from_db()
    assert dossier.is_closed and not dossier.is_overdue and dossier.due_date is None
    assert ModelLogEntry.objects.for_instance(dossier).filter(action="forms.dossier.not_receive").count() == 1


# -- due dates on a fixed clock ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "due"),
    [
        (local(2026, 11, 16, 9), date(2026, 11, 19)),  # Monday in hours: Tue, Wed, Thu
        (local(2026, 11, 16, 16, 59), date(2026, 11, 19)),  # a minute before closing
        (local(2026, 11, 16, 17, 0), date(2026, 11, 20)),  # at closing: counts from Tuesday
        (local(2026, 11, 16, 21, 30), date(2026, 11, 20)),  # evening
        (local(2026, 11, 16, 6, 0), date(2026, 11, 19)),  # before opening: that day
        (local(2026, 11, 21, 10), date(2026, 11, 27)),  # Saturday: from Mon 23; Tue 24 is a holiday
        (local(2026, 11, 22, 10), date(2026, 11, 27)),  # Sunday
        (local(2026, 8, 28, 10), date(2026, 9, 7)),  # Friday before National Day (31/8–2/9 off)
        (local(2026, 8, 28, 17, 30), date(2026, 9, 8)),  # same Friday after hours: from Thu 3/9
        (local(2026, 9, 2, 10), date(2026, 9, 8)),  # on 2 September itself
        (local(2026, 2, 13, 10), date(2026, 2, 25)),  # Friday before Tết (16–20/2 off)
        (local(2026, 2, 14, 10), date(2026, 2, 26)),  # Saturday before Tết: from Mon 23/2
        (local(2027, 2, 3, 16), date(2027, 2, 15)),  # Tết 2027 (4–10/2): Thu 11, Fri 12, Mon 15
    ],
)
def test_the_due_date_counts_three_working_days_from_the_reception_day(page, officer, moment, due):
    dossier = f.dossier_make(page=page, received=False, submitted_at=moment)
    assert dossier.processing_days == 3
    dossier_transition(dossier=dossier, to_status=S.RECEIVED, actor=officer, now=moment)
    dossier.refresh_from_db()
    assert dossier.due_date == due
    assert dossier.received_at == moment


def test_a_same_day_procedure_received_after_hours_is_due_the_next_working_day(home, officer):
    page = f.form_page_make(procedure=factories.procedure_make(processing_days=0))
    dossier = f.dossier_make(page=page, received_at=local(2026, 11, 20, 17, 15))  # Friday after closing
    assert dossier.due_date == date(2026, 11, 23)


def test_the_counter_hours_come_from_the_setting(page, officer, settings):
    settings.FORMS_COUNTER_HOURS = "07:00-11:30"
    dossier = f.dossier_make(page=page, received_at=local(2026, 11, 16, 13))
    assert dossier.due_date == date(2026, 11, 20)


def test_a_supplement_moves_the_due_date_by_the_working_days_waited(page, officer):
    dossier = f.dossier_make(page=page, received_at=local(2026, 11, 2, 9))  # Monday
    assert dossier.due_date == date(2026, 11, 5)
    dossier_transition(
        dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu", now=local(2026, 11, 3, 10)
    )
    assert dossier.paused_at == local(2026, 11, 3, 10)
    # Answered Monday 9: Wed 4, Thu 5, Fri 6, Mon 9 waited = 4 working days → 5/11 + 4 = 11/11.
    dossier_transition(
        dossier=dossier, to_status=S.PROCESSING, actor=None, attachments=supplement_file(), now=local(2026, 11, 9, 10)
    )
    dossier.refresh_from_db()
    assert dossier.due_date == date(2026, 11, 11) and dossier.paused_at is None


def test_a_supplement_resumed_at_the_counter_moves_the_date_the_same(page, officer):
    dossier = f.dossier_make(page=page, received_at=local(2026, 11, 2, 9))
    dossier_transition(
        dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu", now=local(2026, 11, 3, 10)
    )
    # Brought to the counter Friday 6: Wed 4, Thu 5, Fri 6 = 3 → 5/11 + 3 = 10/11.
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer, now=local(2026, 11, 6, 10))
    assert Dossier.objects.get(pk=dossier.pk).due_date == date(2026, 11, 10)
    assert ModelLogEntry.objects.for_instance(dossier).filter(action="forms.dossier.resume").count() == 1


def test_a_dossier_late_before_the_supplement_request_stays_late(page, officer):
    dossier = f.dossier_make(page=page, received_at=local(2026, 11, 2, 9))  # due 5/11
    dossier_transition(
        dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu", now=local(2026, 11, 9, 10)
    )
    dossier.refresh_from_db()
    assert dossier.is_overdue
    early = f.dossier_make(page=page, received_at=local(2026, 11, 2, 9))
    dossier_transition(
        dossier=early, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu", now=local(2026, 11, 4, 10)
    )
    early.refresh_from_db()
    assert not early.is_overdue


# -- apology with a new date (Mẫu 04) ------------------------------------------------------------


def test_an_apology_sets_a_new_date_and_keeps_the_first_as_the_deadline(
    page, officer, django_capture_on_commit_callbacks
):
    dossier = f.dossier_make(page=page, received_at=local(2026, 11, 2, 9))  # due Thu 5/11
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = dossier_apologise(
            dossier=dossier, actor=officer, new_due_date=date(2026, 11, 10), reason="Chờ xác minh nơi cư trú"
        )
    dossier.refresh_from_db()
    assert (dossier.original_due_date, dossier.due_date) == (date(2026, 11, 5), date(2026, 11, 10))
    assert event.kind == EventKind.APOLOGY and event.data == {
        "old_due_date": "2026-11-05",
        "new_due_date": "2026-11-10",
    }
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"Hồ sơ {dossier.code}: xin lỗi và hẹn lại ngày trả kết quả"
    assert "xin lỗi" in mail.outbox[0].body and "Ngày hẹn trả kết quả mới: 10/11/2026" in mail.outbox[0].body
    assert "Lý do: Chờ xác minh nơi cư trú" in mail.outbox[0].body
    # A second apology keeps the first appointment as the deadline.
    dossier_apologise(dossier=dossier, actor=officer, new_due_date=date(2026, 11, 12), reason="Chờ thêm ý kiến")
    dossier.refresh_from_db()
    assert (dossier.original_due_date, dossier.due_date) == (date(2026, 11, 5), date(2026, 11, 12))
    # Decided on the new date: still late against the first.
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    dossier_transition(dossier=dossier, to_status=S.RESULT_READY, actor=officer, now=local(2026, 11, 9, 10))
    dossier.refresh_from_db()
    assert dossier.is_overdue
    assert ModelLogEntry.objects.for_instance(dossier).filter(action="forms.dossier.apologise").count() == 2


@pytest.mark.parametrize(
    ("new_due_date", "reason", "code"),
    [
        (date(2026, 11, 10), "  ", "reason_required"),
        (date(2026, 11, 5), "Chậm", "date_not_later"),
        (date(2026, 11, 4), "Chậm", "date_not_later"),
        (date(2026, 11, 7), "Chậm", "date_not_working_day"),  # Saturday
        (date(2026, 11, 24), "Chậm", "date_not_working_day"),  # Vietnam Cultural Day
    ],
)
def test_an_apology_is_refused_without_reason_or_a_later_working_day(page, officer, new_due_date, reason, code):
    dossier = f.dossier_make(page=page, received_at=local(2026, 11, 2, 9))
    with pytest.raises(ValidationError) as caught:
        dossier_apologise(dossier=dossier, actor=officer, new_due_date=new_due_date, reason=reason)
    assert caught.value.code == code
    dossier.refresh_from_db()
    assert dossier.original_due_date is None and dossier.due_date == date(2026, 11, 5)


@pytest.mark.parametrize("status", ["awaiting_reception", "result_ready", "returned", "refused", "not_received"])
def test_no_apology_outside_processing(page, officer, status):
    dossier = in_status(page, status)
    with pytest.raises(ValidationError) as caught:
        dossier_apologise(dossier=dossier, actor=officer, new_due_date=date(2030, 1, 7), reason="Chậm")
    assert caught.value.code == "not_in_progress"


# -- postal arrival ------------------------------------------------------------------------------


def test_a_postal_dossier_is_received_only_after_its_papers_arrive(page, officer):
    dossier = f.dossier_make(page=page, received=False, channel=SubmissionChannel.POST, attachments=[])
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=S.RECEIVED, actor=officer)
    assert caught.value.code == "postal_item_missing"
    with pytest.raises(ValidationError) as caught:
        dossier_postal_arrived(dossier=dossier, actor=officer, postal_item_code="  ")
    assert caught.value.code == "postal_item_required"
    with pytest.raises(ValidationError) as caught:
        dossier_postal_arrived(dossier=dossier, actor=officer, postal_item_code="E" * 65)
    assert caught.value.code == "postal_item_too_long"
    event = dossier_postal_arrived(dossier=dossier, actor=officer, postal_item_code=" RR123456789VN ")
    assert dossier.postal_item_code == "RR123456789VN"
    assert event.kind == EventKind.POSTAL_ARRIVED and event.data == {"postal_item_code": "RR123456789VN"}
    assert ModelLogEntry.objects.for_instance(dossier).filter(action="forms.dossier.postal_arrived").count() == 1
    dossier_transition(dossier=dossier, to_status=S.RECEIVED, actor=officer)
    assert dossier.status == S.RECEIVED
    with pytest.raises(ValidationError) as caught:
        dossier_postal_arrived(dossier=dossier, actor=officer, postal_item_code="RR000000000VN")
    assert caught.value.code == "already_received"


def test_postal_arrival_is_only_for_postal_dossiers(page, officer):
    dossier = f.dossier_make(page=page, received=False)
    with pytest.raises(ValidationError) as caught:
        dossier_postal_arrived(dossier=dossier, actor=officer, postal_item_code="RR123456789VN")
    assert caught.value.code == "not_postal"


# -- result files --------------------------------------------------------------------------------


def result_file(name="ket-qua.pdf") -> list[AttachmentInput]:
    return [AttachmentInput(slot="", label="Kết quả giải quyết", name=name, file=f.upload(name))]


def test_a_result_file_is_attached_and_replaced_until_the_dossier_is_returned(dossier, officer):
    with pytest.raises(ValidationError) as caught:
        dossier_result_attach(dossier=dossier, actor=officer, attachments=result_file())
    assert caught.value.code == "result_closed"  # received, not yet processing
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    first = dossier_result_attach(dossier=dossier, actor=officer, attachments=result_file("ban-1.pdf"))
    assert first.kind == EventKind.RESULT_FILE
    dossier_transition(dossier=dossier, to_status=S.RESULT_READY, actor=officer)
    dossier_result_attach(dossier=dossier, actor=officer, attachments=result_file("ban-2.pdf"))
    names = list(dossier.attachments.filter(kind=AttachmentKind.RESULT).values_list("original_name", flat=True))
    assert names == ["ban-1.pdf", "ban-2.pdf"]
    dossier_transition(dossier=dossier, to_status=S.RETURNED, actor=officer)
    with pytest.raises(ValidationError) as caught:
        dossier_result_attach(dossier=dossier, actor=officer, attachments=result_file("ban-3.pdf"))
    assert caught.value.code == "result_closed"
    assert dossier.attachments.filter(kind=AttachmentKind.RESULT).count() == 2
    assert ModelLogEntry.objects.for_instance(dossier).filter(action="forms.dossier.result_file").count() == 2


def test_a_result_file_must_be_given_and_be_a_real_document(dossier, officer):
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    with pytest.raises(ValidationError) as caught:
        dossier_result_attach(dossier=dossier, actor=officer, attachments=[])
    assert caught.value.code == "result_missing"
    bad = [AttachmentInput(slot="", label="Kết quả", name="kq.pdf", file=f.upload(content=f.exe_bytes()))]
    with pytest.raises(ValidationError):
        dossier_result_attach(dossier=dossier, actor=officer, attachments=bad)
    assert not dossier.attachments.filter(kind=AttachmentKind.RESULT).exists()


# -- correction of a closed dossier (điều chỉnh) -------------------------------------------------


def test_only_a_closed_dossier_is_corrected_with_a_reason_and_audited(dossier, officer):
    with pytest.raises(ValidationError) as caught:
        dossier_correct(dossier=dossier, actor=officer, changes={"applicant_email": "moi@example.vn"}, reason="Sai")
    assert caught.value.code == "not_closed"
    for status in (S.PROCESSING, S.RESULT_READY, S.RETURNED):
        dossier_transition(dossier=dossier, to_status=status, actor=officer)
    with pytest.raises(ValidationError) as caught:
        dossier_correct(dossier=dossier, actor=officer, changes={"applicant_email": "moi@example.vn"}, reason=" ")
    assert caught.value.code == "reason_required"
    with pytest.raises(ValidationError) as caught:
        dossier_correct(dossier=dossier, actor=officer, changes={"status": "processing"}, reason="Sửa")
    assert caught.value.code == "field_not_correctable"
    with pytest.raises(ValidationError) as caught:
        dossier_correct(dossier=dossier, actor=officer, changes={"applicant_email": "an@example.vn"}, reason="Sửa")
    assert caught.value.code == "no_change"
    event = dossier_correct(
        dossier=dossier,
        actor=officer,
        changes={"applicant_email": "moi@example.vn", "postal_tracking_number": "EB1VN"},
        reason="Người dân báo sai thư điện tử",
    )
    dossier.refresh_from_db()
    assert dossier.applicant_email == "moi@example.vn" and dossier.status == S.RETURNED
    assert event.kind == EventKind.CORRECTION and event.note == "Người dân báo sai thư điện tử"
    assert event.data == {
        "changes": {
            "applicant_email": {"old": "an@example.vn", "new": "moi@example.vn"},
            "postal_tracking_number": {"old": "", "new": "EB1VN"},
        }
    }
    entry = ModelLogEntry.objects.for_instance(dossier).get(action="forms.dossier.correct")
    assert entry.user == officer and entry.data["applicant_email"] == {"old": "an@example.vn", "new": "moi@example.vn"}


def test_a_correction_with_an_invalid_value_is_refused(dossier, officer):
    dossier_transition(dossier=dossier, to_status=S.REFUSED, actor=officer, note="Không đủ điều kiện")
    with pytest.raises(ValidationError):
        dossier_correct(dossier=dossier, actor=officer, changes={"delivery_method": "fax"}, reason="Sửa")
    assert Dossier.objects.get(pk=dossier.pk).delivery_method == "counter"


# -- unchanged behaviour -------------------------------------------------------------------------


def test_posted_result_needs_tracking_number(page, officer):
    dossier = f.dossier_make(page=page, delivery_method="post", delivery_address=f.ADDRESS)
    for status in (S.PROCESSING, S.RESULT_READY):
        dossier_transition(dossier=dossier, to_status=status, actor=officer)
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=S.RETURNED, actor=officer)
    assert caught.value.code == "tracking_required"
    dossier_transition(dossier=dossier, to_status=S.RETURNED, actor=officer, postal_tracking_number="EB123456789VN")
    dossier.refresh_from_db()
    assert dossier.postal_tracking_number == "EB123456789VN"


def test_citizen_answers_supplement_with_files(dossier, officer):
    dossier_transition(dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu bản sao CCCD")
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=None)
    assert caught.value.code == "supplement_missing"
    event = dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=None, attachments=supplement_file())
    assert event.actor is None and event.actor_label == "Người nộp hồ sơ"
    assert dossier.attachments.filter(kind=AttachmentKind.SUPPLEMENT, event=event).count() == 1


def test_disguised_supplement_file_is_refused(dossier, officer):
    dossier_transition(dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu")
    bad = AttachmentInput(slot="", label="x", name="bo-sung.pdf", file=f.upload(content=f.exe_bytes()))
    with pytest.raises(ValidationError):
        dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=None, attachments=[bad])
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT_REQUESTED


def test_result_file_is_kept_as_result(dossier, officer):
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    dossier_transition(dossier=dossier, to_status=S.RESULT_READY, actor=officer, attachments=result_file())
    assert dossier.attachments.filter(kind=AttachmentKind.RESULT).count() == 1


def test_transition_notifies_by_email(dossier, officer, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dossier_transition(dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu tờ khai")
    assert len(mail.outbox) == 1
    assert "bổ sung" in mail.outbox[0].subject
    assert "Thiếu tờ khai" in mail.outbox[0].body
