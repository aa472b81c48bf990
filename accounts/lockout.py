"""Lockout of citizens' and staff sign-ins after repeated wrong passwords (django-axes).

Both sign-in pages, the citizens' (allauth, /tai-khoan/dang-nhap/) and the staff's (Wagtail,
/admin/login/), authenticate through Django's ``authenticate()``, whose first backend is axes:
a locked account or address is refused there, before any password is hashed, so a flood of
guesses costs one indexed query each and cannot hold the workers (issue 16: 8 guessers held
both workers and the wizard went from 15 ms to 811 ms at p50).

Failures are counted in the database (``axes.AccessAttempt``), which every worker shares and a
restart keeps, per account and per client address, each with its own limit: an account is
locked after ``ACCOUNTS_LOCKOUT_ACCOUNT_FAILURES`` failures within the cool-off period, an
address after ``ACCOUNTS_LOCKOUT_ADDRESS_FAILURES`` (higher, since citizens may share one
address behind a provider's NAT). Failures made during a lockout are not counted, so the lockout
ends at the time the page announces.
"""

from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum

# The order of settings.AXES_LOCKOUT_PARAMETERS, each with its own limit.
LOCKOUT_PARAMETERS = ["username", "ip_address"]


def _limits() -> list[int]:
    return [settings.ACCOUNTS_LOCKOUT_ACCOUNT_FAILURES, settings.ACCOUNTS_LOCKOUT_ADDRESS_FAILURES]


def attempted_account(request, credentials: dict | None) -> str | None:
    """The account a sign-in attempt names, one spelling per account (axes' ``AXES_USERNAME_CALLABLE``).

    Wagtail's form sends ``username``; allauth sends ``email`` or ``phone`` (or ``username``
    when the text is neither). "+84 912 345 678" and "0912345678" count as the same account.
    """
    from accounts.forms import CitizenPhoneField

    values = credentials or getattr(request, "POST", {}) or {}
    for key in ("phone", "email", "username", "login"):
        value = values.get(key)
        if value:
            break
    else:
        return None
    value = str(value).strip()
    try:
        phone = CitizenPhoneField().clean(value)
    except ValidationError:
        phone = None
    return (phone or value.lower())[:255]


class PortalAxesHandler(AxesDatabaseHandler):
    """axes' database handler with one limit per account and another per client address.

    axes compares one number with one limit (``AXES_FAILURE_LIMIT``, set to the account limit);
    the address's failures are scaled to that limit, so either reaching its own limit locks.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        account_limit = settings.ACCOUNTS_LOCKOUT_ACCOUNT_FAILURES
        counts = [
            (attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)
            for attempts in self.get_user_attempts(request, credentials)
        ]
        return max(
            (count * account_limit // limit for count, limit in zip(counts, _limits(), strict=False)),
            default=0,
        )

    def locked_until(self, request, credentials: dict | None = None) -> datetime | None:
        """When the failures counted against this request fall back under every limit."""
        cool_off = get_cool_off(request)
        if cool_off is None:
            return None
        ends = []
        for attempts, limit in zip(self.get_user_attempts(request, credentials), _limits(), strict=False):
            total = 0
            for failures, when in attempts.order_by("-attempt_time").values_list(
                "failures_since_start", "attempt_time"
            ):
                total += failures
                if total >= limit:  # this record keeps the count at the limit until it expires
                    ends.append(when + cool_off)
                    break
        return max(ends, default=None)
