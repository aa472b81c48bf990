"""The search service's own rules (search/services.py) with stand-in backends, no search index.

What the service decides itself, apart from how a backend ranks: which backend answers
(Elasticsearch when configured and not failed in the last 30 s, the embedded one otherwise, a
warning naming the action), the limits of a request (200 characters, pages 1–1000, 1–50 per
page, 1–8 suggestions), a commune's addresses (issue #17), the suggestions of an empty result,
the agencies a commune's citizen deals with, the in-memory article search (title 3, body 1, at
least 0.6 of the groups) and where index writes go.
"""

import logging
from types import SimpleNamespace

import pytest

from search import services
from search.analysis import AnalyzedQuery, TermGroup, analyze_query
from search.types import ArticleHit, FacetValue, SearchFilters, SearchHit, SearchResults, Suggestion

SHARED = SimpleNamespace(shared=True, directory_path="/thu-tuc-hanh-chinh/", excluded=frozenset({5}))
B = SimpleNamespace(pk=2, root_url="http://hamthuanbac.test")
FELL_BACK = "Elasticsearch unreachable during {}, using the embedded backend: connection refused"


class Down(Exception):
    """What a stand-in cluster raises when it cannot be reached."""


class Remote:
    """A stand-in Elasticsearch backend that records its calls (and fails if told to)."""

    unavailable = (Down,)

    def __init__(self, *, fail=False, results=None, suggestions=(), articles=(), rebuilt=0):
        self.fail = fail
        self.calls = []
        self.results = results
        self.suggestions = list(suggestions)
        self.articles = list(articles)
        self.rebuilt = rebuilt

    def _call(self, name, *args, **kwargs):
        self.calls.append((name, args, kwargs))
        if self.fail:
            raise Down("connection refused")

    def search(self, analyzed, filters, page, page_size, *, exclude):
        self._call("search", analyzed, filters, page, page_size, exclude=exclude)
        return self.results

    def suggest(self, text, limit, *, exclude):
        self._call("suggest", text, limit, exclude=exclude)
        return self.suggestions

    def search_articles(self, analyzed, limit, *, site_id):
        self._call("search_articles", analyzed, limit, site_id=site_id)
        return self.articles

    def index(self, documents):
        self._call("index", list(documents))

    def remove(self, page_ids):
        self._call("remove", list(page_ids))

    def rebuild(self, documents):
        self._call("rebuild", list(documents))

    def index_articles(self, documents):
        self._call("index_articles", list(documents))

    def remove_articles(self, page_ids):
        self._call("remove_articles", list(page_ids))

    def rebuild_articles(self, documents):
        self._call("rebuild_articles", list(documents))
        return self.rebuilt


class Embedded:
    """A stand-in embedded backend: every instance writes to the class's ``calls``."""

    calls: list = []
    results = None
    suggestions: list = []
    facets: dict = {}

    def search(self, analyzed, filters, page, page_size, *, exclude):
        Embedded.calls.append(("search", (analyzed, filters, page, page_size), {"exclude": exclude}))
        return Embedded.results

    def suggest(self, text, limit, *, exclude):
        Embedded.calls.append(("suggest", (text, limit), {"exclude": exclude}))
        return Embedded.suggestions

    def index(self, documents):
        Embedded.calls.append(("index", (list(documents),), {}))
        return len(documents)

    def remove(self, page_ids):
        Embedded.calls.append(("remove", (list(page_ids),), {}))

    def clear(self):
        Embedded.calls.append(("clear", (), {}))

    def facet_values(self, name):
        assert name not in ("online", "postal"), "online and postal are checked by search.params"
        Embedded.calls.append(("facet_values", (name,), {}))
        return frozenset(Embedded.facets.get(name, ()))


@pytest.fixture
def embedded(monkeypatch):
    monkeypatch.setattr(Embedded, "calls", [])
    monkeypatch.setattr(Embedded, "results", results())
    monkeypatch.setattr(Embedded, "suggestions", [])
    monkeypatch.setattr(Embedded, "facets", {})
    monkeypatch.setattr(services, "EmbeddedBackend", Embedded)
    return Embedded


@pytest.fixture
def cluster(monkeypatch):
    """Install a stand-in cluster: ``cluster(fail=…, …)`` returns it; the retry window starts closed."""
    monkeypatch.setattr(services, "_cluster_down_until", 0.0)
    monkeypatch.setattr(services, "clock", lambda: 1000.0)

    def install(**kwargs):
        remote = Remote(**kwargs) if kwargs.get("remote", True) else None
        monkeypatch.setattr(services, "_elasticsearch", lambda: remote)
        return remote

    return install


