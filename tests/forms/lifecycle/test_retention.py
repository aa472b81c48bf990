"""Retention of personal data (Decree 13/2023/NĐ-CP): closed dossiers past their period lose files and personal fields.

Periods are written out in months here; the statistics are compared before and after as the
public page shows them.
"""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry, Site

from cms.models import CommuneSettings
from forms.files.services import AttachmentInput
from forms.lifecycle.retention import dossier_anonymise, dossiers_past_retention, months_before, retention_apply
from forms.lifecycle.services import dossier_correct, dossier_transition
from forms.models import (
    Dossier,
    DossierAttachment,
    DossierEvent,
    DossierNotification,
    DossierRating,
    DossierStatus,
    EventKind,
    NotificationStatus,
)
from forms.ratings.services import dossier_rate
from forms.statistics.selectors import dossier_statistics, period_last_months
from tests import factories
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def officer(db):
    return f.staff_make("canbo-luutru", f.OFFICERS)


@pytest.fixture
def page(home):
    return f.form_page_make(procedure=factories.procedure_make(sector=factories.sector_make("Hộ tịch")))


def closed(page, officer, *, how=S.RETURNED, at=None):
    """A dossier received, decided and closed (``how``: returned, refused or not received) at ``at``."""
    at = at or timezone.now()
    if how == S.NOT_RECEIVED:
        dossier = f.dossier_make(page=page, received=False, received_at=at - timedelta(days=1))
        dossier_transition(dossier=dossier, to_status=S.NOT_RECEIVED, actor=officer, note="Sai thẩm quyền", now=at)
        return dossier
    dossier = f.dossier_make(page=page, received_at=at - timedelta(days=3))
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer, now=at - timedelta(days=2))
    if how == S.REFUSED:
        dossier_transition(
            dossier=dossier, to_status=S.REFUSED, actor=officer, note="Ông Nguyễn Văn An không đủ điều kiện", now=at
        )
        return dossier
    result = AttachmentInput(slot="", label="Giấy khai sinh", name="ket-qua.pdf", file=f.upload())
    dossier_transition(
        dossier=dossier,
        to_status=S.RESULT_READY,
        actor=officer,
        attachments=[result],
        now=at - timedelta(days=1),
    )
    dossier_transition(dossier=dossier, to_status=S.RETURNED, actor=officer, now=at)
    return dossier


def settings_set(**fields):
    commune = CommuneSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(commune, name, value)
    commune.save()
    cache.clear()


# Calendar months


def test_months_before_counts_calendar_months_and_keeps_the_last_day():
    at = datetime(2026, 3, 31, 10, 0, tzinfo=VN)
    assert months_before(at, 1) == datetime(2026, 2, 28, 10, 0, tzinfo=VN)
    assert months_before(datetime(2024, 3, 31, tzinfo=VN), 1) == datetime(2024, 2, 29, tzinfo=VN)
    assert months_before(datetime(2026, 1, 15, tzinfo=VN), 13) == datetime(2024, 12, 15, tzinfo=VN)
    assert months_before(datetime(2026, 12, 1, tzinfo=VN), 60) == datetime(2021, 12, 1, tzinfo=VN)


# Which dossiers


def test_the_commune_default_of_sixty_months_applies_to_every_closed_status(page, officer):
    now = timezone.now()
    returned = closed(page, officer, how=S.RETURNED)
    refused = closed(page, officer, how=S.REFUSED)
    not_received = closed(page, officer, how=S.NOT_RECEIVED)
    still_open = f.dossier_make(page=page)
    assert set(dossiers_past_retention(now=months_after(now, 60) - timedelta(days=1))) == set()
    due = set(dossiers_past_retention(now=months_after(now, 60) + timedelta(days=1)))
    assert due == {returned, refused, not_received}
    assert still_open not in due


def months_after(moment, months):
    # The inverse of months_before, for choosing a "now" in the tests.
    return months_before(moment, -months)


def test_a_procedure_keeps_its_own_period(page, officer, home):
    short = f.form_page_make(procedure=factories.procedure_make(retention_months=12))
    long_kept = f.form_page_make(procedure=factories.procedure_make(retention_months=120))
    default = closed(page, officer)
    in_short = closed(short, officer)
    in_long = closed(long_kept, officer)
    now = timezone.now()
    assert set(dossiers_past_retention(now=months_after(now, 12) + timedelta(days=1))) == {in_short}
    assert set(dossiers_past_retention(now=months_after(now, 61))) == {in_short, default}
    assert set(dossiers_past_retention(now=months_after(now, 121))) == {in_short, default, in_long}


def test_the_commune_period_is_read_from_its_settings(page, officer):
    settings_set(retention_months=24)
    dossier = closed(page, officer)
    now = timezone.now()
    assert list(dossiers_past_retention(now=months_after(now, 23))) == []
    assert list(dossiers_past_retention(now=months_after(now, 24) + timedelta(days=1))) == [dossier]


