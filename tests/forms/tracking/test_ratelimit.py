"""The shared limits: failures only, per client address and per target, in Redis or the database."""

import os
import uuid
from datetime import timedelta

import pytest

from django.test import RequestFactory
from django.utils import timezone

from forms.models import LimitCounter
from forms.tracking import ratelimit
from forms.tracking.ratelimit import (
    DatabaseStore,
    limit_counters_purge,
    limit_exceeded,
    limit_record_failure,
    rate_limit_hit,
)
from tests.forms import factories as f

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL")


@pytest.fixture(
    params=["database", pytest.param("redis", marks=pytest.mark.skipif(not REDIS_URL, reason="no REDIS_URL"))]
)
def store(request, settings):
    """Each test runs against the database store, and against Redis when REDIS_URL is set."""
    settings.REDIS_URL = REDIS_URL if request.param == "redis" else None
    settings.FORMS_TRACKING_RATE_LIMIT = 3
    settings.FORMS_TRACKING_RATE_WINDOW = 600
    settings.FORMS_TRACKING_TARGET_LIMIT = 2
    settings.FORMS_TRACKING_TARGET_WINDOW = 3600
    return request.param


def from_address(address: str):
    return RequestFactory().post("/tra-cuu-ho-so/", REMOTE_ADDR=address)


def scope() -> str:
    # A fresh scope per test: a Redis server outlives the test's database transaction.
    return f"test-{uuid.uuid4().hex[:8]}"


def test_an_address_is_refused_after_its_failures(store):
    name = scope()
    request = from_address("192.0.2.1")
    for _ in range(3):
        assert not limit_exceeded(request, scope=name)
        limit_record_failure(request, scope=name)
    assert limit_exceeded(request, scope=name)
    assert not limit_exceeded(from_address("192.0.2.2"), scope=name)


def test_a_target_is_refused_whatever_the_address(store):
    name = scope()
    for index in range(2):
        limit_record_failure(from_address(f"198.51.100.{index}"), scope=name, target="HS-261206-0001")
    fresh = from_address("198.51.100.99")
    assert limit_exceeded(fresh, scope=name, target="hs-261206-0001")  # codes compare in capitals
    assert not limit_exceeded(fresh, scope=name, target="HS-261206-0002")


def test_the_window_ends(store, monkeypatch):
    name = scope()
    request = from_address("192.0.2.7")
    now = 1_800_000_000.0
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    for _ in range(3):
        limit_record_failure(request, scope=name)
    assert limit_exceeded(request, scope=name)
    monkeypatch.setattr(ratelimit.time, "time", lambda: now + 600)
    assert not limit_exceeded(request, scope=name)


def test_the_older_call_counts_every_attempt(store):
    name = scope()
    request = from_address("192.0.2.9")
    assert [rate_limit_hit(request, scope=name) for _ in range(4)] == [False, False, False, True]


def test_database_counts_survive_a_new_store_and_are_one_row_per_key_and_window(settings):
    settings.REDIS_URL = None
    settings.FORMS_TRACKING_RATE_LIMIT = 5
    name = scope()
    request = from_address("192.0.2.3")
    for _ in range(4):
        limit_record_failure(request, scope=name, target="HS-1")
    # Two keys (address, target), each counted in one row: what any worker, restarted or not, reads.
    rows = dict(LimitCounter.objects.filter(key__contains=name).values_list("key", "count"))
    assert sorted(rows.values()) == [4, 4] and len(rows) == 2
    assert DatabaseStore().count(next(iter(rows))) == 4


def test_purge_removes_only_finished_windows(settings):
    now = timezone.now()
    LimitCounter.objects.create(key="cu", count=3, expires_at=now - timedelta(seconds=1))
    LimitCounter.objects.create(key="moi", count=3, expires_at=now + timedelta(seconds=60))
    assert limit_counters_purge() == 1
    assert list(LimitCounter.objects.values_list("key", flat=True)) == ["moi"]


def test_an_unreachable_redis_falls_back_to_the_database(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.FORMS_TRACKING_RATE_LIMIT = 1
    name = scope()
    request = from_address("192.0.2.4")
    limit_record_failure(request, scope=name)
    assert limit_exceeded(request, scope=name)
    assert LimitCounter.objects.filter(key__contains=name).exists()


@pytest.mark.skipif(not REDIS_URL, reason="no REDIS_URL")
def test_redis_keys_expire_with_their_window(settings):
    import redis

    settings.REDIS_URL = REDIS_URL
    name = scope()
    limit_record_failure(from_address("192.0.2.5"), scope=name)
    client = redis.Redis.from_url(REDIS_URL)
    keys = client.keys(f"{ratelimit.KEY_PREFIX}:{name}:*")
    assert len(keys) == 1 and client.get(keys[0]) == b"1"
    assert 0 < client.ttl(keys[0]) <= settings.FORMS_TRACKING_RATE_WINDOW
    assert not LimitCounter.objects.exists()


# -- the tracking pages ---------------------------------------------------------------------------


def test_right_answers_never_use_up_a_shared_address(client, store, home):
    dossier = f.dossier_make()
    for _ in range(10):  # a commune office's citizens, one address, each with the right phone
        response = client.post("/tra-cuu-ho-so/", {"code": dossier.code, "phone": dossier.applicant_phone})
        assert response.status_code == 302
        assert (
            client.post(f"/tra-cuu-ho-so/{dossier.access_token}/xac-minh/", {"phone": "0912345678"}).status_code == 302
        )


def test_wrong_phones_at_one_dossier_are_limited_across_addresses(client, store, home):
    dossier = f.dossier_make()
    gate = f"/tra-cuu-ho-so/{dossier.access_token}/xac-minh/"
    assert client.post(gate, {"phone": "0987654321"}, REMOTE_ADDR="203.0.113.1").status_code == 403
    assert (
        client.post(
            "/tra-cuu-ho-so/", {"code": dossier.code, "phone": "0987654322"}, REMOTE_ADDR="203.0.113.2"
        ).status_code
        == 404
    )
    # The dossier's budget (2) is spent: even the right phone from a new address waits.
    blocked = client.post(gate, {"phone": dossier.applicant_phone}, REMOTE_ADDR="203.0.113.3")
    assert blocked.status_code == 429
    assert "Ông/bà đã nhập sai quá nhiều lần" in blocked.content.decode()
    lookup = client.post(
        "/tra-cuu-ho-so/", {"code": dossier.code, "phone": dossier.applicant_phone}, REMOTE_ADDR="203.0.113.4"
    )
    assert lookup.status_code == 429


def test_behind_a_trusted_proxy_each_citizen_has_their_own_budget(client, store, home, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for index in range(3):
        client.post(
            "/tra-cuu-ho-so/",
            {"code": f"SAI-{index}", "phone": "0987654321"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.50",
        )
    refused = client.post(
        "/tra-cuu-ho-so/",
        {"code": "SAI-8", "phone": "0987654321"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.50",
    )
    assert refused.status_code == 429
    other = client.post(
        "/tra-cuu-ho-so/",
        {"code": "SAI-9", "phone": "0987654321"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.51",
    )
    assert other.status_code == 404
