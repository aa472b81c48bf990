"""Search per commune (issue #17): the shared catalogue without what the commune does not carry out,
linked at its own address, and only its own articles; both backends.

Two communes (``two_communes``): ``a`` at localhost holds the catalogue, ``b`` xã Hàm Thuận Bắc at
hamthuanbac.test shares it and does not carry out "Đăng ký khai sinh lưu động".
"""

import pytest

from cms.models import ArticleIndexPage, LocalProcedure
from search.analysis import analyze_query
from search.backends.elasticsearch import (
    ArticleDocument,
    article_body,
    article_search_body,
    index_definition,
    search_body,
    suggest_body,
)
from search.documents import article_document
from search.services import article_search, procedure_search, procedure_suggest
from search.types import ArticleIndexDocument, SearchFilters
from tests import factories

B = "hamthuanbac.test"


@pytest.fixture
def communes(two_communes):
    """Two procedures of the shared catalogue; B does not carry out the mobile registration."""
    two_communes.kept = factories.procedure_make(title="Đăng ký khai sinh cho trẻ em", slug="dang-ky-khai-sinh-tre-em")
    two_communes.dropped = factories.procedure_make(
        title="Đăng ký khai sinh lưu động", slug="dang-ky-khai-sinh-luu-dong", online_mode="none"
    )
    LocalProcedure.objects.create(site=two_communes.b, procedure=two_communes.dropped, carried_out=False)
    return two_communes


def titles(results) -> set[str]:
    return {hit.title for hit in results.hits}


# -- embedded backend ----------------------------------------------------------------------------


def test_each_commune_searches_the_catalogue_without_what_it_does_not_carry_out(communes):
    on_a = procedure_search("khai sinh", site=communes.a)
    on_b = procedure_search("khai sinh", site=communes.b)

    assert {"Đăng ký khai sinh cho trẻ em", "Đăng ký khai sinh lưu động"} <= titles(on_a)
    assert "Đăng ký khai sinh cho trẻ em" in titles(on_b)
    assert "Đăng ký khai sinh lưu động" not in titles(on_b)
    assert on_b.total == on_a.total - 1


def test_facet_counts_leave_out_what_the_commune_does_not_carry_out(communes):
    on_a = procedure_search("khai sinh", site=communes.a)
    on_b = procedure_search("khai sinh", site=communes.b)

    online_a = {value.value: value.count for value in on_a.facets["online"]}
    online_b = {value.value: value.count for value in on_b.facets["online"]}
    assert online_a.get("none") == 1
    assert "none" not in online_b


def test_a_listing_by_filters_leaves_them_out_too(communes):
    on_b = procedure_search("", SearchFilters(online=("none",)), site=communes.b)
    on_a = procedure_search("", SearchFilters(online=("none",)), site=communes.a)

    assert titles(on_a) == {"Đăng ký khai sinh lưu động"}
    assert on_b.total == 0 and on_b.hits == []


def test_hits_link_within_the_commune_searched(communes):
    on_b = procedure_search("khai sinh cho trẻ em", site=communes.b)
    on_a = procedure_search("khai sinh cho trẻ em", site=communes.a)

    hit_b = next(hit for hit in on_b.hits if hit.code == communes.kept.code)
    hit_a = next(hit for hit in on_a.hits if hit.code == communes.kept.code)
    assert hit_b.url == "/thu-tuc-hanh-chinh/dang-ky-khai-sinh-tre-em/"
    assert hit_a.url == "/thu-tuc-hanh-chinh/dang-ky-khai-sinh-tre-em/"


def test_suggestions_leave_out_what_the_commune_does_not_carry_out(communes):
    on_b = [suggestion.title for suggestion in procedure_suggest("khai sinh lưu", site=communes.b)]
    on_a = [suggestion.title for suggestion in procedure_suggest("khai sinh lưu", site=communes.a)]

    assert "Đăng ký khai sinh lưu động" in on_a
    assert "Đăng ký khai sinh lưu động" not in on_b


