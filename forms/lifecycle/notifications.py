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
        if first:
            subject = f"Đã tiếp nhận hồ sơ {dossier.code}"
        elif event.kind == EventKind.APOLOGY:  # Mẫu 04; the status itself does not change
            subject = f"Hồ sơ {dossier.code}: xin lỗi và hẹn lại ngày trả kết quả"
        elif event.to_status == DossierStatus.SUPPLEMENT_REQUESTED:
            subject = f"Hồ sơ {dossier.code} cần bổ sung giấy tờ"
        else:
            subject = f"Hồ sơ {dossier.code}: {event.get_to_status_display()}"
        body = render_to_string("forms/email/dossier_event.txt", context)
        send_mail(subject, body, None, [dossier.applicant_email])
        return True


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