def hit(page_id, url):
    return SearchHit(
        page_id=page_id,
        code=f"1.{page_id:06d}",
        title="t",
        url=url,
        sector="",
        snippet="",
        title_html="t",
        online_mode="none",
        postal_submission=False,
        postal_return=False,
    )


def results(total=0, hits=(), facets=None, query="q"):
    return SearchResults(query=query, total=total, page=1, page_size=10, hits=list(hits), facets=facets or {})


# --- which backend answers -------------------------------------------------------------------------


@pytest.fixture
def from_settings(monkeypatch, settings):
    from search.backends.elasticsearch import ElasticsearchBackend

    made = object()
    monkeypatch.setattr(ElasticsearchBackend, "from_settings", classmethod(lambda cls: made))
    monkeypatch.setattr(services, "_cluster_down_until", 0.0)
    now = [1000.0]
    monkeypatch.setattr(services, "clock", lambda: now[0])
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    return SimpleNamespace(made=made, now=now)


def test_without_a_cluster_url_the_embedded_backend_answers(from_settings, settings):
    settings.ELASTICSEARCH_URL = ""
    assert services._elasticsearch() is None


def test_a_configured_cluster_answers(from_settings):
    assert services._elasticsearch() is from_settings.made


def test_after_a_failure_the_cluster_is_left_alone_for_30_seconds(from_settings, caplog):
    with caplog.at_level(logging.WARNING, logger="search.services"):
        services._fallback("search", Down("connection refused"))
    assert services._cluster_down_until == 1030.0
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", "Elasticsearch unreachable during search, using the embedded backend: connection refused")
    ]
    from_settings.now[0] = 1029.9
    assert services._elasticsearch() is None
    from_settings.now[0] = 1030.0
    assert services._elasticsearch() is from_settings.made


def test_retry_now_forgets_the_failure(from_settings):
    services._fallback("search", Down("x"))
    services.elasticsearch_retry_now()
    assert services._cluster_down_until == 0.0
    assert services._elasticsearch() is from_settings.made


# --- a commune's addresses (issue #17) -------------------------------------------------------------


def test_without_a_site_nothing_is_excluded():
    assert services._commune(None) == (frozenset(), None)


def test_a_site_excludes_what_its_catalogue_leaves_out(monkeypatch):
    monkeypatch.setattr("cms.selectors.commune_catalogue", lambda site: SHARED if site is B else None)
    assert services._commune(B) == (frozenset({5}), SHARED)
    monkeypatch.setattr("cms.selectors.commune_catalogue", lambda site: None)
    assert services._commune(B) == (frozenset(), None)


@pytest.mark.parametrize(
    ("url", "site", "catalogue", "expected"),
    [
        ("http://localhost/thu-tuc/dang-ky-khai-sinh/", None, SHARED, "http://localhost/thu-tuc/dang-ky-khai-sinh/"),
        ("", B, SHARED, ""),
        # The shared catalogue's procedures below the commune's own directory, on its own host.
        ("http://localhost/thu-tuc/dang-ky-khai-sinh/", B, SHARED, "/thu-tuc-hanh-chinh/dang-ky-khai-sinh/"),
        ("http://localhost/thu-tuc/dang-ky-khai-sinh/?a=1", B, SHARED, "/thu-tuc-hanh-chinh/dang-ky-khai-sinh/"),
        ("/thu-tuc/dang-ky-ket-hon", B, SHARED, "/thu-tuc-hanh-chinh/dang-ky-ket-hon/"),
        ("http://localhost/thu-tuc/phu-luc-X/", B, SHARED, "/thu-tuc-hanh-chinh/phu-luc-X/"),
        # The commune's own page, indexed with its host: relative.
        ("http://hamthuanbac.test/thu-tuc/a/", B, None, "/thu-tuc/a/"),
        ("http://hamthuanbac.test/thu-tuc/a/", B, SimpleNamespace(shared=False), "/thu-tuc/a/"),
        ("http://hamthuanbac.test.example/thu-tuc/a/", B, None, "http://hamthuanbac.test.example/thu-tuc/a/"),
        ("http://localhost/thu-tuc/a/", B, None, "http://localhost/thu-tuc/a/"),
    ],
)
def test_commune_url(url, site, catalogue, expected):
    assert services.commune_url(url, site=site, catalogue=catalogue) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://hamthuanbac.test/tin-tuc/a/", "/tin-tuc/a/"),
        ("http://localhost/tin-tuc/a/", "http://localhost/tin-tuc/a/"),
        ("http://hamthuanbac.testx/tin-tuc/a/", "http://hamthuanbac.testx/tin-tuc/a/"),
    ],
)
def test_an_article_of_the_commune_is_linked_within_its_host(url, expected):
    article = ArticleHit(title="Tin", url=url, date="01/12/2026", lead="Mở đầu")
    assert services._article_hit_for(article, B) == ArticleHit(
        title="Tin", url=expected, date="01/12/2026", lead="Mở đầu"
    )
    assert services._article_hit_for(article, None) is article


