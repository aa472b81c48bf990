"""Mail backends for the benchmarks: a slow SMTP server, and one that is down."""

import os
import time

from django.core.mail.backends.locmem import EmailBackend


class SlowEmailBackend(EmailBackend):
    """Takes ``BENCH_MAIL_SECONDS`` (default 2) per message, as a congested mail server does."""

    def send_messages(self, messages):
        time.sleep(float(os.environ.get("BENCH_MAIL_SECONDS", "2")))
        return super().send_messages(messages)


class DownEmailBackend(EmailBackend):
    """Refuses every message."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
