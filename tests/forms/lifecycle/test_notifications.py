"""Notifications through the task framework: queued after commit, retried with back-off, failures shown.

The test settings run the "background" backend immediately, so a retry runs at once; the wait
between tries is checked with django-tasks' dummy backend, which keeps what was enqueued.
"""

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from accounts import sms
from forms.lifecycle.notifications import dossier_notify, notification_send, retry_delay
from forms.lifecycle.services import dossier_transition
from forms.lifecycle.tasks import notification_send_task
from forms.models import DossierNotification, DossierStatus, NotificationStatus
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus
HERE = "tests.forms.lifecycle.test_notifications"


class FailingEmailBackend(LocmemBackend):
    """A mail server that is down: every message raises."""

    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed: smtp.example.vn")


class FlakyEmailBackend(LocmemBackend):
    """A mail server that drops the first two messages, then works."""

    failures_left = 2

    def send_messages(self, messages):
        if FlakyEmailBackend.failures_left:
            FlakyEmailBackend.failures_left -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def officer(db):
    return f.staff_make("canbo-tb", f.OFFICERS)


@pytest.fixture
def dossier(home):
    return f.dossier_make()


def move(dossier, officer, to_status, capture):
    mail.outbox.clear()
    with capture(execute=True):
        return dossier_transition(dossier=dossier, to_status=to_status, actor=officer, note="Ghi chú cho người dân")