# --- procedure_search -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"query": "a" * 201}, "Từ khóa quá dài (tối đa 200 ký tự)."),
        ({"query": "a", "page": 0}, "Số trang phải từ 1 đến 1000."),
        ({"query": "a", "page": 1001}, "Số trang phải từ 1 đến 1000."),
        ({"query": "a", "page_size": 0}, "Số kết quả mỗi trang phải từ 1 đến 50."),
        ({"query": "a", "page_size": 51}, "Số kết quả mỗi trang phải từ 1 đến 50."),
    ],
)
def test_a_request_out_of_range_is_refused(kwargs, message, embedded, cluster):
    cluster(remote=False)
    with pytest.raises(services.SearchError) as refused:
        services.procedure_search(**kwargs)
    assert str(refused.value) == message
    assert embedded.calls == []


def test_the_edges_of_a_request_are_accepted(embedded, cluster):
    cluster(remote=False)
    embedded.results = results(total=1, hits=[hit(1, "/a/")])
    services.procedure_search("  " + "a" * 200 + "  ", page=1000, page_size=50)
    services.procedure_search("a", page=1, page_size=1)
    assert [call[1][2:] for call in embedded.calls] == [(1000, 50), (1, 1)]
    assert embedded.calls[0][1][0] == analyze_query("a" * 200)


def test_without_a_cluster_the_embedded_backend_answers_with_empty_filters(embedded, cluster, monkeypatch):
    cluster(remote=False)
    monkeypatch.setattr(services, "_no_result_suggestions", lambda query, site=None: [])
    found = services.procedure_search(" khai sinh ", None, 2, page_size=5)
    assert found is embedded.results
    assert embedded.calls == [("search", (analyze_query("khai sinh"), SearchFilters(), 2, 5), {"exclude": frozenset()})]


def test_the_cluster_answers_when_it_is_up(embedded, cluster):
    remote = cluster(results=results(total=1, hits=[hit(1, "/a/")]))
    filters = SearchFilters(sector=("ho-tich",))
    found = services.procedure_search("khai sinh", filters)
    assert found is remote.results
    assert remote.calls == [("search", (analyze_query("khai sinh"), filters, 1, 10), {"exclude": frozenset()})]
    assert embedded.calls == []


def test_an_unreachable_cluster_falls_back_to_the_embedded_backend(embedded, cluster, caplog):
    embedded.results = results(total=1, hits=[hit(1, "/a/")])
    cluster(fail=True)
    with caplog.at_level(logging.WARNING, logger="search.services"):
        found = services.procedure_search("khai sinh")
    assert found is embedded.results
    assert services._cluster_down_until == 1030.0
    assert caplog.records[0].getMessage() == (
        "Elasticsearch unreachable during search, using the embedded backend: connection refused"
    )


def test_a_commune_searches_without_what_it_leaves_out_at_its_own_address(embedded, cluster, monkeypatch):
    cluster(remote=False)
    monkeypatch.setattr("cms.selectors.commune_catalogue", lambda site: SHARED)
    embedded.results = results(total=1, hits=[hit(1, "http://localhost/thu-tuc/dang-ky-khai-sinh/")])
    found = services.procedure_search("khai sinh", site=B)
    assert [h.url for h in found.hits] == ["/thu-tuc-hanh-chinh/dang-ky-khai-sinh/"]
    assert embedded.calls[0][2] == {"exclude": frozenset({5})}


def test_without_a_commune_the_addresses_are_kept(embedded, cluster):
    cluster(remote=False)
    embedded.results = results(total=1, hits=[hit(1, "http://localhost/thu-tuc/dang-ky-khai-sinh/")])
    found = services.procedure_search("khai sinh")
    assert [h.url for h in found.hits] == ["http://localhost/thu-tuc/dang-ky-khai-sinh/"]


