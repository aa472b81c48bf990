"""Telling citizens about their dossier: one interface, e-mail first, an SMS gateway can follow.

Notifiers are listed in ``settings.FORMS_NOTIFIERS``; each gets the dossier and the event and
decides itself whether it can reach the citizen (e-mail needs an address, SMS a phone number).

Messages leave the request: ``dossier_notify`` (called once the event has committed) writes one
``DossierNotification`` per notifier and hands it to the task framework's "background" backend
(``forms.lifecycle.tasks``), whose worker sends it, retrying with back-off
(``FORMS_NOTIFY_ATTEMPTS`` tries, the first wait ``FORMS_NOTIFY_RETRY_SECONDS``, doubling). A slow
or broken mail server never makes the citizen or the officer wait, and a message that finally
fails is shown to the officers on the dossier.
"""

import logging
from datetime import timedelta
from email.utils import parseaddr
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string

from forms.communes import CommuneContact, dossier_contact
from forms.models import Dossier, DossierEvent, DossierNotification, DossierStatus, EventKind, NotificationStatus

logger = logging.getLogger(__name__)


class Notifier(Protocol):
    """Something that can tell a citizen that their dossier changed."""

    def notify(self, *, dossier: Dossier, event: DossierEvent, tracking_url: str) -> bool:
        """Send the message; return whether it was sent."""


class EmailNotifier:
    """Plain-text e-mail in Vietnamese, when the citizen gave an address."""

    label = "Thư điện tử"

    def notify(self, *, dossier: Dossier, event: DossierEvent, tracking_url: str) -> bool:
        if not dossier.applicant_email:
            return False
        first = event.from_status == ""
        commune = dossier_contact(dossier)
        context = {
            "dossier": dossier,
            "event": event,
            "tracking_url": tracking_url,
            "first": first,
            "commune": commune,
        }
        subject = email_subject(dossier=dossier, event=event)
        body = render_to_string("forms/email/dossier_event.txt", context)
        send_mail(subject, body, sender_address(commune), [dossier.applicant_email])
        return True


def sender_address(commune: CommuneContact) -> str:
    """The From header: the portal's address under the name of the dossier's commune (issue #17),
    "Cổng dịch vụ công Xã Hàm Thuận Bắc <no-reply@…>"; the configured sender as it is otherwise."""
    configured = settings.DEFAULT_FROM_EMAIL
    if not commune.named:
        return configured
    _name, address = parseaddr(configured)
    # Django encodes the name (RFC 2047) when it sends; the address is the configured one.
    return f"Cổng dịch vụ công {commune.name} <{address}>" if address else configured


class SmsNotifier:
    """A short text to the applicant's mobile number through the SMS gateway (``settings.SMS_BACKEND``).

    The only way to reach a citizen who registered or submitted with a phone number and no e-mail.
    A gateway that does not accept the text raises, so the background task tries again later.
    """

    label = "Tin nhắn SMS"

    def notify(self, *, dossier: Dossier, event: DossierEvent, tracking_url: str) -> bool:
        from accounts.sms import sms_send

        if not dossier.applicant_phone:
            return False
        body = f"{email_subject(dossier=dossier, event=event)}. Xem tại: {tracking_url}"
        commune = dossier_contact(dossier)
        if commune.named:  # which commune writes, among the province's (issue #17)
            body += f" ({commune.committee})"
        if not sms_send(to=dossier.applicant_phone, body=body):
            raise RuntimeError("Cổng SMS không nhận tin nhắn")
        return True