def test_each_event_is_queued_as_one_message_per_notifier_and_sent_once(
    dossier, officer, django_capture_on_commit_callbacks
):
    event = move(dossier, officer, S.PROCESSING, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["an@example.vn"]
    notification = DossierNotification.objects.get(event=event)
    assert notification.notifier == "forms.lifecycle.notifications.EmailNotifier"
    assert notification.status == "sent" and notification.attempts == 1 and notification.sent_at is not None
    assert notification.channel_label == "Thư điện tử"
    # Running the task again (a worker that restarted) sends nothing twice.
    notification_send_task.enqueue(notification_id=notification.pk)
    assert len(mail.outbox) == 1


def test_nothing_is_queued_before_the_transaction_commits(dossier, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event = dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    assert not DossierNotification.objects.filter(event=event).exists()
    assert len(callbacks) == 1


def test_a_failing_mail_server_is_retried_until_it_works(
    dossier, officer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{HERE}.FlakyEmailBackend"
    settings.FORMS_NOTIFY_ATTEMPTS = 5
    FlakyEmailBackend.failures_left = 2
    event = move(dossier, officer, S.PROCESSING, django_capture_on_commit_callbacks)
    notification = DossierNotification.objects.get(event=event)
    assert notification.status == "sent"
    assert notification.attempts == 3
    assert notification.last_error == ""
    assert len(mail.outbox) == 1


def test_a_message_that_fails_every_try_is_recorded_as_failed_without_the_error_text(
    dossier, officer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{HERE}.FailingEmailBackend"
    settings.FORMS_NOTIFY_ATTEMPTS = 4
    event = move(dossier, officer, S.PROCESSING, django_capture_on_commit_callbacks)
    notification = DossierNotification.objects.get(event=event)
    assert notification.status == "failed"
    assert notification.attempts == 4
    assert notification.last_error == "SMTPServerDisconnected"
    assert notification.next_attempt_at is None
    # The officer's action itself went through.
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING


def test_a_citizen_without_an_address_is_skipped_not_failed(home, officer, django_capture_on_commit_callbacks):
    dossier = f.dossier_make(applicant=f.applicant_make(email=""))
    event = move(dossier, officer, S.PROCESSING, django_capture_on_commit_callbacks)
    notification = DossierNotification.objects.get(event=event)
    assert notification.status == "skipped" and notification.attempts == 1
    assert mail.outbox == []


def test_the_wait_doubles_from_the_configured_first_delay(settings):
    settings.FORMS_NOTIFY_RETRY_SECONDS = 60
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
    ]


def test_a_deferring_queue_gets_the_retry_with_its_run_after(dossier, officer, settings):
    settings.EMAIL_BACKEND = f"{HERE}.FailingEmailBackend"
    settings.FORMS_NOTIFY_ATTEMPTS = 3
    settings.FORMS_NOTIFY_RETRY_SECONDS = 60
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "background": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    }
    event = dossier.events.last()
    assert dossier_notify(dossier=dossier, event=event) == 1
    backend = notification_send_task.get_backend()
    notification = DossierNotification.objects.get(event=event)
    assert [r.kwargs for r in backend.results] == [{"notification_id": notification.pk}]

    before = timezone.now()
    notification_send_task.call(notification_id=notification.pk)  # what the worker does with the first try
    notification.refresh_from_db()
    assert notification.status == "pending" and notification.attempts == 1
    retry = backend.results[-1]
    assert len(backend.results) == 2
    assert before + timedelta(seconds=59) < retry.task.run_after < timezone.now() + timedelta(seconds=61)

    notification_send_task.call(notification_id=notification.pk)
    retry = backend.results[-1]
    assert before + timedelta(seconds=119) < retry.task.run_after < timezone.now() + timedelta(seconds=121)

    notification_send_task.call(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.status == "failed" and notification.attempts == 3
    assert len(backend.results) == 3  # no fourth try queued


def test_a_message_whose_queue_is_unreachable_is_marked_failed(dossier, monkeypatch):
    def broken(self, task, args, kwargs):
        raise ConnectionError("queue database gone")

    monkeypatch.setattr(type(notification_send_task.get_backend()), "enqueue", broken)
    event = dossier.events.last()
    assert dossier_notify(dossier=dossier, event=event) == 0
    assert DossierNotification.objects.get(event=event).status == "failed"


def test_sending_an_unknown_notification_does_nothing():
    assert notification_send(notification_id=987654) == ""


def test_the_officer_sees_a_failed_message_on_the_dossier(
    client, dossier, officer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{HERE}.FailingEmailBackend"
    settings.FORMS_NOTIFY_ATTEMPTS = 2
    move(dossier, officer, S.PROCESSING, django_capture_on_commit_callbacks)
    client.force_login(officer)
    html = client.get(f"/admin/forms/dossier/inspect/{dossier.pk}/").content.decode()
    assert "data-notification-failed" in html
    assert "Không gửi được thông báo «Đang giải quyết» cho người dân qua thư điện tử sau 2 lần thử" in html
    assert 'data-notification-status="failed"' in html
    assert "SMTPServerDisconnected" in html
    assert "smtp.example.vn" not in html
    # Only this one message: the factory's submission and reception never committed (test transaction).
    assert html.count("data-notification-status=") == 1


def test_notification_statuses_are_named_in_vietnamese():
    assert dict(NotificationStatus.choices) == {
        "pending": "Đang chờ gửi",
        "sent": "Đã gửi",
        "skipped": "Không gửi (người dân không khai địa chỉ nhận)",
        "failed": "Gửi không thành công",
    }


class RefusingSmsBackend:
    """A gateway that accepts nothing (out of credit, down)."""

    def send_messages(self, messages):
        return 0


SMS = "forms.lifecycle.notifications.SmsNotifier"


def test_a_citizen_with_only_a_phone_gets_a_text(home, officer, settings, django_capture_on_commit_callbacks):
    settings.FORMS_NOTIFIERS = ["forms.lifecycle.notifications.EmailNotifier", SMS]
    sms.outbox.clear()
    dossier = f.dossier_make(applicant=f.applicant_make(email=""))
    event = move(dossier, officer, S.SUPPLEMENT_REQUESTED, django_capture_on_commit_callbacks)
    by_channel = dict(DossierNotification.objects.filter(event=event).values_list("notifier", "status"))
    assert by_channel == {"forms.lifecycle.notifications.EmailNotifier": "skipped", SMS: "sent"}
    assert [message.to for message in sms.outbox] == [dossier.applicant_phone]
    body = sms.outbox[0].body
    assert body.startswith(f"Hồ sơ {dossier.code} cần bổ sung giấy tờ. Xem tại: http")
    assert f"/tra-cuu-ho-so/{dossier.access_token}/" in body


def test_a_text_the_gateway_refuses_is_retried_then_failed(
    dossier, officer, settings, django_capture_on_commit_callbacks
):
    settings.FORMS_NOTIFIERS = [SMS]
    settings.SMS_BACKEND = f"{HERE}.RefusingSmsBackend"
    settings.FORMS_NOTIFY_ATTEMPTS = 3
    event = move(dossier, officer, S.PROCESSING, django_capture_on_commit_callbacks)
    notification = DossierNotification.objects.get(event=event)
    assert (notification.status, notification.attempts, notification.last_error) == ("failed", 3, "RuntimeError")