def test_an_empty_result_suggests_titles_for_the_words(embedded, cluster, monkeypatch):
    cluster(remote=False)
    asked = []

    def suggestions(query, site=None):
        asked.append((query, site))
        return ["X"]

    monkeypatch.setattr(services, "_no_result_suggestions", suggestions)
    assert services.procedure_search(" khai sinhh ", site=None).suggestions == ["X"]
    assert asked == [("khai sinhh", None)]
    monkeypatch.setattr("cms.selectors.commune_catalogue", lambda site: None)
    services.procedure_search("khai sinhh", site=B)
    assert asked[-1] == ("khai sinhh", B)


def test_no_suggestions_for_a_filter_only_listing_or_a_result(embedded, cluster, monkeypatch):
    cluster(remote=False)
    monkeypatch.setattr(services, "_no_result_suggestions", lambda query, site=None: ["X"])
    assert services.procedure_search("", SearchFilters(sector=("ho-tich",))).suggestions == []
    embedded.results = results(total=1, hits=[hit(1, "/a/")])
    assert services.procedure_search("khai sinh").suggestions == []


def test_only_the_agencies_a_commune_deals_with_are_offered(embedded, cluster):
    cluster(remote=False)
    sector = [FacetValue("ho-tich", "Hộ tịch", 3)]
    embedded.results = results(
        total=3,
        hits=[hit(1, "/a/")],
        facets={
            "agency": [
                FacetValue("ubnd-xa", "Ủy ban nhân dân xã", 3),
                FacetValue("so-tu-phap", "Sở Tư pháp", 1),
                FacetValue("cong-an-xa", "Công an xã", 2),
            ],
            "sector": sector,
        },
    )
    found = services.procedure_search("khai sinh")
    assert [v.value for v in found.facets["agency"]] == ["ubnd-xa", "cong-an-xa"]
    assert found.facets["sector"] is sector


def test_the_time_taken_is_in_milliseconds_to_two_decimals(embedded, cluster, monkeypatch):
    cluster(remote=False)
    embedded.results = results(total=1, hits=[hit(1, "/a/")])
    ticks = iter([10.0, 10.0123456])
    monkeypatch.setattr(services.time, "perf_counter", lambda: next(ticks))
    assert services.procedure_search("khai sinh").took_ms == 12.35


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ủy ban nhân dân xã", True),
        ("UBND cấp xã", True),
        ("Chủ tịch UBND xã", True),
        ("Công an xã Hàm Liêm", True),
        ("Bộ phận Một cửa", True),
        ("Chi nhánh Văn phòng đăng ký đất đai", True),
        ("Chi cục Thuế cơ sở 3", True),
        ("Phòng Tư pháp cấp huyện", True),
        ("Công chức Tư pháp - Hộ tịch", True),
        ("Ủy ban nhân dân thị trấn", True),
        ("Sở Tư pháp Thành phố Hà Nội", False),
        ("Cục Thuế", False),
        ("Hội thi tranh", False),  # "thi tranh" is not "thị trấn": whole words only
        ("", False),
    ],
)
def test_agency_is_local(name, expected):
    assert services.agency_is_local(name) is expected


def test_filters_naming_no_indexed_value_are_reported(embedded):
    embedded.facets = {"sector": {"ho-tich", "chung-thuc"}, "agency": {"ubnd-xa"}, "audience": set()}
    filters = SearchFilters(sector=("ho-tich", "xyz", "abc"), agency=("ubnd-xa",), online=("bogus",), postal=("x",))
    assert services.search_filters_check(filters) == {"sector": (["xyz", "abc"], ["chung-thuc", "ho-tich"])}
    assert services.search_filters_check(SearchFilters(audience=("tre-em",))) == {"audience": (["tre-em"], [])}
    assert services.search_filters_check(SearchFilters(online=("bogus",))) == {}
    # online and postal are skipped, not the facets after them.
    assert services.search_filters_check(SearchFilters(online=("full",), audience=("tre-em",))) == {
        "audience": (["tre-em"], [])
    }


def test_no_result_suggestions_take_three_titles_for_each_of_the_first_four_words(monkeypatch):
    asked = []
    titles = {
        "a": ["T1", "T2", "T3"],
        "b": ["T2", "T4"],
        "c": ["T5", "T6"],
        "d": ["T7"],
        "e": ["T8"],
    }

    def suggest(word, *, limit, site):
        asked.append((word, limit, site))
        return [Suggestion(title=t, code="", url="") for t in titles[word]]

    monkeypatch.setattr(services, "procedure_suggest", suggest)
    assert services._no_result_suggestions("a b c d e", site=B) == ["T1", "T2", "T3", "T4", "T5"]
    assert asked == [("a", 3, B), ("b", 3, B), ("c", 3, B), ("d", 3, B)]


# --- procedure_suggest -----------------------------------------------------------------------------


