"""Procedure search: the one entry point views, the API and commands use.

``procedure_search`` picks the backend (Elasticsearch when ``ELASTICSEARCH_URL`` is set, the
embedded backend otherwise) and falls back to the embedded one, with a logged warning, when
the cluster cannot be reached. Writes always go to the embedded index (so the fall back has
current data) and also to Elasticsearch when it is configured.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings

from search.analysis import analyze_query, fold
from search.backends.embedded import EmbeddedBackend
from search.types import ArticleHit, SearchFilters, SearchResults, Suggestion

logger = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
MAX_PAGE = 1000
MAX_QUERY_LENGTH = 200
MAX_SUGGESTIONS = 8


class SearchError(ValueError):
    """A search request that cannot be answered; the message is Vietnamese, for the citizen."""


# After a failure the cluster is left alone for a while, so that an unreachable cluster costs
# one timeout per RETRY_AFTER seconds and not one per request.
RETRY_AFTER = 30.0
_cluster_down_until = 0.0
# The clock the retry window is measured on; tests replace it instead of waiting.
clock = time.monotonic


def _elasticsearch():
    if not settings.ELASTICSEARCH_URL or clock() < _cluster_down_until:
        return None
    from search.backends.elasticsearch import ElasticsearchBackend

    return ElasticsearchBackend.from_settings()


def _fallback(action: str, error: Exception) -> None:
    global _cluster_down_until
    _cluster_down_until = clock() + RETRY_AFTER
    logger.warning("Elasticsearch unreachable during %s, using the embedded backend: %s", action, error)


def elasticsearch_retry_now() -> None:
    """Forget a recent cluster failure (after the cluster is back, and in tests)."""
    global _cluster_down_until
    _cluster_down_until = 0.0


# -- one commune's search (issue #17) -------------------------------------------------------------


def _commune(site):
    """The procedures ``site`` leaves out and its catalogue (``cms.selectors.commune_catalogue``)."""
    if site is None:
        return frozenset(), None
    from cms.selectors import commune_catalogue

    catalogue = commune_catalogue(site)
    return (catalogue.excluded if catalogue is not None else frozenset()), catalogue


def commune_url(url: str, *, site, catalogue) -> str:
    """A procedure's indexed address as commune ``site`` serves it: the shared catalogue's procedures
    below the commune's own directory, on its own host (a relative address)."""
    if site is None or not url:
        return url
    path = urlsplit(url).path if "://" in url else url
    if catalogue is not None and catalogue.shared:
        slug = path.rstrip("/").rsplit("/", 1)[-1]
        return f"{catalogue.directory_path}{slug}/"
    if url.startswith(site.root_url + "/"):
        return url[len(site.root_url) :]  # the commune's own page, indexed with its host
    return url


