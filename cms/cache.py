"""The anonymous page cache: whole responses of public pages, dropped whenever content changes.

What is stored: the HTML (or feed) that an opted-in view gave a visitor who carried no session and
no CSRF or messages cookie, when the answer was a plain 200 that set no cookie and did not ask to
stay private. Editors and officers always carry a session cookie, so they always get a fresh page;
so does a citizen in the middle of a submission. Every page type and view opts in explicitly
(``cache_anonymous``): anything else, such as the tracking page or dossier files, is never stored.
Entries are keyed by host, path and the query parameters that change a page (``QUERY_PARAMS``);
any other parameter (a campaign's ``utm_source``) is served the page stored without it and what
it renders on a miss is not stored, so made-up values cannot fill the cache (issue 16).

When it is dropped: Wagtail's frontend cache app calls ``PageCacheBackend`` whenever a page is
published or unpublished, and ``cms.signals`` purges the same way when a page is moved or deleted
and when settings, snippets, documents or images change. A purge drops the whole cache rather than
the page's own URLs, because a page's HTML depends on others: the home page lists the latest
articles and sector counts, the directory lists procedures, the menu lists pages, and a procedure
page offers "Nộp hồ sơ trực tuyến" only while its form page is live. A commune publishes a few
times a day; re-rendering a few hundred pages after each publish costs far less than a stale one.

The cache is the ``pages`` alias of ``CACHES``: a file cache under ``var/`` that every gunicorn
worker shares (or Redis when ``REDIS_URL`` is set), so a purge made by the worker that served the
editor is seen by all. Entries are keyed by a random generation token, not a counter, so a token
lost to the cache's culling can never bring back entries from an older generation, and the
generation is named after the deploy (``deploy_version``), so a new release starts afresh.

The same generation also bounds ``generation_memo``: objects that every request needs and that only
change with content (the Site for a host name with its home page, the commune's settings, the
sections below home, the home and directory listings, and the most recently viewed procedure pages
with their documents) are kept in the worker's memory until the next purge, so a page that must be
rendered (for a visitor with a session, or the first view after a change) skips those queries.
"""

import hashlib
import logging
import secrets
import threading
from collections import OrderedDict
from contextvars import ContextVar
from functools import cache, wraps
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from django.utils.http import urlencode

import wagtail
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import PageViewRestriction, Site

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
# Files whose change alters the HTML: code, templates, translations, and the static manifest
# (hashed CSS and JS names in the pages).
DEPLOY_SUFFIXES = {".py", ".html", ".txt", ".mo", ".json", ".svg"}
# Only these may vary a stored response: the visitor had no cookie at all that mattered and every
# visitor is served in Vietnamese.
HARMLESS_VARY = {"cookie", "accept-language"}
PRIVATE_DIRECTIVES = {"private", "no-store", "no-cache"}
# The query parameters that change a stored page: the page number of lists (``trang``) and the
# directory's "online" and "by post" filters. Any other parameter (``utm_source``, ``fbclid``…)
# is left out of the key: such a request is served the page stored for the address without it,
# and what it renders on a miss is not stored. A page type that reads a new parameter adds it here.
QUERY_PARAMS = frozenset({"trang", "truc_tuyen", "buu_chinh"})
# How many bulky objects (whole pages with their documents) one worker keeps per generation.
MEMO_BOUNDED_ENTRIES = 256


def _cache():
    return caches[CACHE_ALIAS]