@pytest.mark.parametrize(("limit", "expected"), [(0, 1), (-3, 1), (1, 1), (5, 5), (8, 8), (9, 8), (50, 8)])
def test_suggestions_are_one_to_eight(limit, expected, embedded, cluster):
    cluster(remote=False)
    services.procedure_suggest("khai", limit=limit)
    assert embedded.calls == [("suggest", ("khai", expected), {"exclude": frozenset()})]


def test_suggestions_default_to_eight_of_the_first_200_characters(embedded, cluster):
    cluster(remote=False)
    services.procedure_suggest("  " + "k" * 205)
    assert embedded.calls == [("suggest", ("k" * 200, 8), {"exclude": frozenset()})]


def test_nothing_typed_suggests_nothing(embedded, cluster):
    cluster(remote=False)
    assert services.procedure_suggest("   ") == []
    assert services.procedure_suggest(None) == []
    assert embedded.calls == []


def test_suggestions_from_the_cluster_and_its_fall_back(embedded, cluster, caplog):
    remote = cluster(suggestions=[Suggestion(title="A", code="1", url="/a/")])
    assert services.procedure_suggest("khai", limit=3) == [Suggestion(title="A", code="1", url="/a/")]
    assert remote.calls == [("suggest", ("khai", 3), {"exclude": frozenset()})]
    assert embedded.calls == []
    cluster(fail=True)
    embedded.suggestions = [Suggestion(title="B", code="2", url="/b/")]
    with caplog.at_level(logging.WARNING, logger="search.services"):
        assert services.procedure_suggest("khai", limit=3) == [Suggestion(title="B", code="2", url="/b/")]
    assert caplog.records[0].getMessage() == FELL_BACK.format("suggest")


def test_a_communes_suggestions_are_at_its_address(embedded, cluster, monkeypatch):
    cluster(remote=False)
    monkeypatch.setattr("cms.selectors.commune_catalogue", lambda site: SHARED)
    embedded.suggestions = [Suggestion(title="A", code="1", url="http://localhost/thu-tuc/a/")]
    assert services.procedure_suggest("khai", site=B) == [Suggestion(title="A", code="1", url="/thu-tuc-hanh-chinh/a/")]
    assert embedded.calls[0][2] == {"exclude": frozenset({5})}


# --- article_search (in memory without a cluster) --------------------------------------------------


def article(n, title, body="", path="00010001"):
    return (ArticleHit(title=f"Bài {n}", url=f"http://hamthuanbac.test/tin/{n}/"), f" {title} ", f" {body} ", path)


def analyzed(*groups, code=None):
    return AnalyzedQuery(
        text="",
        tokens=(),
        groups=tuple(TermGroup(alternatives=tuple(tuple(a.split()) for a in g)) for g in groups),
        code=code,
    )


@pytest.fixture
def articles(monkeypatch, cluster):
    cluster(remote=False)
    texts = []
    monkeypatch.setattr(services, "_article_texts_current", lambda: texts)
    monkeypatch.setattr(services, "_site_root_path", lambda site: None if site is None else "0001")
    asked = []

    def install(query):
        monkeypatch.setattr(services, "analyze_query", lambda text: asked.append(text) or query)

    return SimpleNamespace(texts=texts, install=install, asked=asked)


def test_articles_score_three_for_the_title_and_one_for_the_body(articles):
    articles.install(analyzed(["aa"], ["bb"], ["cc"]))
    articles.texts[:] = [
        article(1, "aa", body="zz"),  # 1 of 3 groups: left out
        article(2, "xx", body="aa bb cc"),  # 3
        article(3, "aa", body="bb"),  # 4, two thirds of the groups
        article(4, "aa bb cc"),  # 9
        article(5, "dd", body="aa bb"),  # 2
    ]
    assert [a.title for a in services.article_search("q", limit=10)] == ["Bài 4", "Bài 3", "Bài 2", "Bài 5"]
    assert [a.title for a in services.article_search("q", limit=2)] == ["Bài 4", "Bài 3"]
    assert [a.title for a in services.article_search("q")] == ["Bài 4", "Bài 3", "Bài 2"]


def test_an_article_must_name_six_tenths_of_the_groups(articles):
    articles.install(analyzed(["aa"], ["bb"], ["cc"], ["dd"], ["ee"]))
    articles.texts[:] = [article(1, "aa bb cc"), article(2, "aa bb"), article(3, "aa", body="bb")]
    assert [a.title for a in services.article_search("q")] == ["Bài 1"]