def email_subject(*, dossier: Dossier, event: DossierEvent) -> str:
    """The subject line citizens see first: what happened to which dossier."""
    if event.kind == EventKind.APOLOGY:
        return f"Hồ sơ {dossier.code}: xin lỗi và hẹn lại ngày trả kết quả"
    if event.from_status == "":
        if event.to_status == DossierStatus.AWAITING_RECEPTION:
            return f"Đã gửi hồ sơ {dossier.code}, chờ tiếp nhận"
        return f"Đã tiếp nhận hồ sơ {dossier.code}"
    subjects = {
        DossierStatus.RECEIVED: f"Đã tiếp nhận hồ sơ {dossier.code}",
        DossierStatus.COMPLETION_REQUESTED: f"Hồ sơ {dossier.code} cần bổ sung, hoàn thiện",
        DossierStatus.NOT_RECEIVED: f"Hồ sơ {dossier.code} không được tiếp nhận",
        DossierStatus.SUPPLEMENT_REQUESTED: f"Hồ sơ {dossier.code} cần bổ sung giấy tờ",
    }
    return subjects.get(event.to_status, f"Hồ sơ {dossier.code}: {event.get_to_status_display()}")


def notifiers() -> list[Notifier]:
    return [import_string(path)() for path in settings.FORMS_NOTIFIERS]


def dossier_notify(*, dossier: Dossier, event: DossierEvent) -> int:
    """Queue ``event``'s message through every configured notifier; call it once the event has committed.

    Returns the number of messages queued. Queuing never breaks the action that caused it: a
    message that cannot be queued is marked failed (and so shown to the officers).
    """
    from forms.lifecycle.tasks import notification_send_task

    queued = 0
    for path in settings.FORMS_NOTIFIERS:
        notification = DossierNotification.objects.create(dossier=dossier, event=event, notifier=path)
        try:
            notification_send_task.enqueue(notification_id=notification.pk)
        except Exception:  # the queue's database unreachable: the dossier itself is already saved
            logger.exception("Không đưa được thông báo hồ sơ %s vào hàng đợi", dossier.code)
            DossierNotification.objects.filter(pk=notification.pk).update(
                status=NotificationStatus.FAILED, last_error="Không đưa được vào hàng đợi gửi"
            )
            continue
        queued += 1
    return queued


def retry_delay(attempt: int) -> timedelta:
    """The wait after failed try number ``attempt`` (1, 2 …): the first delay, doubled each time."""
    return timedelta(seconds=settings.FORMS_NOTIFY_RETRY_SECONDS * 2 ** (attempt - 1))


def notification_send(*, notification_id: int) -> str:
    """Make one try at sending a queued message; returns its status afterwards.

    A failure before the last try leaves it pending and returns the wait before the next try
    through ``notification.next_attempt_at`` (the task re-enqueues); the last failure marks it
    failed. The error's kind is kept, never its text (an SMTP error quotes the address).
    """
    notification = DossierNotification.objects.select_related("dossier", "event").filter(pk=notification_id).first()
    if notification is None or notification.status != NotificationStatus.PENDING:
        return notification.status if notification else ""
    now = timezone.now()
    notification.attempts += 1
    notification.last_attempt_at = now
    dossier = notification.dossier
    try:
        if notification.event is None:
            raise LookupError("Mục lịch sử của thông báo không còn")
        from forms.lifecycle.services import dossier_tracking_url

        notifier = import_string(notification.notifier)()
        sent = notifier.notify(dossier=dossier, event=notification.event, tracking_url=dossier_tracking_url(dossier))
    except Exception as error:
        notification.last_error = type(error).__name__[:255]
        if notification.attempts < settings.FORMS_NOTIFY_ATTEMPTS:
            notification.next_attempt_at = now + retry_delay(notification.attempts)
            logger.warning(
                "Gửi thông báo hồ sơ %s thất bại lần %s (%s), thử lại sau",
                dossier.code,
                notification.attempts,
                notification.last_error,
            )
        else:
            notification.status = NotificationStatus.FAILED
            notification.next_attempt_at = None
            logger.error(
                "Gửi thông báo hồ sơ %s thất bại sau %s lần (%s)",
                dossier.code,
                notification.attempts,
                notification.last_error,
            )
    else:
        notification.status = NotificationStatus.SENT if sent else NotificationStatus.SKIPPED
        notification.sent_at = now if sent else None
        notification.next_attempt_at = None
        notification.last_error = ""
    notification.save()
    return notification.status