def procedure_search(
    query: str,
    filters: SearchFilters | None = None,
    page: int = 1,
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    site=None,
) -> SearchResults:
    """Return page ``page`` of live procedures matching ``query`` and ``filters``, best first.

    With ``site`` (the commune searched, issue #17): the shared catalogue without the procedures
    that commune does not carry out, linked at its own address. An empty query with filters lists
    the filtered procedures by title. Raises ``SearchError`` for a page or page size out of
    range, or a query that is too long.
    """
    started = time.perf_counter()
    filters = filters or SearchFilters()
    query = (query or "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchError(f"Từ khóa quá dài (tối đa {MAX_QUERY_LENGTH} ký tự).")
    if not 1 <= page <= MAX_PAGE:
        raise SearchError(f"Số trang phải từ 1 đến {MAX_PAGE}.")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise SearchError(f"Số kết quả mỗi trang phải từ 1 đến {MAX_PAGE_SIZE}.")
    analyzed = analyze_query(query)
    exclude, catalogue = _commune(site)
    results = None
    remote = _elasticsearch()
    if remote is not None:
        try:
            results = remote.search(analyzed, filters, page, page_size, exclude=exclude)
        except remote.unavailable as error:
            _fallback("search", error)
    if results is None:
        results = EmbeddedBackend().search(analyzed, filters, page, page_size, exclude=exclude)
    if site is not None:
        for hit in results.hits:
            hit.url = commune_url(hit.url, site=site, catalogue=catalogue)
    if not results.total and query:
        results.suggestions = _no_result_suggestions(query, site=site)
    if results.facets.get("agency"):
        results.facets["agency"] = [value for value in results.facets["agency"] if agency_is_local(value.label)]
    results.took_ms = round((time.perf_counter() - started) * 1000, 2)
    return results


# Agencies a commune's citizen deals with: the commune's own (committee, its chairman, its police,
# its one-stop counter), and the district-level and grassroots offices that serve a commune (the
# land registration office's branch, district social insurance, grassroots tax). National data
# also names provincial and central bodies ("Sở Tư pháp Thành phố Hà Nội", "Cục Thuế"): those
# are not offered as a filter. Phrases of folded words, matched as phrases of the agency's name.
LOCAL_AGENCY_PHRASES = (
    "cap xa",
    "xa phuong",
    "xa phuong thi tran",
    "uy ban nhan dan xa",
    "ubnd xa",
    "ubnd cap xa",
    "chu tich ubnd xa",
    "cong an xa",
    "cong an cap xa",
    "bo phan mot cua",
    "thi tran",
    "cap huyen",
    "thue co so",
    "chi nhanh van phong dang ki dat dai",
    "cong chuc tu phap ho tich",
    "tu phap ho tich",
)
_LOCAL_AGENCY = [tuple(phrase.split()) for phrase in LOCAL_AGENCY_PHRASES]


@lru_cache(maxsize=4096)
def agency_is_local(name: str) -> bool:
    """Whether a citizen of a commune deals with the agency ``name`` (see ``LOCAL_AGENCY_PHRASES``)."""
    words = f" {fold(name)} "
    return any(f" {' '.join(phrase)} " in words for phrase in _LOCAL_AGENCY)


def search_filters_check(filters: SearchFilters) -> dict[str, tuple[list[str], list[str]]]:
    """Facet values no indexed procedure has, per facet: ``{facet: (unknown values, valid values)}``.

    Empty when every value exists. The ``online`` and ``postal`` values are checked by
    ``search.params`` (a fixed list); sector, agency and audience come from the index.
    """
    problems = {}
    for name, values in filters.items():
        if name in ("online", "postal"):
            continue
        valid = EmbeddedBackend().facet_values(name)
        unknown = [value for value in values if value not in valid]
        if unknown:
            problems[name] = (unknown, sorted(valid))
    return problems


def _no_result_suggestions(query: str, *, site=None) -> list[str]:
    """Titles close to what was typed: the suggestions for each word's beginning."""
    seen: list[str] = []
    for word in query.split()[:4]:
        for suggestion in procedure_suggest(word, limit=3, site=site):
            if suggestion.title not in seen:
                seen.append(suggestion.title)
    return seen[:5]


MAX_ARTICLES = 3
# Without a cluster, articles are searched in memory: each worker keeps their folded text until
# an article is published, changed or removed (the count and latest publication say when).
_article_texts: dict = {"key": None, "texts": []}
ARTICLE_BODY_CHARS = 4000


def _article_texts_current() -> list[tuple[ArticleHit, str, str, str]]:
    from django.db.models import Count, Max

    from cms.models import ArticlePage
    from search.documents import article_document

    pages = ArticlePage.objects.live()
    key = tuple(pages.aggregate(n=Count("pk"), last=Max("last_published_at")).values())
    if _article_texts["key"] != key:
        texts = []
        for page in pages.order_by("-date", "-pk"):
            document = article_document(page)
            hit = ArticleHit(
                title=document.title, url=document.url, date=page.date.strftime("%d/%m/%Y"), lead=document.lead
            )
            body = f"{document.lead} {' '.join(document.tags)} {document.body[:ARTICLE_BODY_CHARS]}"
            texts.append((hit, f" {fold(document.title)} ", f" {fold(body)} ", page.path))
        _article_texts.update(key=key, texts=texts)
    return _article_texts["texts"]


def article_search(query: str, *, limit: int = MAX_ARTICLES, site=None) -> list[ArticleHit]:
    """Return up to ``limit`` live outreach articles for ``query``, best first; with ``site`` only
    that commune's (below its home page, issue #17), linked within its host.

    Elasticsearch's article index when a cluster is configured; otherwise the articles' folded
    title, lead, tags and body, matched with the same analysis as procedures (question frames,
    people and thesaurus): an article must name most of what the query is about.
    """
    analyzed = analyze_query((query or "").strip()[:MAX_QUERY_LENGTH])
    if analyzed.is_empty or not analyzed.groups:
        return []
    remote = _elasticsearch()
    if remote is not None:
        try:
            found = remote.search_articles(analyzed, limit, site_id=site.pk if site is not None else None)
            return [_article_hit_for(hit, site) for hit in found]
        except remote.unavailable as error:
            _fallback("article search", error)
    root_path = _site_root_path(site)
    groups = analyzed.required
    scored = []
    for hit, title, body, path in _article_texts_current():
        if root_path is not None and not path.startswith(root_path):
            continue
        value = covered = 0.0
        for group in groups:
            phrases = [f" {' '.join(alt)} " for alt in group.alternatives]
            if any(phrase in title for phrase in phrases):
                value, covered = value + 3.0, covered + 1
            elif any(phrase in body for phrase in phrases):
                value, covered = value + 1.0, covered + 1
        if covered / len(groups) >= ARTICLE_COVERAGE:
            scored.append((value, hit))
    scored.sort(key=lambda row: -row[0])
    return [_article_hit_for(hit, site) for _, hit in scored[:limit]]


def _site_root_path(site) -> str | None:
    """The tree path of ``site``'s home page (kept until content changes); None without a site."""
    if site is None:
        return None
    from wagtail.models import Page

    from cms.cache import generation_memo

    return generation_memo(
        ("site-root-path", site.pk),
        lambda: Page.objects.filter(pk=site.root_page_id).values_list("path", flat=True).first() or "",
    )


def _article_hit_for(hit: ArticleHit, site) -> ArticleHit:
    """``hit`` linked relative to ``site`` when it is that commune's (indexed with its full address)."""
    if site is None or not hit.url.startswith(site.root_url + "/"):
        return hit
    return replace(hit, url=hit.url[len(site.root_url) :])


# Share of the query's groups an article must name (title, lead, tags or body).
ARTICLE_COVERAGE = 0.6


def procedure_suggest(text: str, *, limit: int = MAX_SUGGESTIONS, site=None) -> list[Suggestion]:
    """Return up to ``limit`` (at most 8) procedure titles for what has been typed so far; with
    ``site`` only those that commune carries out, at its address (issue #17)."""
    limit = max(1, min(limit, MAX_SUGGESTIONS))
    text = (text or "").strip()[:MAX_QUERY_LENGTH]
    if not text:
        return []
    exclude, catalogue = _commune(site)
    found = None
    remote = _elasticsearch()
    if remote is not None:
        try:
            found = remote.suggest(text, limit, exclude=exclude)
        except remote.unavailable as error:
            _fallback("suggest", error)
    if found is None:
        found = EmbeddedBackend().suggest(text, limit, exclude=exclude)
    if site is None:
        return found
    return [replace(s, url=commune_url(s.url, site=site, catalogue=catalogue)) for s in found]


def procedure_index_update(*, page) -> None:
    """Index one live procedure page (a ``cms.models.ProcedurePage``); unpublished pages are removed."""
    from search.documents import procedure_document

    if not page.live:
        procedure_index_remove(page_ids=[page.pk])
        return
    document = procedure_document(page)
    EmbeddedBackend().index([document])
    remote = _elasticsearch()
    if remote is not None:
        try:
            remote.index([document])
        except remote.unavailable as error:
            _fallback("indexing", error)


def procedure_index_remove(*, page_ids: Iterable[int]) -> None:
    """Remove pages from every index (ids that are not indexed are ignored)."""
    page_ids = list(page_ids)
    EmbeddedBackend().remove(page_ids)
    remote = _elasticsearch()
    if remote is not None:
        try:
            remote.remove(page_ids)
        except remote.unavailable as error:
            _fallback("removal", error)


def _on_cluster(action: str, call) -> None:
    """Run ``call(backend)`` against Elasticsearch when it is configured; log and go on if unreachable."""
    remote = _elasticsearch()
    if remote is None:
        return
    try:
        call(remote)
    except remote.unavailable as error:
        _fallback(action, error)


def article_index_update(*, page) -> None:
    """Index one article (a ``cms.models.ArticlePage``) in Elasticsearch; an unpublished one is removed.

    Articles live only in Elasticsearch: without a cluster the site's own article search is
    Wagtail's, so there is nothing to do.
    """
    from search.documents import article_document

    if not page.live:
        article_index_remove(page_ids=[page.pk])
        return
    document = article_document(page)
    _on_cluster("article indexing", lambda remote: remote.index_articles([document]))


def article_index_remove(*, page_ids: Iterable[int]) -> None:
    """Remove articles from Elasticsearch (ids that are not indexed are ignored)."""
    page_ids = list(page_ids)
    if page_ids:
        _on_cluster("article removal", lambda remote: remote.remove_articles(page_ids))


def article_index_rebuild() -> int:
    """Rebuild the Elasticsearch article index from the live articles; return how many (0 without a cluster)."""
    from cms.models import ArticlePage
    from search.documents import article_document

    if _elasticsearch() is None:
        return 0
    pages = ArticlePage.objects.live().select_related("owner").prefetch_related("tags").order_by("pk")
    documents = [article_document(page) for page in pages]
    counted: list[int] = []
    _on_cluster("article rebuild", lambda remote: counted.append(remote.rebuild_articles(documents)))
    return counted[0] if counted else 0


def _live_procedures():
    from cms.models import ProcedurePage

    return (
        ProcedurePage.objects.live()
        .select_related("sector")
        .prefetch_related("agencies", "audiences", "required_documents")
        .order_by("pk")
    )


def procedure_index_rebuild() -> int:
    """Rebuild every index from the live procedure pages; return how many were indexed.

    The embedded index is rebuilt in one transaction; Elasticsearch into a new index whose
    alias is swapped when it is complete, so searches never see a half-built index.
    """
    from django.db import transaction

    from search.documents import procedure_document

    documents = [procedure_document(page) for page in _live_procedures().iterator(chunk_size=200)]
    backend = EmbeddedBackend()
    with transaction.atomic():
        backend.clear()
        count = backend.index(documents)
    remote = _elasticsearch()
    if remote is not None:
        try:
            remote.rebuild(documents)
        except remote.unavailable as error:
            _fallback("rebuild", error)
    return count