def test_a_title_counts_three_bodies(articles):
    articles.install(analyzed(["aa"], ["bb"], ["cc"], ["dd"], ["ee"]))
    # 1 + 1 + 1 + 1 + 1 = 3 + 1 + 1: equal, so the newer (listed first) stays first.
    articles.texts[:] = [article(1, "xx", body="aa bb cc dd ee"), article(2, "aa", body="bb cc")]
    assert [a.title for a in services.article_search("q")] == ["Bài 1", "Bài 2"]


def test_an_article_matches_any_alternative_as_whole_words(articles):
    articles.install(analyzed(["aa bb", "cc"]))
    articles.texts[:] = [article(1, "cc"), article(2, "aa xx bb"), article(3, "xx", body="aa bb")]
    assert [a.title for a in services.article_search("q")] == ["Bài 1", "Bài 3"]


def test_equal_articles_keep_their_order_newest_first(articles):
    articles.install(analyzed(["aa"]))
    articles.texts[:] = [article(1, "aa"), article(2, "aa"), article(3, "aa")]
    assert [a.title for a in services.article_search("q")] == ["Bài 1", "Bài 2", "Bài 3"]


def test_a_communes_article_search_keeps_its_own_articles_at_its_address(articles):
    articles.install(analyzed(["aa"]))
    articles.texts[:] = [article(1, "aa", path="00020001"), article(2, "aa", path="00010003")]
    assert services.article_search("q", site=B) == [ArticleHit(title="Bài 2", url="/tin/2/")]
    assert [a.title for a in services.article_search("q")] == ["Bài 1", "Bài 2"]


def test_an_article_query_is_cut_at_200_characters(articles):
    articles.install(analyzed(["aa"]))
    services.article_search("  " + "a" * 250)
    services.article_search(None)
    assert articles.asked == ["a" * 200, ""]


def test_a_query_with_nothing_to_look_for_finds_no_article(articles):
    articles.texts[:] = [article(1, "aa")]
    articles.install(analyzed())
    assert services.article_search("q") == []
    articles.install(analyzed(code="1.001193"))
    assert services.article_search("q") == []


def test_articles_come_from_the_cluster_when_it_is_up(articles, cluster, caplog):
    query = analyzed(["aa"])
    articles.install(query)
    articles.texts[:] = [article(9, "aa")]
    remote = cluster(articles=[ArticleHit(title="Bài 1", url="http://hamthuanbac.test/tin/1/")])
    assert services.article_search("q", limit=2, site=B) == [ArticleHit(title="Bài 1", url="/tin/1/")]
    assert services.article_search("q") == [ArticleHit(title="Bài 1", url="http://hamthuanbac.test/tin/1/")]
    assert remote.calls == [
        ("search_articles", (query, 2), {"site_id": 2}),
        ("search_articles", (query, 3), {"site_id": None}),
    ]
    cluster(fail=True)
    with caplog.at_level(logging.WARNING, logger="search.services"):
        assert [a.title for a in services.article_search("q")] == ["Bài 9"]
    assert caplog.records[0].getMessage() == FELL_BACK.format("article search")


def test_without_a_site_articles_have_no_root_path():
    assert services._site_root_path(None) is None


@pytest.mark.django_db
def test_a_site_without_a_home_page_has_an_empty_root_path():
    assert services._site_root_path(SimpleNamespace(pk=999, root_page_id=987654)) == ""


# --- index writes ---------------------------------------------------------------------------------


def test_a_live_procedure_is_indexed_in_both_backends(embedded, cluster, monkeypatch, caplog):
    monkeypatch.setattr("search.documents.procedure_document", lambda page: ("document", page.pk))
    remote = cluster()
    services.procedure_index_update(page=SimpleNamespace(pk=4, live=True))
    assert embedded.calls == [("index", ([("document", 4)],), {})]
    assert remote.calls == [("index", ([("document", 4)],), {})]
    cluster(fail=True)
    with caplog.at_level(logging.WARNING, logger="search.services"):
        services.procedure_index_update(page=SimpleNamespace(pk=4, live=True))
    assert caplog.records[0].getMessage() == FELL_BACK.format("indexing")
    assert len(embedded.calls) == 2


def test_an_unpublished_procedure_is_removed_from_both_backends(embedded, cluster):
    remote = cluster()
    services.procedure_index_update(page=SimpleNamespace(pk=4, live=False))
    assert embedded.calls == [("remove", ([4],), {})]
    assert remote.calls == [("remove", ([4],), {})]


