"""The page cache's generation token, its purges and the worker memo (``cms.cache``), pinned.

Every expected value is written out: the token's form (16 hexadecimal digits), that it never
expires (``timeout=None``: a token that expired would drop every stored page at once), the log
lines an operator reads, and what the memo keeps or computes again.
"""

import logging
import re
from collections import OrderedDict

import pytest

from django.http import HttpResponse
from django.test import RequestFactory

from cms import cache as page_cache
from cms.cache import (
    UNREADABLE,
    PageCacheBackend,
    generation_memo,
    page_cache_clear,
    page_cache_generation,
)

pytestmark = pytest.mark.django_db  # page_cache_clear defers its second move to the commit

KEY = "pagecache:generation:v-test"
TOKEN = re.compile(r"[0-9a-f]{16}")
NO_TIMEOUT_GIVEN = "no timeout given"


class RecordingCache:
    """A cache that keeps what it is given and every call made to it, timeouts included."""

    def __init__(self, stored=None, *, then=None):
        self.stored = dict(stored or {})
        self.calls = []
        # What another worker stores between our get() and our add(): key → value.
        self.then = then or {}

    def get(self, key, default=None):
        self.calls.append(("get", key))
        value = self.stored.get(key, default)
        self.stored.update(self.then)
        self.then = {}
        return value

    def add(self, key, value, timeout=NO_TIMEOUT_GIVEN):
        self.calls.append(("add", key, value, timeout))
        if key in self.stored:
            return False
        self.stored[key] = value
        return True

    def set(self, key, value, timeout=NO_TIMEOUT_GIVEN):
        self.calls.append(("set", key, value, timeout))
        self.stored[key] = value


@pytest.fixture
def recording(monkeypatch):
    """The page cache replaced by a ``RecordingCache``, under deploy version ``v-test``."""
    monkeypatch.setattr(page_cache, "deploy_version", lambda: "v-test")
    backend = RecordingCache()
    monkeypatch.setattr(page_cache, "_cache", lambda: backend)
    return backend


@pytest.fixture
def debug_log(caplog):
    caplog.set_level(logging.DEBUG, logger="cms.cache")
    return caplog


def messages(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "cms.cache"]


# -- the generation token ----------------------------------------------------------------------


def test_the_first_request_makes_a_token_that_never_expires(recording):
    generation = page_cache_generation()

    assert TOKEN.fullmatch(generation)
    assert recording.calls == [("get", KEY), ("add", KEY, generation, None), ("get", KEY)]
    assert recording.stored == {KEY: generation}


def test_a_stored_token_is_read_and_nothing_written(recording):
    recording.stored[KEY] = "0123456789abcdef"

    assert page_cache_generation() == "0123456789abcdef"
    assert recording.calls == [("get", KEY)]


def test_a_token_another_worker_stored_meanwhile_wins(recording):
    recording.then = {KEY: "fedcba9876543210"}  # stored by another worker right after our get()

    assert page_cache_generation() == "fedcba9876543210"
    assert recording.stored == {KEY: "fedcba9876543210"}


def test_a_token_lost_between_add_and_get_is_still_the_one_made(recording, monkeypatch):
    monkeypatch.setattr(page_cache.secrets, "token_hex", lambda n: "a" * (2 * n))
    monkeypatch.setattr(recording, "add", lambda *args, **kwargs: False)  # culled at once

    assert page_cache_generation() == "aaaaaaaaaaaaaaaa"


def test_without_create_no_token_is_made(recording):
    assert page_cache_generation(create=False) is None
    assert recording.calls == [("get", KEY)]
    assert recording.stored == {}


def test_the_key_names_the_deploy(monkeypatch):
    monkeypatch.setattr(page_cache, "deploy_version", lambda: "3f2a")
    assert page_cache._generation_key() == "pagecache:generation:3f2a"


# -- purges ------------------------------------------------------------------------------------


