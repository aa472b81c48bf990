"""The page cache's storage rules (``cms.cache``), one test each, on the middleware itself.

Each test sends two identical anonymous GETs through ``AnonymousPageCacheMiddleware`` in front of
a view whose answer breaks one rule, and checks that the second was rendered again, not served
from the cache. The first test is the control: a response that breaks no rule is stored, so a
test below cannot pass merely because nothing is ever stored.
"""

import pytest

from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from cms.cache import AnonymousPageCacheMiddleware, cache_anonymous
from tests.caching import page_cache_entries

pytestmark = pytest.mark.django_db  # the memo reads the content generation; no table is used


class CountingView:
    """A view that answers with ``make(request)`` and counts how often it really ran."""

    def __init__(self, make):
        self.make = make
        self.calls = 0

    def __call__(self, request):
        self.calls += 1
        return self.make(request)


def page(request, **headers) -> HttpResponse:
    response = cache_anonymous(HttpResponse(f"<p>Trang của {request.get_host()}</p>"))
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def twice(make, path: str = "/thu-tuc-hanh-chinh/", **extra) -> tuple[list, CountingView]:
    """The ``X-Page-Cache`` states of two identical GETs of ``path``, and the view that served them."""
    view = CountingView(make)
    middleware = AnonymousPageCacheMiddleware(view)
    factory = RequestFactory()
    states = [middleware(factory.get(path, **extra)).get("X-Page-Cache") for _ in range(2)]
    return states, view


def test_control_a_page_that_breaks_no_rule_is_stored():
    states, view = twice(lambda request: page(request, Vary="Cookie, Accept-Language", Cache_Control="max-age=60"))
    assert states == ["miss", "hit"]
    assert view.calls == 1


def test_a_response_setting_a_cookie_is_not_stored():
    def sets_cookie(request):
        response = page(request)
        response.set_cookie("hang_doi", "so-12")
        return response

    states, view = twice(sets_cookie)
    assert states == [None, None]
    assert view.calls == 2


@pytest.mark.parametrize(
    "directive",
    # RFC 9111 §5.2.2.4/§5.2.2.7: private and no-cache may name fields; they are private all the same.
    [
        "private",
        "no-store",
        "no-cache",
        "max-age=0, private",
        "No-Store",
        'no-cache="Set-Cookie"',
        'private="Set-Cookie"',
    ],
)
def test_a_response_asking_to_stay_private_is_not_stored(directive):
    states, view = twice(lambda request: page(request, Cache_Control=directive))
    assert states == [None, None]
    assert view.calls == 2


@pytest.mark.parametrize("vary", ["User-Agent", "Cookie, Authorization", "*", "Accept-Encoding"])
def test_a_response_with_an_unusual_vary_is_not_stored(vary):
    states, view = twice(lambda request: page(request, Vary=vary))
    assert states == [None, None]
    assert view.calls == 2


def test_a_response_not_marked_cacheable_is_not_stored():
    states, view = twice(lambda request: HttpResponse("<p>Hồ sơ của bạn</p>"))
    assert states == [None, None]
    assert view.calls == 2


@pytest.mark.parametrize("status", [201, 301, 404, 500])
def test_only_a_plain_200_is_stored(status):
    states, view = twice(lambda request: cache_anonymous(HttpResponse("x", status=status)))
    assert states == [None, None]
    assert view.calls == 2


def test_a_streaming_response_is_not_stored():
    states, view = twice(lambda request: cache_anonymous(StreamingHttpResponse(iter([b"x"]))))
    assert states == [None, None]
    assert view.calls == 2


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_visitor_with_a_session_or_message_is_neither_served_nor_stores(cookie):
    twice(page)  # stored for anonymous visitors
    view = CountingView(page)
    request = RequestFactory().get("/thu-tuc-hanh-chinh/")
    request.COOKIES[cookie] = "abc"
    assert AnonymousPageCacheMiddleware(view)(request).get("X-Page-Cache") is None
    assert view.calls == 1


def test_one_hosts_page_is_never_served_to_another_host(settings):
    settings.ALLOWED_HOSTS = ["xa-ham-chinh.example", "xa-ham-liem.example"]
    view = CountingView(page)
    middleware = AnonymousPageCacheMiddleware(view)
    factory = RequestFactory()
    first = middleware(factory.get("/", HTTP_HOST="xa-ham-chinh.example"))
    other = middleware(factory.get("/", HTTP_HOST="xa-ham-liem.example"))
    again = middleware(factory.get("/", HTTP_HOST="xa-ham-chinh.example"))

    assert [first["X-Page-Cache"], other["X-Page-Cache"], again["X-Page-Cache"]] == ["miss", "miss", "hit"]
    assert other.content.decode() == "<p>Trang của xa-ham-liem.example</p>"
    assert again.content.decode() == "<p>Trang của xa-ham-chinh.example</p>"


