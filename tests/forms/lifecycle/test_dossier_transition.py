from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError

from forms.files.services import AttachmentInput
from forms.lifecycle.selectors import dossier_allowed_transitions
from forms.lifecycle.services import TRANSITIONS, dossier_transition
from forms.models import AttachmentKind, DossierStatus
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user("canbo", password="x", first_name="Lan", last_name="Trần")


@pytest.fixture
def dossier(home):
    return f.dossier_make()


def move(dossier, *statuses, actor, **kwargs):
    for status in statuses:
        note = "Ghi chú" if status in (S.SUPPLEMENT_REQUESTED, S.REFUSED) else ""
        dossier_transition(dossier=dossier, to_status=status, actor=actor, note=note, **kwargs)


def test_full_path_writes_history_and_sets_dates(dossier, officer):
    move(dossier, S.PROCESSING, S.RESULT_READY, actor=officer)
    event = dossier_transition(dossier=dossier, to_status=S.RETURNED, actor=officer, note="Đã trả tại quầy")
    dossier.refresh_from_db()
    assert dossier.status == S.RETURNED
    assert dossier.completed_at and dossier.returned_at
    history = list(dossier.events.values_list("from_status", "to_status"))
    assert history == [
        ("", S.RECEIVED),
        (S.RECEIVED, S.PROCESSING),
        (S.PROCESSING, S.RESULT_READY),
        (S.RESULT_READY, S.RETURNED),
    ]
    assert event.actor == officer and event.actor_label == "Lan Trần"


@pytest.mark.parametrize("from_status", list(S))
@pytest.mark.parametrize("to_status", list(S))
def test_every_move_is_allowed_or_refused_as_the_table_says(home, officer, from_status, to_status):
    dossier = f.dossier_make()
    dossier.status = from_status
    dossier.delivery_method = "counter"
    dossier.save()
    allowed = to_status in TRANSITIONS[from_status]
    if allowed:
        dossier_transition(dossier=dossier, to_status=to_status, actor=officer, note="Lý do")
        assert dossier.status == to_status
    else:
        with pytest.raises(ValidationError) as caught:
            dossier_transition(dossier=dossier, to_status=to_status, actor=officer, note="Lý do")
        assert caught.value.code == "invalid_transition"
        assert "Không thể chuyển" in caught.value.messages[0]


def test_repeat_call_is_refused(dossier, officer):
    move(dossier, S.PROCESSING, actor=officer)
    with pytest.raises(ValidationError):
        move(dossier, S.PROCESSING, actor=officer)
    assert dossier.events.count() == 2


@pytest.mark.parametrize("to_status", [S.SUPPLEMENT_REQUESTED, S.REFUSED])
def test_note_required(dossier, officer, to_status):
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=to_status, actor=officer, note="  ")
    assert caught.value.code == "note_required"


def test_posted_result_needs_tracking_number(home, officer):
    dossier = f.dossier_make(delivery_method="post", delivery_address=f.ADDRESS)
    move(dossier, S.PROCESSING, S.RESULT_READY, actor=officer)
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=S.RETURNED, actor=officer)
    assert caught.value.code == "tracking_required"
    dossier_transition(dossier=dossier, to_status=S.RETURNED, actor=officer, postal_tracking_number="EB123456789VN")
    dossier.refresh_from_db()
    assert dossier.postal_tracking_number == "EB123456789VN"


def test_citizen_answers_supplement_with_files_and_clock_pauses(dossier, officer):
    move(dossier, S.PROCESSING, actor=officer)
    dossier_transition(dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu bản sao CCCD")
    assert dossier.paused_at is not None
    # Pretend the request went out three working days earlier.
    dossier.paused_at = datetime(2026, 11, 16, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    dossier.due_date = date(2026, 11, 18)
    dossier.save()

    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=None)
    assert caught.value.code == "supplement_missing"

    upload = AttachmentInput(slot="", label="Giấy tờ bổ sung", name="cccd.png", file=f.upload(content=f.png_bytes()))
    event = dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=None, attachments=[upload])
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING and dossier.paused_at is None
    assert dossier.due_date > date(2026, 11, 18)
    assert event.actor is None and event.actor_label == "Người nộp hồ sơ"
    assert dossier.attachments.filter(kind=AttachmentKind.SUPPLEMENT, event=event).count() == 1


def test_citizen_cannot_make_officer_moves(dossier):
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=None)
    assert caught.value.code == "not_allowed"


def test_disguised_supplement_file_is_refused(dossier, officer):
    move(dossier, S.SUPPLEMENT_REQUESTED, actor=officer)
    bad = AttachmentInput(slot="", label="x", name="bo-sung.pdf", file=f.upload(content=f.exe_bytes()))
    with pytest.raises(ValidationError):
        dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=None, attachments=[bad])
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT_REQUESTED


def test_result_file_is_kept_as_result(dossier, officer):
    move(dossier, S.PROCESSING, actor=officer)
    result = AttachmentInput(slot="", label="Giấy khai sinh (bản điện tử)", name="kq.pdf", file=f.upload())
    dossier_transition(dossier=dossier, to_status=S.RESULT_READY, actor=officer, attachments=[result])
    assert dossier.attachments.filter(kind=AttachmentKind.RESULT).count() == 1


def test_transition_notifies_by_email(dossier, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier_transition(dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu tờ khai")
    assert len(mail.outbox) == 1
    assert "bổ sung" in mail.outbox[0].subject
    assert "Thiếu tờ khai" in mail.outbox[0].body


def test_allowed_transitions_selector(dossier):
    assert dossier_allowed_transitions(dossier=dossier) == [S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.REFUSED]
