"""The shared limits' arithmetic, pinned (Decree 13/2023/NĐ-CP: a dossier's data only to who proves it is theirs).

Exact keys on a fixed clock, exact counts returned by each store, the database row's expiry, the
purge of dead rows, how typed values become keys, and the Redis → database fallback with its log
line. The Redis tests run when ``REDIS_URL`` names a server of this run's own.
"""

import logging
import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from django.db.models.query import QuerySet
from django.test import RequestFactory

from forms.models import LimitCounter
from forms.tracking import ratelimit
from forms.tracking.ratelimit import (
    DatabaseStore,
    Limit,
    limit_exceeded,
    limit_record_failure,
    limit_store,
    rate_limit_hit,
)

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="no REDIS_URL")
NOW = datetime(2027, 1, 15, 2, 0, tzinfo=UTC)  # 9:00 in Hà Nội


@pytest.fixture(autouse=True)
def limits(settings):
    settings.REDIS_URL = None
    settings.FORMS_TRACKING_RATE_LIMIT = 3
    settings.FORMS_TRACKING_RATE_WINDOW = 600
    settings.FORMS_TRACKING_TARGET_LIMIT = 2
    settings.FORMS_TRACKING_TARGET_WINDOW = 3600


def from_address(address: str):
    return RequestFactory().post("/tra-cuu-ho-so/", REMOTE_ADDR=address)


def unique(prefix: str) -> str:
    # A Redis server outlives the test's database transaction: every key is new.
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


# -- how typed values become keys --------------------------------------------------------------


@pytest.mark.parametrize(
    "value, ident",
    [
        ("203.0.113.7", "203.0.113.7"),
        ("  HS-261206-0001 \n", "HS-261206-0001"),
        ("A" * 64, "A" * 64),
        # Longer than 64 characters, with a blank inside, or with a control character: a hash.
        ("A" * 65, "836203944f4c0280461ad73d31457c22ba19d1d9"),
        ("HS 261206", "7c27cfba3a875ca1cebb7a69e482472661e5bbe0"),
        ("HS\x00261206", "8867f1e9480bb00b3ea8bc0cafa0325b0a1e90de"),
    ],
)
def test_a_typed_value_is_kept_when_short_and_plain_else_hashed(value, ident):
    assert ratelimit._ident(value) == ident


def test_keys_name_scope_address_target_in_capitals_and_window_number(monkeypatch):
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_800_000_123.9)
    keys = ratelimit._keys(from_address("192.0.2.1"), scope="tracking", target="hs-261206-0001")
    assert keys == [
        ("portal:limits:tracking:addr:192.0.2.1:3000000", Limit(3, 600)),
        ("portal:limits:tracking:target:HS-261206-0001:500000", Limit(2, 3600)),
    ]
    assert ratelimit._keys(from_address("192.0.2.1"), scope="tracking", target="") == [
        ("portal:limits:tracking:addr:192.0.2.1:3000000", Limit(3, 600)),
    ]


# -- the database store ------------------------------------------------------------------------


def test_database_counts_are_returned_exactly_and_start_at_zero():
    store = DatabaseStore()
    key = unique("portal:limits:test")
    assert store.count(key) == 0
    assert [store.incr(key, window=600) for _ in range(3)] == [1, 2, 3]
    assert store.count(key) == 3


def test_a_database_counter_expires_with_its_window(monkeypatch):
    monkeypatch.setattr(ratelimit.timezone, "now", lambda: NOW)
    DatabaseStore().incr("portal:limits:test:expiry", window=600)
    row = LimitCounter.objects.get(key="portal:limits:test:expiry")
    assert (row.count, row.expires_at) == (1, datetime(2027, 1, 15, 2, 10, tzinfo=UTC))


def test_a_row_another_worker_created_first_is_counted_on(monkeypatch):
    """Two workers miss the row at once: the one whose INSERT fails adds to the other's row."""
    key = "portal:limits:test:race"
    LimitCounter.objects.create(key=key, count=1, expires_at=NOW)  # the other worker's row
    real_update = QuerySet.update
    first = []

    def update(self, **kwargs):
        if not first:  # our UPDATE ran before the other worker's INSERT committed
            first.append(kwargs)
            return 0
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update)
    assert DatabaseStore().incr(key, window=600) == 2
    assert LimitCounter.objects.get(key=key).count == 2