def test_removal_reads_the_ids_once_for_both_backends(embedded, cluster, caplog):
    remote = cluster()
    services.procedure_index_remove(page_ids=iter([4, 5]))
    assert embedded.calls == [("remove", ([4, 5],), {})]
    assert remote.calls == [("remove", ([4, 5],), {})]
    cluster(fail=True)
    with caplog.at_level(logging.WARNING, logger="search.services"):
        services.procedure_index_remove(page_ids=[6])
    assert caplog.records[0].getMessage() == FELL_BACK.format("removal")
    assert embedded.calls[-1] == ("remove", ([6],), {})


def test_without_a_cluster_only_the_embedded_index_is_written(embedded, cluster):
    cluster(remote=False)
    services.procedure_index_remove(page_ids=[4])
    services.procedure_index_update(page=SimpleNamespace(pk=4, live=False))
    assert embedded.calls == [("remove", ([4],), {}), ("remove", ([4],), {})]


def test_articles_are_written_only_to_the_cluster(cluster, monkeypatch, caplog):
    monkeypatch.setattr("search.documents.article_document", lambda page: ("article", page.pk))
    remote = cluster()
    services.article_index_update(page=SimpleNamespace(pk=7, live=True))
    services.article_index_update(page=SimpleNamespace(pk=8, live=False))
    services.article_index_remove(page_ids=iter([9, 10]))
    services.article_index_remove(page_ids=[])
    assert remote.calls == [
        ("index_articles", ([("article", 7)],), {}),
        ("remove_articles", ([8],), {}),
        ("remove_articles", ([9, 10],), {}),
    ]
    cluster(fail=True)
    with caplog.at_level(logging.WARNING, logger="search.services"):
        services.article_index_update(page=SimpleNamespace(pk=7, live=True))
        services.article_index_remove(page_ids=[8])
    assert [r.getMessage() for r in caplog.records] == [
        FELL_BACK.format("article indexing"),
        FELL_BACK.format("article removal"),
    ]


def test_without_a_cluster_articles_are_not_written(cluster, monkeypatch):
    cluster(remote=False)
    monkeypatch.setattr("search.documents.article_document", lambda page: ("article", page.pk))
    services.article_index_update(page=SimpleNamespace(pk=7, live=True))
    services.article_index_remove(page_ids=[8])
    assert services.article_index_rebuild() == 0


@pytest.mark.django_db
def test_the_article_rebuild_counts_what_the_cluster_indexed(cluster, caplog, home):
    from tests import factories

    news = factories.article_index_make(home=home)
    first = factories.article_make(parent=news, title="Khai sinh", tags=["hộ tịch", "trẻ em"])
    second = factories.article_make(parent=news, title="Kết hôn")
    factories.article_make(parent=news, title="Bản nháp", publish=False)
    remote = cluster(rebuilt=7)
    assert services.article_index_rebuild() == 7
    [(name, (documents,), _)] = remote.calls
    assert name == "rebuild_articles"
    assert [(d.page_id, d.title, d.tags) for d in documents] == [
        (first.pk, "Khai sinh", ("hộ tịch", "trẻ em")),
        (second.pk, "Kết hôn", ()),
    ]
    cluster(fail=True)
    with caplog.at_level(logging.WARNING, logger="search.services"):
        assert services.article_index_rebuild() == 0
    assert caplog.records[0].getMessage() == FELL_BACK.format("article rebuild")


def test_the_procedure_rebuild_indexes_the_live_procedures_in_order(embedded, cluster, procedure_index):
    from tests import factories

    first = factories.procedure_make(parent=procedure_index, title="Đăng ký khai sinh")
    second = factories.procedure_make(parent=procedure_index, title="Đăng ký kết hôn")
    draft = factories.procedure_make(parent=procedure_index, title="Bản nháp")
    draft.unpublish()
    remote = cluster()
    assert services.procedure_index_rebuild() == 2
    [(name, (documents,), _)] = remote.calls
    assert name == "rebuild"
    assert [(d.page_id, d.title, d.sector) for d in documents] == [
        (first.pk, "Đăng ký khai sinh", "Hộ tịch"),
        (second.pk, "Đăng ký kết hôn", "Hộ tịch"),
    ]
    # (Publishing the pages wrote to the stand-in too: only the last two calls are the rebuild's.)
    assert embedded.calls[-2:] == [("clear", (), {}), ("index", (documents,), {})]


