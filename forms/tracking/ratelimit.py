"""Limits on guessing, shared by every worker and kept across restarts.

Dossier codes are sequential and phone numbers are not secret, so what protects a dossier is how
many wrong answers anyone may give. Failures are counted twice, per client address (through the
trusted proxies, ``portal.net.client_address``) and per target (a dossier code), each in a fixed
window; a request is refused once either count has reached its limit. Only failures count: a
citizen who types the right code and phone spends nothing, so citizens behind one shared address
(a commune office, a mobile carrier's NAT) do not block each other.

The counters live in Redis (``INCR``) when ``REDIS_URL`` is set, else in the database
(``LimitCounter``, ``UPDATE … SET count = count + 1``). Either survives a worker's restart; process
memory would not, and with two workers an attacker got about 9,500 guesses an hour that way.

    if limit_exceeded(request, scope="tracking", target=code):
        ...  # 429
    if not found:
        limit_record_failure(request, scope="tracking", target=code)
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from portal.net import client_address

logger = logging.getLogger(__name__)

KEY_PREFIX = "portal:limits"
# Dead database rows are deleted when a new row's id is a multiple of this (no scheduler needed).
PURGE_EVERY = 100


@dataclass(frozen=True)
class Limit:
    """At most ``count`` failures per ``window`` seconds."""

    count: int
    window: int


def address_limit() -> Limit:
    return Limit(settings.FORMS_TRACKING_RATE_LIMIT, settings.FORMS_TRACKING_RATE_WINDOW)


def target_limit() -> Limit:
    return Limit(settings.FORMS_TRACKING_TARGET_LIMIT, settings.FORMS_TRACKING_TARGET_WINDOW)


class CounterStore(Protocol):
    def count(self, key: str) -> int: ...

    def incr(self, key: str, *, window: int) -> int: ...


class DatabaseStore:
    """Counters as rows of ``LimitCounter``; one atomic UPDATE per failure."""

    def count(self, key: str) -> int:
        from forms.models import LimitCounter

        return LimitCounter.objects.filter(key=key).values_list("count", flat=True).first() or 0

    def incr(self, key: str, *, window: int) -> int:
        from forms.models import LimitCounter

        rows = LimitCounter.objects.filter(key=key)
        with transaction.atomic():
            if not rows.update(count=F("count") + 1):
                try:
                    with transaction.atomic():
                        row = LimitCounter.objects.create(
                            key=key, count=1, expires_at=timezone.now() + timedelta(seconds=window)
                        )
                except IntegrityError:  # another worker created it first
                    rows.update(count=F("count") + 1)
                else:
                    if row.pk % PURGE_EVERY == 0:
                        limit_counters_purge()
                    return 1
        return self.count(key)


class RedisStore:
    """Counters as Redis keys that expire with their window."""

    def __init__(self, url: str):
        self.client = _redis_client(url)

    def count(self, key: str) -> int:
        return int(self.client.get(key) or 0)

    def incr(self, key: str, *, window: int) -> int:
        pipe = self.client.pipeline(transaction=True)
        pipe.set(key, 0, ex=window, nx=True)
        pipe.incr(key)
        return int(pipe.execute()[1])


@lru_cache(maxsize=4)
def _redis_client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def limit_store() -> CounterStore:
    """Redis when ``REDIS_URL`` is set, the database otherwise."""
    url = getattr(settings, "REDIS_URL", None)
    return RedisStore(url) if url else DatabaseStore()


def _ident(value: str) -> str:
    value = value.strip()
    # Keys stay short and free of odd characters whatever was typed; short values stay readable.
    if len(value) <= 64 and value.isprintable() and " " not in value:
        return value
    return hashlib.sha256(value.encode()).hexdigest()[:40]


def _keys(request, *, scope: str, target: str) -> list[tuple[str, Limit]]:
    keys = [(f"{scope}:addr:{_ident(client_address(request))}", address_limit())]
    if target:
        keys.append((f"{scope}:target:{_ident(target.upper())}", target_limit()))
    now = int(time.time())
    return [(f"{KEY_PREFIX}:{key}:{now // limit.window}", limit) for key, limit in keys]


def _with_store(action):
    store = limit_store()
    try:
        return action(store)
    except Exception as error:
        if isinstance(store, DatabaseStore):
            raise
        # Redis down: the limits still hold, in the database, rather than a 500 for every citizen.
        logger.warning("Redis unreachable for the shared limits (%s); counting in the database", type(error).__name__)
        return action(DatabaseStore())


def limit_exceeded(request, *, scope: str, target: str = "") -> bool:
    """Whether this client, or anyone guessing at ``target``, has used up the failures allowed."""
    keys = _keys(request, scope=scope, target=target)
    return _with_store(lambda store: any(store.count(key) >= limit.count for key, limit in keys))


def limit_record_failure(request, *, scope: str, target: str = "") -> None:
    """Count one failed attempt (a wrong code or phone) for this client and for ``target``."""
    keys = _keys(request, scope=scope, target=target)
    _with_store(lambda store: [store.incr(key, window=limit.window) for key, limit in keys])


def limit_counters_purge() -> int:
    """Delete the database counters whose window is over; returns how many went."""
    from forms.models import LimitCounter

    deleted, _ = LimitCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


def rate_limit_hit(request, *, scope: str, target: str = "") -> bool:
    """The older call: count one attempt, then say whether the client is over the limit.

    Counts every attempt, right or wrong; new code should call ``limit_exceeded`` before the check
    and ``limit_record_failure`` after a wrong answer only.
    """
    limit_record_failure(request, scope=scope, target=target)
    keys = _keys(request, scope=scope, target=target)
    return _with_store(lambda store: any(store.count(key) > limit.count for key, limit in keys))
