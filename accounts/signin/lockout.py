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
from functools import lru_cache

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from portal.net import client_address

# The order of settings.AXES_LOCKOUT_PARAMETERS, each with its own limit.
LOCKOUT_PARAMETERS = ["username", "ip_address"]


def _limits() -> list[int]:
    return [settings.ACCOUNTS_LOCKOUT_ACCOUNT_FAILURES, settings.ACCOUNTS_LOCKOUT_ADDRESS_FAILURES]


def attempted_account(request, credentials: dict | None) -> str | None:
    """The account a sign-in attempt names, one key per account (axes' ``AXES_USERNAME_CALLABLE``).

    Wagtail's form sends ``username``; allauth sends ``email`` or ``phone`` (or ``username``
    when the text is neither). "+84 912 345 678" and "0912345678" count as the same account.
    """
    from accounts.signin.forms import CitizenPhoneField

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
    # One count per account, whichever of its names was typed (phone, e-mail, user name) and at
    # whichever sign-in page: the citizens' or the admin's.
    return account_key(value, phone)


@lru_cache(maxsize=4096)
def account_key(value: str, phone: str | None) -> str:
    """``user:<pk>`` for a name of an existing account, else the name itself.

    Kept per worker (an account's names rarely change), so a guess at a locked account is still
    refused without a query.
    """
    from django.contrib.auth import get_user_model

    from accounts.selectors import user_by_phone

    user = user_by_phone(phone=phone) if phone else None
    users = get_user_model().objects
    if user is None and "@" in value:
        user = users.filter(email__iexact=value).order_by("pk").first()
    if user is None:
        user = users.filter(username=value).first()
    return f"user:{user.pk}" if user is not None else (phone or value.lower())[:255]


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

    def lock_ends(self, request, credentials: dict | None = None) -> dict[str, datetime]:
        """For each locked parameter ("username", "ip_address"), when its failures fall back under its limit."""
        cool_off = get_cool_off(request)
        if cool_off is None:
            return {}
        ends = {}
        attempts_list = self.get_user_attempts(request, credentials)
        for parameter, attempts, limit in zip(LOCKOUT_PARAMETERS, attempts_list, _limits(), strict=False):
            total = 0
            for failures, when in attempts.order_by("-attempt_time").values_list(
                "failures_since_start", "attempt_time"
            ):
                total += failures
                if total >= limit:  # this record keeps the count at the limit until it expires
                    ends[parameter] = when + cool_off
                    break
        return ends

    def locked_until(self, request, credentials: dict | None = None) -> datetime | None:
        """When the failures counted against this request fall back under every limit."""
        return max(self.lock_ends(request, credentials).values(), default=None)


@lru_cache(maxsize=1)
def _login_paths() -> frozenset[str]:
    # Django's own admin is not served (/django-admin/ is gone): the citizens' and Wagtail's sign-ins.
    return frozenset({reverse("account_login"), reverse("wagtailadmin_login")})


# Lockouts this worker has seen, until they end: (parameter, value) -> end. A lockout can only end
# at its time (failures during it are not counted), so the database need not be asked again for a
# flood of guesses at a locked account; `manage.py axes_reset` takes effect here at that time.
_known_locks: dict[tuple[str, str], datetime] = {}
KNOWN_LOCKS_MAX = 10_000


def _known_lock(keys: list[tuple[str, str]]) -> datetime | None:
    now = timezone.now()
    ends = [end for key in keys if (end := _known_locks.get(key)) is not None and end > now]
    return max(ends, default=None)


def _remember_locks(keys: dict[tuple[str, str], datetime]) -> None:
    if len(_known_locks) >= KNOWN_LOCKS_MAX:
        now = timezone.now()
        for key in [key for key, end in _known_locks.items() if end <= now]:
            del _known_locks[key]
        if len(_known_locks) >= KNOWN_LOCKS_MAX:
            _known_locks.clear()
    _known_locks.update(keys)


class LoginLockoutMiddleware:
    """Answer a sign-in posted to a locked account or from a locked address before anything else runs.

    axes' backend would refuse it too, but only after the session, CSRF, the login form and two page
    renderings; a flood of guesses at a locked account would still hold the workers. Here the first
    refusal costs the lockout's queries, and later ones, while the lockout lasts, none: the citizens'
    wizard keeps its pace during a flood (issue 16).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and settings.AXES_ENABLED and request.path_info in _login_paths():
            from accounts.signin.views import login_locked_out

            account = attempted_account(request, None)
            keys = [("username", account or ""), ("ip_address", client_address(request))]
            until = _known_lock(keys)
            if until is not None:
                return login_locked_out(request, until=until)
            credentials = {"username": account}
            if not AxesProxyHandler.is_allowed(request, credentials):
                ends = AxesProxyHandler.get_implementation().lock_ends(request, credentials)
                _remember_locks({key: ends[key[0]] for key in keys if key[0] in ends})
                return login_locked_out(request, until=max(ends.values(), default=None))
        return self.get_response(request)