def test_the_period_runs_from_the_day_the_dossier_closed(page, officer):
    now = timezone.now()
    old = closed(page, officer, at=now - timedelta(days=61 * 31))
    recent = closed(page, officer, at=now - timedelta(days=30))
    assert list(dossiers_past_retention(now=now)) == [old]
    assert recent.pk != old.pk


# What anonymising does


def test_anonymising_deletes_files_and_personal_fields_and_keeps_the_figures(
    page, officer, django_capture_on_commit_callbacks
):
    dossier = closed(page, officer, how=S.RETURNED)
    dossier_correct(
        dossier=dossier, actor=officer, reason="Sai số điện thoại", changes={"applicant_phone": "0987654321"}
    )
    dossier.refresh_from_db()
    paths = [Path(a.file.path) for a in dossier.attachments.all()]
    assert len(paths) >= 2 and all(p.exists() for p in paths)  # submitted papers and the result
    kept = Dossier.objects.values(
        "code", "status", "procedure_id", "procedure_code", "channel", "submitted_at", "received_at",
        "due_date", "completed_at", "returned_at", "processing_days",
    ).get(pk=dossier.pk)  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows are gone for good
        result = retention_apply(now=months_after(timezone.now(), 61))

    assert result.dossiers == 1 and result.files == len(paths)
    dossier.refresh_from_db()
    assert dossier.applicant_name == "(đã xóa thông tin cá nhân)"
    assert (dossier.applicant_id_number, dossier.applicant_phone, dossier.applicant_email) == ("", "", "")
    assert dossier.applicant == {} and dossier.answers == {} and dossier.delivery_address is None
    assert dossier.snapshot == [{"step": "nguoi-nop", "title": "Người nộp hồ sơ", "rows": [["Họ tên", "(đã xóa)"]]}]
    assert dossier.anonymised_at is not None
    assert not DossierAttachment.objects.filter(dossier=dossier).exists()
    assert not any(p.exists() for p in paths)
    assert Dossier.objects.values(*kept).get(pk=dossier.pk) == kept
    # The history keeps who did what and when, not what they wrote about the citizen.
    event = dossier.events.get(kind=EventKind.ANONYMISED)
    assert event.actor_label == "Hệ thống (hết thời hạn lưu trữ)"
    assert event.note.startswith("Hết thời hạn lưu trữ 60 tháng (Nghị định 13/2023/NĐ-CP): đã xóa")
    assert event.data == {"attachments_deleted": len(paths), "retention_months": 60}
    others = dossier.events.exclude(kind=EventKind.ANONYMISED)
    assert all(e.note == "" and "changes" not in e.data for e in others)
    logged = " ".join(str(entry.data) for entry in ModelLogEntry.objects.filter(object_id=str(dossier.pk)))
    assert "0987654321" not in logged and "Sai số điện thoại" not in logged


def test_the_refusal_reason_naming_the_citizen_is_erased(page, officer):
    dossier = closed(page, officer, how=S.REFUSED)
    retention_apply(now=months_after(timezone.now(), 61))
    notes = list(dossier.events.exclude(kind=EventKind.ANONYMISED).values_list("note", flat=True))
    assert "Ông Nguyễn Văn An không đủ điều kiện" not in notes


def test_the_rating_comment_is_erased_and_its_score_kept(page, officer):
    dossier = closed(page, officer)  # returned
    dossier_rate(dossier=dossier, score=4, comment="Cán bộ Trần Thị Bình hướng dẫn tận tình")
    retention_apply(now=months_after(timezone.now(), 61))
    assert DossierRating.objects.values_list("score", "comment").get(dossier=dossier) == (4, "")


def test_running_again_changes_nothing(page, officer):
    dossier = closed(page, officer)
    later = months_after(timezone.now(), 61)
    assert retention_apply(now=later).dossiers == 1
    assert retention_apply(now=later).dossiers == 0
    first = dossier.events.get(kind=EventKind.ANONYMISED)
    assert dossier_anonymise(dossier=dossier, months=60, now=later) == first
    assert dossier.events.filter(kind=EventKind.ANONYMISED).count() == 1


def test_an_open_dossier_is_never_anonymised(page):
    dossier = f.dossier_make(page=page)
    with pytest.raises(ValueError, match="chưa kết thúc"):
        dossier_anonymise(dossier=dossier, months=60)
    dossier.refresh_from_db()
    assert dossier.applicant_name == "Nguyễn Văn An" and dossier.anonymised_at is None


def test_the_statistics_page_shows_the_same_figures_after_anonymisation(client, page, officer):
    now = timezone.now()
    on_time = closed(page, officer, how=S.RETURNED)
    closed(page, officer, how=S.REFUSED)
    closed(page, officer, how=S.NOT_RECEIVED)
    late = closed(page, officer, how=S.RETURNED)
    Dossier.objects.filter(pk=late.pk).update(due_date=now.date() - timedelta(days=10))
    f.dossier_make(page=page)  # still in progress
    start, end = period_last_months()  # what the public page shows by default
    before_figures = dossier_statistics(start=start, end=end)
    cache.clear()
    before_page = client.get(reverse("forms:statistics")).content.decode()
    assert before_figures.total.received == 4 and before_figures.total.late == 1

    assert retention_apply(now=months_after(now, 61)).dossiers == 4  # all but the open one
    assert Dossier.objects.filter(anonymised_at__isnull=False).count() == 4

    cache.clear()
    assert dossier_statistics(start=start, end=end) == before_figures
    assert client.get(reverse("forms:statistics")).content.decode() == before_page
    assert on_time.pk != late.pk