def test_a_purge_stores_a_new_token_without_expiry_and_logs_its_reason(recording, debug_log):
    recording.stored[KEY] = "0123456789abcdef"

    page_cache._new_generation("xuất bản /thu-tuc/")

    [(call, key, token, timeout)] = recording.calls
    assert (call, key, timeout) == ("set", KEY, None)
    assert TOKEN.fullmatch(token) and token != "0123456789abcdef"
    assert recording.stored == {KEY: token}
    assert messages(debug_log) == ["Page cache cleared (xuất bản /thu-tuc/)"]


def test_a_purge_without_reason_logs_no_parentheses(recording, debug_log):
    page_cache._new_generation("")
    assert messages(debug_log) == ["Page cache cleared"]


def test_clear_moves_now_and_again_at_commit_with_the_same_reason(
    recording, debug_log, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        page_cache_clear(reason="sửa cài đặt")
        now = recording.stored[KEY]
    assert len(callbacks) == 1
    callbacks[0]()
    assert TOKEN.fullmatch(recording.stored[KEY]) and recording.stored[KEY] != now
    assert messages(debug_log) == ["Page cache cleared (sửa cài đặt)"] * 2


def test_clear_without_reason(recording, debug_log, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page_cache_clear()
    assert messages(debug_log) == ["Page cache cleared"] * 2


def test_wagtail_purges_name_the_urls(recording, debug_log, django_capture_on_commit_callbacks):
    backend = PageCacheBackend({})
    with django_capture_on_commit_callbacks(execute=True):
        backend.purge("http://localhost/thu-tuc/")
        backend.purge_batch(["http://localhost/b/", "http://localhost/a/"])
    assert (
        messages(debug_log)
        == [
            "Page cache cleared (http://localhost/thu-tuc/)",
            "Page cache cleared (http://localhost/a/, http://localhost/b/)",
        ]
        * 2
    )  # now, then once more at the commit


def test_a_batch_reason_is_cut_at_500_characters(recording, debug_log, django_capture_on_commit_callbacks):
    urls = [f"http://localhost/thu-tuc/{n:03}/" for n in range(100)]  # 30 characters each
    with django_capture_on_commit_callbacks():
        PageCacheBackend({}).purge_batch(urls)
    reason = ", ".join(urls)[:500]
    assert len(reason) == 500
    assert messages(debug_log) == [f"Page cache cleared ({reason})"]


# -- the worker memo ---------------------------------------------------------------------------


class Counting:
    """A ``compute`` that returns ``value`` and counts its calls."""

    def __init__(self, value):
        self.value = value
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_the_memo_keeps_a_value_until_the_content_changes():
    compute = Counting(["Xã Hàm Liêm"])
    assert generation_memo("settings", compute) == ["Xã Hàm Liêm"]
    assert generation_memo("settings", compute) == ["Xã Hàm Liêm"]
    assert compute.calls == 1
    assert page_cache._memo["values"] == {"settings": ["Xã Hàm Liêm"]}
    assert page_cache._memo["bounded"] == OrderedDict()

    page_cache._new_generation("test")
    assert generation_memo("settings", compute) == ["Xã Hàm Liêm"]
    assert compute.calls == 2


def test_bounded_and_unbounded_values_are_kept_apart():
    assert generation_memo("k", Counting("toàn cục")) == "toàn cục"
    assert generation_memo("k", Counting("trang"), bounded=True) == "trang"
    assert page_cache._memo["values"] == {"k": "toàn cục"}
    assert page_cache._memo["bounded"] == OrderedDict({"k": "trang"})


def test_the_bounded_memo_holds_exactly_its_limit(monkeypatch):
    monkeypatch.setattr(page_cache, "MEMO_BOUNDED_ENTRIES", 3)
    for name in ("a", "b", "c"):
        generation_memo(name, Counting(name), bounded=True)
    assert list(page_cache._memo["bounded"]) == ["a", "b", "c"]
    generation_memo("a", Counting("a"), bounded=True)  # used again: now the most recent
    generation_memo("d", Counting("d"), bounded=True)
    assert list(page_cache._memo["bounded"]) == ["c", "a", "d"]


def test_nothing_found_is_not_kept():
    compute = Counting(None)
    assert generation_memo("procedure-404", compute) is None
    assert generation_memo("procedure-404", compute) is None
    assert compute.calls == 2
    assert "procedure-404" not in page_cache._memo["values"]


def test_falsy_values_found_are_kept():
    compute = Counting(0)
    assert generation_memo("count", compute) == 0
    assert generation_memo("count", compute) == 0
    assert compute.calls == 1


def test_a_value_computed_under_an_older_generation_is_not_kept():
    generation_memo("warm", Counting(1))
    before = page_cache._memo["generation"]

    def stale():
        # Meanwhile an editor publishes and another request fills the memo of the new generation.
        page_cache._new_generation("publish")
        generation_memo("other", Counting(2))
        return "nội dung cũ"

    assert generation_memo("page", stale) == "nội dung cũ"
    assert page_cache._memo["generation"] not in (None, before)
    assert page_cache._memo["values"] == {"other": 2}
    compute = Counting("nội dung mới")
    assert generation_memo("page", compute) == "nội dung mới"
    assert compute.calls == 1


def test_the_requests_generation_is_used_without_reading_the_cache(monkeypatch):
    def unreadable(**kwargs):
        raise AssertionError("the request's generation should have been used")

    monkeypatch.setattr(page_cache, "page_cache_generation", unreadable)
    token = page_cache._request_generation.set("0000000000000001")
    try:
        assert generation_memo("k", Counting("v")) == "v"
    finally:
        page_cache._request_generation.reset(token)
    assert page_cache._memo["generation"] == "0000000000000001"
    assert page_cache._memo["values"] == {"k": "v"}


def test_an_unreadable_request_computes_everything_and_keeps_nothing():
    generation_memo("k", Counting("cũ"))
    token = page_cache._request_generation.set(UNREADABLE)
    try:
        compute = Counting("mới")
        assert generation_memo("k", compute) == "mới"
        assert generation_memo("k", compute) == "mới"
    finally:
        page_cache._request_generation.reset(token)
    assert compute.calls == 2
    assert page_cache._memo["values"] == {"k": "cũ"}


def test_an_unreadable_cache_computes_and_logs_the_key(monkeypatch, caplog):
    def broken(**kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(page_cache, "page_cache_generation", broken)
    compute = Counting("v")
    assert generation_memo(("site", "localhost"), compute) == "v"
    assert generation_memo(("site", "localhost"), compute) == "v"
    assert compute.calls == 2
    assert messages(caplog) == ["Page cache unreadable; ('site', 'localhost') computed without the memo"] * 2
    records = [record for record in caplog.records if record.name == "cms.cache"]
    assert [(record.levelname, record.exc_info[0]) for record in records] == [("WARNING", ConnectionError)] * 2


def test_view_restrictions_are_memoised_under_their_own_key(home):
    assert page_cache.view_restrictions_exist() is False
    assert page_cache._memo["values"] == {"view-restrictions": False}


# -- the middleware's bypasses and failures ----------------------------------------------------


def seen_generation(request):
    response = page_cache.cache_anonymous(HttpResponse("<p>Trang</p>"))
    response.generation = page_cache._request_generation.get()
    return response


def test_a_post_reads_no_generation_and_is_never_marked():
    middleware = page_cache.AnonymousPageCacheMiddleware(seen_generation)
    response = middleware(RequestFactory().post("/thu-tuc/"))
    assert (response.generation, response.get("X-Page-Cache")) == (None, None)


def test_a_get_and_a_head_run_under_the_current_generation():
    middleware = page_cache.AnonymousPageCacheMiddleware(seen_generation)
    factory = RequestFactory()
    get = middleware(factory.get("/thu-tuc/"))
    head = middleware(factory.head("/thu-tuc/"))
    assert get.generation == head.generation == page_cache_generation()
    assert (get["X-Page-Cache"], head.get("X-Page-Cache")) == ("miss", None)
    assert page_cache._request_generation.get() is None  # reset after the request


def test_an_unreadable_generation_serves_the_page_uncached(monkeypatch, caplog):
    def broken(**kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(page_cache, "page_cache_generation", broken)
    middleware = page_cache.AnonymousPageCacheMiddleware(seen_generation)
    response = middleware(RequestFactory().get("/thu-tuc/"))
    assert (response.status_code, response.generation, response.get("X-Page-Cache")) == (200, UNREADABLE, None)
    assert messages(caplog) == ["Page cache unreadable; serving without it"]
    assert [record.levelname for record in caplog.records if record.name == "cms.cache"] == ["ERROR"]
    assert page_cache._request_generation.get() is None


def test_an_unwritable_cache_serves_the_page_and_logs(monkeypatch, caplog):
    real = page_cache._cache()

    class ReadOnly:
        def get(self, key, default=None):
            return real.get(key, default)

        def add(self, *args, **kwargs):
            return real.add(*args, **kwargs)

        def set(self, *args, **kwargs):
            raise ConnectionError("disk full")

    monkeypatch.setattr(page_cache, "_cache", ReadOnly)
    middleware = page_cache.AnonymousPageCacheMiddleware(seen_generation)
    response = middleware(RequestFactory().get("/thu-tuc/"))
    assert (response.status_code, response["X-Page-Cache"]) == (200, "miss")
    assert messages(caplog) == ["Page cache not writable; page served uncached"]
    assert middleware(RequestFactory().get("/thu-tuc/"))["X-Page-Cache"] == "miss"


def test_a_stored_page_is_served_with_its_status_headers_and_body():
    calls = []

    def view(request):
        calls.append(1)
        response = page_cache.cache_anonymous(HttpResponse("<p>Thủ tục</p>", content_type="text/html; charset=utf-8"))
        response["Content-Language"] = "vi"
        return response

    middleware = page_cache.AnonymousPageCacheMiddleware(view)
    middleware(RequestFactory().get("/thu-tuc/"))
    hit = middleware(RequestFactory().get("/thu-tuc/"))
    assert calls == [1]
    assert (hit.status_code, hit.content.decode(), hit["X-Page-Cache"]) == (200, "<p>Thủ tục</p>", "hit")
    assert (hit["Content-Type"], hit["Content-Language"]) == ("text/html; charset=utf-8", "vi")


# -- the Site lookup ---------------------------------------------------------------------------


def site_of(request):
    response = HttpResponse("ok")
    response.site = request._wagtail_site
    return response


def test_each_host_finds_its_own_site_and_keeps_it_by_host_and_port(two_communes, django_assert_num_queries):
    middleware = page_cache.SiteLookupMiddleware(site_of)
    factory = RequestFactory()
    first = middleware(factory.get("/", HTTP_HOST="hamthuanbac.test"))
    assert (first.content, first.site) == (b"ok", two_communes.b)
    assert first.site.hostname == "hamthuanbac.test"
    with django_assert_num_queries(0):
        again = middleware(factory.get("/thu-tuc/", HTTP_HOST="hamthuanbac.test"))
    assert again.site == two_communes.b
    default = middleware(factory.get("/", HTTP_HOST="localhost"))
    assert default.site == two_communes.a
    assert {key for key in page_cache._memo["values"] if key[0] == "site"} == {
        ("site", ("hamthuanbac.test", "80")),
        ("site", ("localhost", "80")),
    }


def test_a_request_that_already_knows_its_site_keeps_it(two_communes):
    request = RequestFactory().get("/", HTTP_HOST="hamthuanbac.test")
    request._wagtail_site = two_communes.a
    assert page_cache.SiteLookupMiddleware(site_of)(request).site == two_communes.a
    assert not any(key[0] == "site" for key in page_cache._memo["values"])