def test_a_stored_page_keeps_its_headers_and_body():
    states, _ = twice(lambda request: page(request, Content_Language="vi", X_Frame_Options="DENY"))
    assert states == ["miss", "hit"]
    response = AnonymousPageCacheMiddleware(CountingView(page))(RequestFactory().get("/thu-tuc-hanh-chinh/"))
    assert response["X-Page-Cache"] == "hit"
    assert (response["Content-Language"], response["X-Frame-Options"]) == ("vi", "DENY")
    assert response.content.decode() == "<p>Trang của testserver</p>"


# Query strings: only the parameters that change a page are part of the key (cms.cache.QUERY_PARAMS).


def entries() -> int:
    """How many entries the page cache holds (generation token included)."""
    return page_cache_entries()


def test_unknown_parameters_are_served_the_plain_page_and_store_nothing():
    view = CountingView(page)
    middleware = AnonymousPageCacheMiddleware(view)
    factory = RequestFactory()
    assert middleware(factory.get("/tin-tuc/"))["X-Page-Cache"] == "miss"
    stored = entries()

    for n in range(5):
        response = middleware(factory.get("/tin-tuc/", {"utm_source": f"zalo-{n}", "fbclid": f"IwAR{n}"}))
        assert response["X-Page-Cache"] == "hit"
    assert view.calls == 1
    assert entries() == stored


def test_a_miss_with_unknown_parameters_is_rendered_and_not_stored():
    view = CountingView(page)
    middleware = AnonymousPageCacheMiddleware(view)
    factory = RequestFactory()
    before = None
    for n in range(3):
        response = middleware(factory.get("/tin-tuc/", {"utm_campaign": f"tet-{n}"}))
        assert response.get("X-Page-Cache") is None
        before = before if before is not None else entries()
    assert view.calls == 3
    assert entries() == before
    # Nothing was stored under the plain address either: its first visitor renders it.
    assert middleware(factory.get("/tin-tuc/"))["X-Page-Cache"] == "miss"


def test_meaningful_parameters_each_have_their_own_entry():
    def listing(request):
        return cache_anonymous(HttpResponse(request.GET.urlencode()))

    view = CountingView(listing)
    middleware = AnonymousPageCacheMiddleware(view)
    factory = RequestFactory()
    for query in ("", "trang=2", "trang=3", "truc_tuyen=1", "buu_chinh=1", "truc_tuyen=1&buu_chinh=1"):
        response = middleware(factory.get(f"/thu-tuc-hanh-chinh/?{query}"))
        assert (response["X-Page-Cache"], response.content.decode()) == ("miss", query)
    assert view.calls == 6


def test_the_order_of_meaningful_parameters_does_not_matter():
    view = CountingView(page)
    middleware = AnonymousPageCacheMiddleware(view)
    factory = RequestFactory()
    assert middleware(factory.get("/thu-tuc-hanh-chinh/?truc_tuyen=1&buu_chinh=1"))["X-Page-Cache"] == "miss"
    assert middleware(factory.get("/thu-tuc-hanh-chinh/?buu_chinh=1&truc_tuyen=1"))["X-Page-Cache"] == "hit"
    hit = middleware(factory.get("/thu-tuc-hanh-chinh/?buu_chinh=1&utm_source=zalo&truc_tuyen=1"))
    assert hit["X-Page-Cache"] == "hit"
    assert view.calls == 1


def test_the_page_cache_is_on_unless_settings_turn_it_off(settings):
    from cms.cache import page_cache_enabled

    del settings.PAGE_CACHE_ENABLED
    assert page_cache_enabled() is True
    settings.PAGE_CACHE_ENABLED = False
    assert page_cache_enabled() is False


def test_an_unreadable_entry_is_logged_and_the_page_rendered(monkeypatch, caplog):
    """A cache that fails on the page's entry must not fail the request (only the generation is readable)."""
    from cms import cache as page_cache

    real = page_cache._cache()

    class Failing:
        def get(self, key, default=None):
            if key.startswith("pagecache:generation:"):
                return real.get(key, default)
            raise ConnectionError("cache down")

        def add(self, *args, **kwargs):
            return real.add(*args, **kwargs)

    monkeypatch.setattr(page_cache, "_cache", Failing)
    seen = []

    def view(request):
        seen.append(request.path)
        return page(request)

    response = AnonymousPageCacheMiddleware(view)(RequestFactory().get("/thu-tuc-hanh-chinh/"))
    assert response.status_code == 200
    assert seen == ["/thu-tuc-hanh-chinh/"]
    assert "Page cache unreadable; serving without it" in [record.getMessage() for record in caplog.records]