def test_a_new_row_purges_dead_rows_every_purge_every_rows(monkeypatch):
    LimitCounter.objects.create(key="portal:limits:test:dead", count=3, expires_at=NOW - timedelta(seconds=1))
    monkeypatch.setattr(ratelimit.timezone, "now", lambda: NOW)
    monkeypatch.setattr(ratelimit, "PURGE_EVERY", 1)  # every new row's id is a multiple of 1
    DatabaseStore().incr("portal:limits:test:new", window=600)
    assert list(LimitCounter.objects.values_list("key", flat=True)) == ["portal:limits:test:new"]


def test_no_purge_between_purge_every_rows(monkeypatch):
    LimitCounter.objects.create(key="portal:limits:test:dead", count=3, expires_at=NOW - timedelta(seconds=1))
    monkeypatch.setattr(ratelimit.timezone, "now", lambda: NOW)
    monkeypatch.setattr(ratelimit, "PURGE_EVERY", 10**9)
    DatabaseStore().incr("portal:limits:test:new", window=600)
    assert sorted(LimitCounter.objects.values_list("key", flat=True)) == [
        "portal:limits:test:dead",
        "portal:limits:test:new",
    ]


# -- which store, and the fallback -------------------------------------------------------------


def test_the_database_store_when_settings_name_no_redis(settings):
    del settings.REDIS_URL
    assert isinstance(limit_store(), DatabaseStore)
    settings.REDIS_URL = ""
    assert isinstance(limit_store(), DatabaseStore)


def test_an_unreachable_redis_is_logged_by_the_errors_name(settings, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    request = from_address("192.0.2.4")
    with caplog.at_level(logging.WARNING, logger="forms.tracking.ratelimit"):
        limit_record_failure(request, scope=unique("test"))
    assert [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "forms.tracking.ratelimit"] == [
        ("WARNING", "Redis unreachable for the shared limits (ConnectionError); counting in the database")
    ]


def test_a_failing_database_store_is_not_hidden(monkeypatch):
    def broken(self, key):
        raise RuntimeError("database gone")

    monkeypatch.setattr(DatabaseStore, "count", broken)
    with pytest.raises(RuntimeError, match="database gone"):
        limit_exceeded(from_address("192.0.2.4"), scope="test")


# -- targets -----------------------------------------------------------------------------------


def test_without_a_target_only_the_address_counts():
    name = unique("test")
    for index in range(2):  # a target's budget (2) spent on a code that happens to read "XXXX"
        limit_record_failure(from_address(f"198.51.100.{index}"), scope=name, target="XXXX")
    assert limit_exceeded(from_address("198.51.100.50"), scope=name, target="XXXX")
    assert not limit_exceeded(from_address("198.51.100.50"), scope=name)


def test_the_older_call_counts_the_target_too():
    name = unique("test")
    hits = [rate_limit_hit(from_address(f"203.0.113.{n}"), scope=name, target="HS-1") for n in range(3)]
    assert hits == [False, False, True]  # the target's third attempt is over its limit of 2


# -- Redis -------------------------------------------------------------------------------------


@needs_redis
def test_redis_counts_are_returned_exactly_and_start_at_zero(settings):
    store = ratelimit.RedisStore(REDIS_URL)
    key = unique("portal:limits:test")
    assert store.count(key) == 0
    assert [store.incr(key, window=600) for _ in range(3)] == [1, 2, 3]
    assert store.count(key) == 3
    assert 598 <= store.client.ttl(key) <= 600  # set with the first failure, not moved by the others


@needs_redis
def test_redis_sets_the_expiry_and_counts_in_one_transaction(monkeypatch):
    """``SET NX EX`` and ``INCR`` in one MULTI/EXEC: no counter can be left without its expiry."""
    store = ratelimit.RedisStore(REDIS_URL)
    real = store.client.pipeline
    asked = []

    def pipeline(**kwargs):
        asked.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(store.client, "pipeline", pipeline)
    assert store.incr(unique("portal:limits:test"), window=60) == 1
    assert asked == [{"transaction": True}]
