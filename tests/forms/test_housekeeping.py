"""``manage.py housekeeping``: drafts, sessions, stray files and retention in one scheduled run."""

import io
from datetime import timedelta

import pytest

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.utils import timezone

from forms.intake.flows import flow_for_page
from forms.intake.services import draft_create
from forms.lifecycle.services import dossier_transition
from forms.management.commands import housekeeping
from forms.models import Dossier, DossierStatus, Draft
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus


@pytest.fixture
def officer(db):
    return f.staff_make("canbo-dondep", f.OFFICERS)


def refused_long_ago(page, officer, *, years: int):
    at = timezone.now() - timedelta(days=365 * years + 2)
    dossier = f.dossier_make(page=page, received_at=at - timedelta(days=2))
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer, now=at - timedelta(days=1))
    dossier_transition(dossier=dossier, to_status=S.REFUSED, actor=officer, note="Không đủ điều kiện", now=at)
    return dossier


def run(**kwargs) -> str:
    out = io.StringIO()
    call_command("housekeeping", stdout=out, **kwargs)
    return out.getvalue()


def test_one_run_purges_drafts_sessions_and_dossiers_past_retention(home, officer):
    page = f.form_page_make()
    old_draft = draft_create(flow=flow_for_page(page))
    Draft.objects.filter(pk=old_draft.pk).update(updated_at=timezone.now() - timedelta(days=31))
    fresh_draft = draft_create(flow=flow_for_page(page))
    expired = SessionStore()
    expired.set_expiry(-60)
    expired.create()
    live = SessionStore()
    live.create()
    old = refused_long_ago(page, officer, years=6)
    recent = refused_long_ago(page, officer, years=1)

    output = run()

    lines = [line for line in output.splitlines()[1:] if line.startswith("- ")]
    # forms.files' sweep_files (its own lines and summary; here it moves the files whose commit hooks
    # the test's transaction never ran into place)
    assert lines[2].startswith("- Tệp thừa: ") and "0 tệp thừa (" in output
    assert lines[:2] + lines[3:] == [
        "- Bản nháp: đã xóa 1 bản nháp quá hạn và 0 tệp nháp thừa",
        "- Phiên đăng nhập: đã xóa các phiên đăng nhập hết hạn",
        "- Hồ sơ hết thời hạn lưu trữ: đã xóa dữ liệu cá nhân của 1 hồ sơ hết thời hạn lưu trữ (2 tệp)",
        "- Hàng đợi tác vụ: không dùng hàng đợi trong cơ sở dữ liệu, bỏ qua",  # the tests run tasks at once
        "- Bộ đếm giới hạn tra cứu: đã xóa 0 bộ đếm giới hạn đã hết hạn",
    ]
    assert output.startswith("Dọn dẹp định kỳ lúc ")
    assert list(Draft.objects.values_list("pk", flat=True)) == [fresh_draft.pk]
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert Dossier.objects.get(pk=old.pk).anonymised_at is not None
    assert Dossier.objects.get(pk=recent.pk).anonymised_at is None
    # A second run the same day finds nothing more.
    assert "đã xóa dữ liệu cá nhân của 0 hồ sơ" in run()


def test_the_stray_file_sweep_is_one_of_the_parts(home, monkeypatch):
    calls = []
    real_call_command = housekeeping.call_command

    def fake_call_command(name, *args, **kwargs):
        if name == "sweep_files":
            calls.append(name)
            kwargs["stdout"].write("Đã xóa 2 tệp không còn hồ sơ nào dùng.\n")
            return None
        return real_call_command(name, *args, **kwargs)

    monkeypatch.setattr(housekeeping, "call_command", fake_call_command)
    assert "- Tệp thừa: Đã xóa 2 tệp không còn hồ sơ nào dùng." in run()
    assert calls == ["sweep_files"]


def test_a_failing_part_does_not_stop_the_others_and_the_run_fails(home, officer, monkeypatch):
    page = f.form_page_make()
    old = refused_long_ago(page, officer, years=6)

    def broken(**kwargs):
        raise OSError("disk error")

    monkeypatch.setattr(housekeeping, "draft_purge_expired", broken)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Không hoàn tất: Bản nháp"):
        call_command("housekeeping", stdout=out)
    assert "- Bản nháp: LỖI (OSError)" in out.getvalue()
    assert Dossier.objects.get(pk=old.pk).anonymised_at is not None


def test_finished_tasks_of_the_database_queue_are_pruned_after_two_weeks(home, settings):
    from django_tasks_db.models import DBTaskResult

    from forms.lifecycle.tasks import notification_send_task

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    old = notification_send_task.enqueue(notification_id=1)
    recent = notification_send_task.enqueue(notification_id=2)
    waiting = notification_send_task.enqueue(notification_id=3)
    finished = timezone.now() - timedelta(days=15)
    DBTaskResult.objects.filter(id=old.id).update(status="SUCCESSFUL", finished_at=finished)
    DBTaskResult.objects.filter(id=recent.id).update(status="SUCCESSFUL", finished_at=timezone.now())

    assert "- Hàng đợi tác vụ: đã xóa 1 tác vụ đã xong quá 14 ngày" in run()
    assert {str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)} == {recent.id, waiting.id}