def test_the_api_and_the_search_page_answer_for_the_requests_commune(client, communes):
    api_b = client.get("/api/search", {"q": "khai sinh"}, HTTP_HOST=B).json()
    api_a = client.get("/api/search", {"q": "khai sinh"}).json()
    suggest_b = client.get("/api/search/suggest", {"q": "khai sinh lưu"}, HTTP_HOST=B).json()
    page_b = client.get("/tra-cuu/", {"q": "khai sinh"}, HTTP_HOST=B).content.decode()

    assert "Đăng ký khai sinh lưu động" in {row["title"] for row in api_a["results"]}
    assert "Đăng ký khai sinh lưu động" not in {row["title"] for row in api_b["results"]}
    assert all(not row["url"].startswith("http://localhost") for row in api_b["results"])
    assert "Đăng ký khai sinh lưu động" not in {row["title"] for row in suggest_b["suggestions"]}
    assert "lưu động" not in page_b
    assert 'href="/thu-tuc-hanh-chinh/dang-ky-khai-sinh-tre-em/"' in page_b


@pytest.fixture
def articles(communes):
    news_b = ArticleIndexPage.objects.child_of(communes.b.root_page).get()
    communes.article_a = factories.article_make(
        parent=factories.article_index_make(), title="Hàm Liêm hướng dẫn đăng ký khai sinh trực tuyến"
    )
    communes.article_b = factories.article_make(
        parent=news_b, title="Hàm Thuận Bắc hướng dẫn đăng ký khai sinh trực tuyến", slug="htb-khai-sinh"
    )
    return communes


def test_each_commune_finds_its_own_articles_only(articles):
    on_a = [hit.title for hit in article_search("đăng ký khai sinh trực tuyến", site=articles.a)]
    on_b = article_search("đăng ký khai sinh trực tuyến", site=articles.b)

    assert on_a == ["Hàm Liêm hướng dẫn đăng ký khai sinh trực tuyến"]
    assert [hit.title for hit in on_b] == ["Hàm Thuận Bắc hướng dẫn đăng ký khai sinh trực tuyến"]
    assert on_b[0].url == "/tin-tuc/htb-khai-sinh/"


def test_without_a_commune_every_article_is_searched(articles):
    found = {hit.title for hit in article_search("đăng ký khai sinh trực tuyến")}

    assert found == {
        "Hàm Liêm hướng dẫn đăng ký khai sinh trực tuyến",
        "Hàm Thuận Bắc hướng dẫn đăng ký khai sinh trực tuyến",
    }


# -- Elasticsearch: the generated mapping and bodies ---------------------------------------------


def test_search_body_leaves_out_the_communes_procedures_by_id():
    body = search_body(analyze_query("đăng ký khai sinh"), SearchFilters(), 1, 10, exclude={42, 7})

    query = body["query"]["boosting"]["positive"]["bool"]
    assert query["must_not"] == [{"ids": {"values": ["7", "42"]}}]


def test_search_body_without_exclusions_has_no_must_not():
    body = search_body(analyze_query("đăng ký khai sinh"), SearchFilters(), 1, 10)

    assert "must_not" not in body["query"]["boosting"]["positive"]["bool"]


def test_a_listing_body_leaves_them_out_too():
    body = search_body(analyze_query(""), SearchFilters(online=("none",)), 1, 10, exclude=[3])

    assert body["query"]["bool"]["must_not"] == [{"ids": {"values": ["3"]}}]
    assert body["query"]["bool"]["filter"] == [{"terms": {"online": ["none"]}}]


def test_suggest_body_leaves_them_out():
    body = suggest_body("1.0011", 8, exclude=[9])

    assert body["query"] == {
        "bool": {"must": [{"prefix": {"code_key": "10011"}}], "must_not": [{"ids": {"values": ["9"]}}]}
    }
    assert suggest_body("1.0011", 8)["query"] == {"prefix": {"code_key": "10011"}}


def test_article_mapping_has_the_commune_field():
    mapping = index_definition("portal-test-articles-1", ArticleDocument).to_dict()

    assert mapping["mappings"]["properties"]["site_id"] == {"type": "integer"}


def test_article_body_and_query_carry_the_commune():
    document = ArticleIndexDocument(page_id=5, title="Tin", url="/tin-tuc/tin/", site_id=3)

    assert article_body(document)["site_id"] == 3
    body = article_search_body(analyze_query("khai sinh"), 3, site_id=3)
    assert body["query"]["bool"]["filter"] == [{"term": {"site_id": 3}}]
    assert body["query"]["bool"]["must"][0]["multi_match"]["query"] == "khai sinh"
    assert "bool" not in article_search_body(analyze_query("khai sinh"), 3)["query"]


def test_article_documents_name_the_commune_that_published_them(articles):
    assert article_document(articles.article_b).site_id == articles.b.pk
    assert article_document(articles.article_a).site_id == articles.a.pk
