"""Text messages (SMS) through a pluggable gateway: ``settings.SMS_BACKEND`` names the class.

A commune signs a contract with a telecom or an SMS brand-name provider; its gateway is one
class with ``send_messages``. Development prints to the console, the test suite keeps messages
in ``accounts.sms.outbox`` (as Django's locmem e-mail backend keeps ``mail.outbox``).
"""

import logging
import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsMessage:
    """One text to one mobile number (national form, 0xxxxxxxxx)."""

    to: str
    body: str


class SmsBackend(Protocol):
    """What a gateway class provides: send the messages, return how many were accepted."""

    def send_messages(self, messages: list[SmsMessage]) -> int: ...


class ConsoleSmsBackend:
    """Development: write each message to standard output instead of sending it."""

    def send_messages(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            sys.stdout.write(f"SMS tới {message.to}:\n{message.body}\n{'-' * 40}\n")
        sys.stdout.flush()
        return len(messages)


outbox: list[SmsMessage] = []


class LocmemSmsBackend:
    """Tests: keep messages in ``accounts.sms.outbox``; tests empty it."""

    def send_messages(self, messages: list[SmsMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


def sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def sms_send(*, to: str, body: str) -> bool:
    """Send one text through the configured gateway; return whether the gateway accepted it."""
    return sms_backend().send_messages([SmsMessage(to=to, body=body)]) == 1