# What anonymising erases and keeps, entry by entry (a fixed clock: closed at T, erased a period later)

T = datetime(2026, 6, 1, 9, 0, tzinfo=VN)
LATER = datetime(2031, 6, 2, 9, 0, tzinfo=VN)


def event_add(dossier, kind, *, note="", data=None):
    return DossierEvent.objects.create(
        dossier=dossier,
        kind=kind,
        from_status=S.REFUSED,
        to_status=S.REFUSED,
        note=note,
        data=data if data is not None else {},
        created_at=T + timedelta(days=1),
    )


def test_history_entries_lose_their_notes_and_changes_and_keep_every_other_detail(page, officer):
    dossier = closed(page, officer, how=S.REFUSED, at=T)
    refusal = dossier.events.get(kind=EventKind.STATUS, to_status=S.REFUSED)
    apology = event_add(
        dossier,
        EventKind.APOLOGY,
        note="Xin lỗi ông Nguyễn Văn An",
        data={"old_due_date": "2026-06-10", "new_due_date": "2026-06-20"},
    )
    # A correction written without a reason: only its changes name the citizen.
    correction = event_add(
        dossier,
        EventKind.CORRECTION,
        data={"changes": {"applicant_phone": {"old": "0912345678", "new": "0987654321"}}},
    )
    mixed = event_add(
        dossier,
        EventKind.CORRECTION,
        data={"changes": {"applicant_email": {"old": "an@example.vn", "new": ""}}, "fields": 1},
    )
    result_file = event_add(dossier, EventKind.RESULT_FILE, data={"files": 2})

    dossier_anonymise(dossier=dossier, months=60, now=LATER)

    rows = {
        pk: (note, data)
        for pk, note, data in DossierEvent.objects.filter(
            pk__in=[refusal.pk, apology.pk, correction.pk, mixed.pk, result_file.pk]
        ).values_list("pk", "note", "data")
    }
    assert rows == {
        refusal.pk: ("", {}),
        apology.pk: ("", {"old_due_date": "2026-06-10", "new_due_date": "2026-06-20"}),
        correction.pk: ("", {}),
        mixed.pk: ("", {"fields": 1}),
        result_file.pk: ("", {"files": 2}),
    }


def test_only_the_dossiers_own_audit_entries_are_erased(page, officer):
    dossier = closed(page, officer, how=S.REFUSED, at=T)
    other = closed(page, officer, how=S.REFUSED, at=T)
    dossier_type = ContentType.objects.get_for_model(Dossier)
    # Another kind of object that happens to have the dossier's number as its id.
    stranger = ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id=str(dossier.pk),
        label="canbo-luutru",
        action="wagtail.edit",
        timestamp=T,
        data={"note": "Ông Nguyễn Văn An gọi điện"},
    )

    dossier_anonymise(dossier=dossier, months=60, now=LATER)

    def refusal_entry(of):
        entries = ModelLogEntry.objects.filter(content_type=dossier_type, object_id=str(of.pk))
        return next(entry for entry in entries if entry.data.get("to_status") == "refused")

    mine, theirs = refusal_entry(dossier), refusal_entry(other)
    assert mine.data == {
        "event": dossier.events.get(kind=EventKind.STATUS, to_status=S.REFUSED).pk,
        "from_status": "processing",
        "to_status": "refused",
        "note": "",
    }
    assert theirs.data == {
        "event": other.events.get(kind=EventKind.STATUS, to_status=S.REFUSED).pk,
        "from_status": "processing",
        "to_status": "refused",
        "note": "Ông Nguyễn Văn An không đủ điều kiện",
    }
    stranger.refresh_from_db()
    assert stranger.data == {"note": "Ông Nguyễn Văn An gọi điện"}


def test_the_dossiers_message_errors_are_cleared_and_no_other_dossiers(page, officer):
    dossier = closed(page, officer, how=S.REFUSED, at=T)
    other = closed(page, officer, how=S.REFUSED, at=T)
    messages = {
        name: DossierNotification.objects.create(
            dossier=of,
            notifier="forms.lifecycle.notifications.EmailNotifier",
            status=NotificationStatus.FAILED,
            attempts=5,
            last_error="SMTPRecipientsRefused",
        )
        for name, of in (("mine", dossier), ("theirs", other))
    }

    dossier_anonymise(dossier=dossier, months=60, now=LATER)

    def stored(name):
        return DossierNotification.objects.values_list("last_error", "status", "attempts").get(pk=messages[name].pk)

    assert stored("mine") == ("", "failed", 5)
    assert stored("theirs") == ("SMTPRecipientsRefused", "failed", 5)
