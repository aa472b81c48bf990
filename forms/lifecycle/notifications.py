"""Telling citizens about their dossier: one interface, e-mail first, an SMS gateway can follow.

Notifiers are listed in ``settings.FORMS_NOTIFIERS``; each gets the dossier and the event and
decides itself whether it can reach the citizen (e-mail needs an address, SMS a phone number).
"""

import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from forms.models import Dossier, DossierEvent, DossierStatus, EventKind

logger = logging.getLogger(__name__)


class Notifier(Protocol):
    """Something that can tell a citizen that their dossier changed."""

    def notify(self, *, dossier: Dossier, event: DossierEvent, tracking_url: str) -> bool:
        """Send the message; return whether it was sent."""


class EmailNotifier:
    """Plain-text e-mail in Vietnamese, when the citizen gave an address."""

    def notify(self, *, dossier: Dossier, event: DossierEvent, tracking_url: str) -> bool:
        if not dossier.applicant_email:
            return False
        first = event.from_status == ""
        context = {"dossier": dossier, "event": event, "tracking_url": tracking_url, "first": first}
        subject = email_subject(dossier=dossier, event=event)
        body = render_to_string("forms/email/dossier_event.txt", context)
        send_mail(subject, body, None, [dossier.applicant_email])
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


def dossier_notify(*, dossier: Dossier, event: DossierEvent, tracking_url: str) -> int:
    """Send ``event`` through every configured notifier; a failing channel never breaks the action."""
    sent = 0
    for notifier in notifiers():
        try:
            sent += bool(notifier.notify(dossier=dossier, event=event, tracking_url=tracking_url))
        except Exception:  # a mail server outage must not undo a submission already committed
            logger.exception("Gửi thông báo hồ sơ %s qua %s thất bại", dossier.code, type(notifier).__name__)
    return sent