@cache
def deploy_version() -> str:
    """A fingerprint of what this worker renders with, taken once when it starts.

    It names the generation, so pages stored by the previous deploy (other templates, other
    hashed static file names) are never served by the new one, even from a shared cache.
    """
    digest = hashlib.sha256(f"{django.__version__} {wagtail.__version__}".encode())
    base = Path(settings.BASE_DIR)
    folders = [base / name for name in ("cms", "forms", "search", "site", "themes", "locale")]
    folders.append(Path(settings.STATIC_ROOT) / "staticfiles.json")
    for folder in folders:
        paths = [folder] if folder.is_file() else sorted(folder.rglob("*")) if folder.is_dir() else []
        for path in paths:
            if path.suffix in DEPLOY_SUFFIXES and path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(base) if path.is_relative_to(base) else path}".encode())
                digest.update(f" {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def _generation_key() -> str:
    return f"pagecache:generation:{deploy_version()}"


def page_cache_enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def page_cache_generation(*, create: bool = True) -> str | None:
    """The current content generation token; a new one is made when none is stored."""
    key = _generation_key()
    generation = _cache().get(key)
    if generation is None and create:
        generation = secrets.token_hex(8)
        # add() keeps a token another worker stored meanwhile.
        _cache().add(key, generation, timeout=None)
        generation = _cache().get(key) or generation
    return generation


def page_cache_clear(*, reason: str = "") -> None:
    """Drop every cached page by moving to a new generation; old entries age out on their own.

    Called while the change is still uncommitted (a publish runs in a transaction), a request
    served meanwhile would store the old content under the new generation; so the generation
    moves again once the transaction commits.
    """
    _new_generation(reason)
    transaction.on_commit(lambda: _new_generation(reason))


def _new_generation(reason: str) -> None:
    _cache().set(_generation_key(), secrets.token_hex(8), timeout=None)
    logger.debug("Page cache cleared%s", f" ({reason})" if reason else "")


_memo: dict = {"generation": None, "values": {}, "bounded": OrderedDict()}
# Threads of one worker (GUNICORN_THREADS) share the memo: every read and write of it holds this.
_memo_lock = threading.Lock()
_MISSING = object()
# The generation a GET request started with (set by ``AnonymousPageCacheMiddleware``): one cache
# read per request instead of one per memo lookup, and one consistent view of content throughout.
# ``UNREADABLE`` when that read failed: the request then computes everything without the memo.
UNREADABLE = "unreadable"
_request_generation: ContextVar[str | None] = ContextVar("page_cache_request_generation", default=None)


def generation_memo(key, compute, *, bounded: bool = False):
    """``compute()``'s value, kept in this worker's memory until the content generation changes.

    ``bounded`` values (whole pages, one per URL a visitor may ask for) are kept for the
    ``MEMO_BOUNDED_ENTRIES`` most recently used keys only, so a crawler walking a catalogue of
    thousands of procedures cannot fill the worker's memory. Without a readable cache nothing can
    say when content changed, so nothing is kept.
    """
    generation = _request_generation.get()
    if generation == UNREADABLE:
        return compute()
    if generation is None:
        try:
            generation = page_cache_generation()
        except Exception:
            logger.warning("Page cache unreadable; %s computed without the memo", key, exc_info=True)
            return compute()
    with _memo_lock:
        if _memo["generation"] != generation:
            _memo.update(generation=generation, values={}, bounded=OrderedDict())
        values = _memo["bounded"] if bounded else _memo["values"]
        value = values.get(key, _MISSING)
        if value is not _MISSING:
            if bounded:
                values.move_to_end(key)
            return value
    value = compute()  # outside the lock: it may query the database
    if value is None:  # nothing found: not kept, so made-up keys cannot fill the memory
        return None
    with _memo_lock:
        if _memo["generation"] == generation:  # not into a newer generation's memo
            values = _memo["bounded"] if bounded else _memo["values"]
            values[key] = value
            if bounded and len(values) > MEMO_BOUNDED_ENTRIES:
                values.popitem(last=False)
    return value


def view_restrictions_exist() -> bool:
    """Whether any page has a view restriction; while none has, restriction queries can be skipped."""
    return generation_memo("view-restrictions", PageViewRestriction.objects.exists)


def cache_anonymous(response):
    """Mark ``response`` as safe to serve to any anonymous visitor; the middleware decides the rest."""
    response.cache_anonymous = True
    return response


def cache_anonymous_view(view):
    """Decorator for function views whose output is the same for every anonymous visitor."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return cache_anonymous(view(request, *args, **kwargs))

    return wrapper


def _request_is_anonymous(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _storable(request, response) -> bool:
    if not getattr(response, "cache_anonymous", False) or response.status_code != 200:
        return False
    if response.streaming or response.cookies or settings.CSRF_COOKIE_NAME in request.COOKIES:
        return False
    cache_control = {d.split("=")[0].strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    if cache_control & PRIVATE_DIRECTIVES:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return vary <= HARMLESS_VARY


def _key(request, generation: str) -> tuple[str, bool]:
    """The entry's key and whether it names the request exactly (no parameter was left out).

    The host is part of the key, so on an installation serving several communes one site's page
    is never served to another's visitors. Of the query string only ``QUERY_PARAMS`` count, sorted
    by name, so ``?utm_source=…`` or ``?fbclid=…`` find the page stored for the plain address.
    """
    kept = sorted((name, request.GET.getlist(name)) for name in request.GET if name in QUERY_PARAMS)
    exact = len(kept) == len(request.GET)
    query = urlencode(kept, doseq=True)
    location = hashlib.sha256(f"{request.get_host()}\n{request.path}\n{query}".encode()).hexdigest()
    return f"pagecache:{generation}:{location}", exact


class AnonymousPageCacheMiddleware:
    """Serve stored pages to anonymous GETs before sessions, CSRF or Wagtail are involved.

    Placed right after WhiteNoise, so a hit costs two cache reads and no database query. Responses
    carry ``X-Page-Cache: hit`` or ``miss`` so that operators and tests can tell which they got.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            generation = page_cache_generation()
        except Exception:  # a broken cache must never take the site down with it
            logger.exception("Page cache unreadable; serving without it")
            generation = UNREADABLE
        token = _request_generation.set(generation)
        try:
            if generation == UNREADABLE:
                return self.get_response(request)
            return self._serve(request, generation)
        finally:
            _request_generation.reset(token)

    def _serve(self, request, generation: str):
        if request.method != "GET" or not page_cache_enabled() or not _request_is_anonymous(request):
            return self.get_response(request)
        key, exact = _key(request, generation)
        try:
            stored = _cache().get(key)
        except Exception:
            logger.exception("Page cache unreadable; serving without it")
            return self.get_response(request)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response

        response = self.get_response(request)
        # Rendered with parameters outside the key (a campaign's utm_*, a click id): never stored,
        # so each made-up value adds no entry and no visitor's parameters reach another's links.
        if exact and _storable(request, response):
            try:
                _cache().set(key, (response.status_code, list(response.items()), response.content))
            except Exception:
                logger.exception("Page cache not writable; page served uncached")
            response["X-Page-Cache"] = "miss"
        return response


class SiteLookupMiddleware:
    """Find the request's Wagtail Site (and so its home page) from memory instead of two queries.

    Wagtail looks the Site up in the database on every request; Site saves drop the memo with the
    page cache (``cms.signals``). The Site is shared by the requests of one worker and only read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            host = (request._get_raw_host(), request.get_port())
            request._wagtail_site = generation_memo(("site", host), lambda: Site._find_for_request(request))
        return self.get_response(request)


class PageCacheBackend(BaseBackend):
    """Wagtail frontend-cache backend: any purge Wagtail asks for clears the page cache.

    Wagtail sends the page's own URLs; for the reasons in this module's docstring the whole cache
    goes. A proxy cache (Varnish, a CDN) can be added beside it in ``WAGTAILFRONTENDCACHE``.
    """

    def purge(self, url) -> None:
        page_cache_clear(reason=url)

    def purge_batch(self, urls) -> None:
        page_cache_clear(reason=", ".join(sorted(urls))[:500])