@pytest.mark.django_db
def test_the_procedure_rebuild_clears_the_embedded_index_and_rebuilds_the_cluster(
    embedded, cluster, monkeypatch, caplog
):
    pages = [SimpleNamespace(pk=1), SimpleNamespace(pk=2)]
    chunks = []

    def iterator(chunk_size):
        chunks.append(chunk_size)
        return iter(pages)

    monkeypatch.setattr(services, "_live_procedures", lambda: SimpleNamespace(iterator=iterator))
    monkeypatch.setattr("search.documents.procedure_document", lambda page: ("document", page.pk))
    remote = cluster()
    assert services.procedure_index_rebuild() == 2
    documents = [("document", 1), ("document", 2)]
    assert embedded.calls == [("clear", (), {}), ("index", (documents,), {})]
    assert remote.calls == [("rebuild", (documents,), {})]
    assert chunks == [200]
    cluster(fail=True)
    with caplog.at_level(logging.WARNING, logger="search.services"):
        assert services.procedure_index_rebuild() == 2
    assert caplog.records[0].getMessage() == FELL_BACK.format("rebuild")


# --- the articles' folded texts and a commune's tree (database) ------------------------------------


@pytest.mark.django_db
def test_article_texts_are_folded_newest_first_and_kept_until_an_article_changes(home, monkeypatch):
    import datetime

    from wagtail.rich_text import RichText

    from tests import factories

    monkeypatch.setattr(services, "_article_texts", {"key": None, "texts": []})
    news = factories.article_index_make(home=home)
    paragraph = [("paragraph", RichText("<p>" + "x" * 3999 + " yy</p>"))]
    # Made in another order than their dates: the newest date first, then the latest made.
    married = factories.article_make(
        parent=news, title="Kết hôn", slug="ket-hon", date=datetime.date(2026, 3, 1), lead="Lễ", body=paragraph
    )
    born = factories.article_make(
        parent=news, title="Đăng ký khai sinh", date=datetime.date(2026, 1, 2), lead="Mở đầu", tags=["hộ tịch", "trẻ"]
    )
    died = factories.article_make(parent=news, title="Khai tử", date=datetime.date(2026, 1, 2), lead="Tin")
    factories.article_make(parent=news, title="Bản nháp", publish=False)
    texts = services._article_texts_current()
    assert [(hit.title, hit.date, hit.lead, title) for hit, title, _, _ in texts] == [
        ("Kết hôn", "01/03/2026", "Lễ", " ket hon "),
        ("Khai tử", "02/01/2026", "Tin", " khai tu "),
        ("Đăng ký khai sinh", "02/01/2026", "Mở đầu", " dang ki khai sinh "),
    ]
    assert texts[0][0].url == married.get_url()
    assert texts[0][0].url.endswith("/ket-hon/")
    # The lead, no tags, the body's first 4,000 characters ("yy" is beyond), folded (blanks collapsed).
    assert texts[0][2] == " le " + "x" * 3999 + " "
    assert texts[2][2].startswith(" mo dau ho tich tre dich vu cong muc do 3 ")
    assert all(path.startswith(news.path) for _, _, _, path in texts)
    assert services._article_texts_current() is texts
    # One fewer live article, the latest publication unchanged: read again.
    born.unpublish()
    assert [hit.title for hit, _, _, _ in services._article_texts_current()] == ["Kết hôn", "Khai tử"]
    # The same number, a later publication: read again.
    died.title = "Khai tử (sửa)"
    died.save_revision().publish()
    assert [hit.title for hit, _, _, _ in services._article_texts_current()] == ["Kết hôn", "Khai tử (sửa)"]


@pytest.mark.django_db
def test_a_communes_articles_are_below_its_home_page(two_communes):
    from wagtail.models import Page

    root = Page.objects.get(pk=two_communes.b.root_page_id)
    assert services._site_root_path(two_communes.b) == root.path
    assert services._site_root_path(two_communes.a) != root.path


@pytest.mark.django_db
def test_rebuilds_read_the_pages_in_a_fixed_number_of_queries(
    embedded, cluster, procedure_index, home, django_user_model
):
    """Sectors, agencies, audiences, documents, owners and tags are read with the pages, not one page
    at a time: three pages cost what one costs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories

    cluster()
    news = factories.article_index_make(home=home)
    counts = []
    for added in (1, 2):
        for _ in range(added):
            factories.procedure_make(parent=procedure_index)
            editor = django_user_model.objects.create_user(username=f"editor{len(counts)}{_}", first_name="Lan")
            factories.article_make(parent=news, tags=["hộ tịch", "trẻ em"], owner=editor)
        with CaptureQueriesContext(connection) as procedures:
            services.procedure_index_rebuild()
        with CaptureQueriesContext(connection) as articles:
            services.article_index_rebuild()
        counts.append((len(procedures), len(articles)))
    assert counts[0] == counts[1]
